package ecgpipe.analyze;

import ecgpipe.common.PipelineException;
import ecgpipe.common.cli.Cli;
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
        description = "Detects QRS complexes (Elgendi 2013) in every record file of INPUT_DIR, computes RR "
                + "intervals, heart rate and time-domain HRV, scores the detections against the reference beat "
                + "annotations (annotations/atr) as WFDB bxb does (150 ms window, from 5:00), and writes "
                + "OUTPUT_DIR/<record>.h5 and OUTPUT_DIR/summary.json. Up-to-date results are skipped unless --force.")
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT_DIR", description = "Directory of record files (<record>.h5 from convert).")
    Path inputDir;

    @Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "Directory for results files and summary.json.")
    Path outputDir;

    @Mixin
    ThreadsMixin threads;

    @Option(names = "--channel", paramLabel = "K", defaultValue = "0",
            description = "Signal index to detect beats on (default: ${DEFAULT-VALUE}, the first ECG lead).")
    int channel;

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
        if (channel < 0) {
            throw PipelineException.usage("--channel must be 0 or more, got " + channel);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnalyzeRequest request = new AnalyzeRequest(inputDir, outputDir, n, channel, force, dryRun);
        return new Analyzer(out, err).run(request).exitCode();
    }
}
