package ecgpipe.demo;

import ecgpipe.common.ExitCode;
import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Placeholder entry point of the demo jar so serve-s3 can run; the lead replaces it with the full one. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {S3ServeCommand.class},
        description = "Tools behind ./pipeline demo.")
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
