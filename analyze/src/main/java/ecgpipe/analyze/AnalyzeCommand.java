package ecgpipe.analyze;

import ecgpipe.common.PipelineException;
import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.ShardMixin;
import ecgpipe.common.cli.ThreadsMixin;
import ecgpipe.common.cli.VerboseMixin;
import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code analyze INPUT_DIR OUTPUT_DIR}: parses the command line into an {@link AnalyzeRequest}. */
@Command(name = "analyze", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Detects QRS complexes (Elgendi 2013 with local thresholds and search-back) in every record "
                + "file of INPUT_DIR, computes RR intervals, instantaneous and smoothed heart rate, time- and "
                + "frequency-domain HRV (Lomb-Scargle), beat morphology (PCA, outliers, classes), scores the "
                + "detections against the reference beat annotations (annotations/atr) as WFDB bxb does (150 ms "
                + "window, from 5:00), and writes OUTPUT_DIR/<record>.h5 and OUTPUT_DIR/summary.json. Up-to-date "
                + "results are skipped unless --force. A record that cannot be analyzed (too short, flat, no valid "
                + "sample, no ECG lead) fails alone with exit code 65; the others are still analyzed (exit 3).")
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT_DIR", description = "Directory of record files (<record>.h5 from convert).")
    Path inputDir;

    @Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "Directory for results files and summary.json.")
    Path outputDir;

    @Mixin
    ThreadsMixin threads;

    @Option(names = "--channel", paramLabel = "K",
            description = "Signal index to detect beats on (default: the first signal whose name is an ECG lead,"
                    + " e.g. MLII, V1, II, ECG; signal 0 when the record names none).")
    Integer channel;

    @Mixin
    ShardMixin shard;

    @Option(names = "--force", description = "Rewrite results even when they are up to date.")
    boolean force;

    @Option(names = "--dry-run", description = "Validate inputs and print the plan; write nothing.")
    boolean dryRun;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Cli.main(new AnalyzeCommand(), args);
    }

    @Override
    public Integer call() {
        int n = threads.threads();
        if (channel != null && channel < 0) {
            throw PipelineException.usage("--channel must be 0 or more, got " + channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnalyzeRequest request = new AnalyzeRequest(inputDir, outputDir, n, channel,
                shard.shard(System.getenv()), force, dryRun);
        return new Analyzer(out, err).run(request).exitCode();
    }
}
