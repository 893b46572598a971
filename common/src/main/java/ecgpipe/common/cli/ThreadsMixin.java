package ecgpipe.common.cli;

import ecgpipe.common.Parallelism;
import ecgpipe.common.PipelineException;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --threads N}, spelled and defaulted the same in every CPU-bound stage. */
public class ThreadsMixin {
    @Option(names = "--threads", paramLabel = "N",
            description = "Records processed at once (default: SLURM_CPUS_PER_TASK, else the number of processors).")
    Integer threads;

    /** The thread count: the option when given, else from this process's environment. */
    public int threads() {
        return threads(System.getenv());
    }

    /**
     * The option when given (at least 1, else a usage error), else {@link Parallelism#defaultThreads} of
     * {@code env}.
     */
    public int threads(Map<String, String> env) {
        if (threads == null) {
            return Parallelism.defaultThreads(env);
        }
        if (threads < 1) {
            throw PipelineException.usage("--threads must be at least 1, not " + threads);
        }
        return threads;
    }
}
