package ecgpipe.demo;

import ecgpipe.common.ExitCode;
import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The demo jar: not a pipeline stage, but the synthetic data and the S3 server behind {@code ./pipeline demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {GenerateCommand.class, S3ServeCommand.class},
        description = "Tools behind ./pipeline demo: generate synthetic WFDB records, serve a directory over S3.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Cli.main(new DemoCommand(), args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
