package ecgpipe.convert;

import ecgpipe.common.PipelineException;
import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.ThreadsMixin;
import ecgpipe.common.cli.VerboseMixin;
import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
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
            "Converts every single-segment WFDB record in INPUT_DIR (header .hea, its signal",
            "files, and annotation files) into OUTPUT_DIR/<record>.h5 (layout: docs/hdf5-layout.md).",
            "Samples are stored as read, checked against the header's checksums and initial",
            "values. A rerun skips records whose output was made from the same input files",
            "(SHA-256); a failed record does not stop the others (exit code 3)."},
        footer = {"", "Examples:",
            "  convert raw/mitdb h5/mitdb --threads 4",
            "  convert raw/mitdb h5/mitdb --annotators atr,qrs --shard 2/4"})
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT_DIR", description = "Directory of WFDB records.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "Directory for the .h5 files (created if missing).")
    Path output;

    @Mixin
    ThreadsMixin threads;

    @Option(names = "--annotators", paramLabel = "EXT", split = ",", defaultValue = "atr",
            description = "Annotation file extensions to include when present (default: ${DEFAULT-VALUE}).")
    List<String> annotators;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Convert only every N-th record starting at the I-th (default: CI_NODE_INDEX/"
                    + "CI_NODE_TOTAL, else the Slurm array task, else all).")
    String shard;

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
        for (String a : annotators) {
            if (!a.matches("[A-Za-z0-9_]+")) {
                throw PipelineException.usage("--annotators takes file extensions such as atr,qrs; not '" + a + "'");
            }
        }
        Shard part = shard != null ? Shard.parse(shard) : Shard.fromEnvironment(env);
        return new ConvertRequest(input, output, n, force, dryRun, Arrays.asList(annotators.toArray(String[]::new)),
                part);
    }
}
