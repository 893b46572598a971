package ecgpipe.common.cli;

import ecgpipe.common.Shard;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --shard I/N}, spelled the same in every stage that works record by record, so a Slurm array or a
 * GitLab {@code parallel:} job splits a data set with no coordination.
 */
public class ShardMixin {
    @Option(names = "--shard", paramLabel = "I/N",
            description = "Process only every N-th record starting at the I-th (default: CI_NODE_INDEX/"
                    + "CI_NODE_TOTAL, else the Slurm array task, else all).")
    String shard;

    /** The shard given, else the one the CI or Slurm variables in {@code env} describe. */
    public Shard shard(Map<String, String> env) {
        return shard != null ? Shard.parse(shard) : Shard.fromEnvironment(env);
    }
}
