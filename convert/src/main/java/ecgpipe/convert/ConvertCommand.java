package ecgpipe.convert;

import ecgpipe.common.PipelineException;
import ecgpipe.common.Shard;
import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.ShardMixin;
import ecgpipe.common.cli.ThreadsMixin;
import ecgpipe.common.cli.VerboseMixin;
import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Stage 2 on the command line: parses the options into a {@link ConvertRequest} and runs the {@link Converter}. */
@Command(name = "convert", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Converts every WFDB record in INPUT_DIR (header .hea, its signal files, and its",
            "annotation files) into OUTPUT_DIR/<record>.h5 (layout: docs/hdf5-layout.md).",
            "Multi-segment records become one continuous record (their segment headers are",
            "not converted on their own). Samples are stored as read, checked against the",
            "header's checksums, initial values and length. A rerun skips records whose",
            "output was made from the same input files (SHA-256); a failed record does not",
            "stop the others (exit code 3). Storage formats 8, 16, 24, 32, 61, 80, 160, 212,",
            "310, 311; the FLAC formats 508, 516 and 524 are refused (exit code 65)."},
        footer = {"", "Examples:",
            "  convert raw/mitdb h5/mitdb --threads 4",
            "  convert raw/mitdb h5/mitdb --annotators atr,qrs --shard 2/4",
            "  convert raw/mimic h5/mimic --deflate 4 --no-verify"})
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT_DIR", description = "Directory of WFDB records.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "Directory for the .h5 files (created if missing).")
    Path output;

    @Mixin
    ThreadsMixin threads;

    @Option(names = "--annotators", paramLabel = "EXT", split = ",",
            description = "Annotation file extensions to include when present (default: every annotation file"
                    + " <record>.<ext> next to the header).")
    List<String> annotators;

    @Option(names = "--no-verify", description = "Convert even when checksums, initial values or signal file"
            + " lengths disagree with the header (default: such a record fails with exit code 65).")
    boolean noVerify;

    @Option(names = "--deflate", paramLabel = "LEVEL", defaultValue = "0",
            description = "0: contiguous signal datasets (fastest, memory-mappable); 1-9: chunked, shuffled and"
                    + " deflated at that level (smaller, slower). Default: ${DEFAULT-VALUE}.")
    int deflate;

    @Mixin
    ShardMixin shard;

    @Option(names = "--force", description = "Convert records even when their output is up to date.")
    boolean force;

    @Option(names = "--dry-run", description = "List what would be converted; write nothing.")
    boolean dryRun;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Cli.main(new ConvertCommand(), args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConversionSummary summary = new Converter(out, err, "convert " + VersionProvider.version()).run(request());
        out.println(summary.line());
        out.flush();
        return summary.exitCode();
    }

    ConvertRequest request() {
        Map<String, String> env = System.getenv();
        int n = threads.threads(env);
        List<String> exts = annotators == null ? List.of() : annotators;
        for (String a : exts) {
            if (!a.matches("[A-Za-z0-9_]+")) {
                throw PipelineException.usage("--annotators takes file extensions such as atr,qrs; not '" + a + "'");
            }
        }
        Shard part = shard.shard(env);
        if (deflate < 0 || deflate > 9) {
            throw PipelineException.usage("--deflate takes a level from 0 to 9, not " + deflate);
        }
        return new ConvertRequest(input, output, n, force, dryRun, exts, part, !noVerify, deflate);
    }
}
