package ecgpipe.demo;

import ecgpipe.common.ExitCode;
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

/** {@code demo generate DIR}: writes synthetic WFDB records for the demo and for trying the stages. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes synthetic ECG records (McSharry et al. 2003 model) as WFDB records shaped like "
                + "MIT-BIH ones: <name>.hea, <name>.dat (format 212, two leads) and <name>.atr with the true "
                + "beats. Records already complete in DIR are kept."})
public final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Output directory (created if missing).")
    Path dir;

    @Option(names = "--records", defaultValue = "4", description = "How many records (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--minutes", defaultValue = "10", description = "Length of each record (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--fs", defaultValue = "360", description = "Sampling frequency, Hz (default: ${DEFAULT-VALUE}).")
    double fs;

    @Option(names = "--seed", defaultValue = "2003", description = "Seed; the same seed gives the same records.")
    long seed;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SyntheticDataset.Request request = new SyntheticDataset.Request(dir, records, minutes * 60, fs, seed);
        SyntheticDataset.Result result = SyntheticDataset.write(request);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("generated %d synthetic records (%d kept) in %s%n", result.written(), result.kept(), dir);
        out.flush();
        return ExitCode.OK;
    }
}
