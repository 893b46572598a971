package ecgpipe.deploy;

import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.VerboseMixin;
import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Command line of the deploy stage: parses options into a {@link DeployRequest} for {@link Deployer}. */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Assembles the dashboard as a Heroku app (dashboard.jar, data/*.h5 and summary.json, Procfile, "
                + "system.properties, README.md), optionally boots it locally from its Procfile, and "
                + "force-pushes it as a single commit on branch main. The last line printed is the app's URL."},
        footerHeading = "%nIn this stage:%n",
        footer = {
            "  2  bad app name, or --app-dir holds files deploy did not make",
            " 65  app above Heroku's 500 MB slug limit (warns above 300 MB),",
            "     or the remote rejected the push (its message is shown)",
            " 66  no dashboard jar, no data directory, or no *.h5 in it",
            " 69  rehearsal failed (the app's last output is shown),",
            "     or the git URL is unreachable",
            " 77  HEROKU_API_KEY unset for git.heroku.com, or credentials refused",
            "",
            "HEROKU_API_KEY is sent only to https://git.heroku.com."})
public class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseMixin verbose;

    @Option(names = "--app", required = true, paramLabel = "NAME",
            description = "Heroku app name: 3-30 lowercase letters, digits, dashes; starts with a letter.")
    String app;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Results directory of the analyze stage (*.h5 and summary.json).")
    Path data;

    @Option(names = "--git-url", paramLabel = "URL",
            description = "Where to push (default: https://git.heroku.com/NAME.git, with HEROKU_API_KEY).")
    String gitUrl;

    @Option(names = "--rehearse",
            description = "Before pushing, boot the Procfile's web command locally and wait (up to 60 s) for /health.")
    boolean rehearse;

    @Option(names = "--dashboard-jar", paramLabel = "PATH",
            description = "Dashboard fat jar (default: dashboard/target/dashboard.jar here, or next to this jar's module).")
    Path dashboardJar;

    @Option(names = "--app-dir", paramLabel = "DIR", defaultValue = "target/heroku-app",
            description = "Where to assemble the app; replaced on every deploy (default: ${DEFAULT-VALUE}).")
    Path appDir;

    @Option(names = "--dry-run", description = "Assemble (and rehearse if asked), print the plan, push nothing.")
    boolean dryRun;

    private final Supplier<Deployer> deployers;

    public DeployCommand() {
        this(Deployer::new);
    }

    /** Tests hand in a deployer with their own environment, limits and working directory. */
    DeployCommand(Supplier<Deployer> deployers) {
        this.deployers = deployers;
    }

    public static void main(String[] a) {
        Cli.main(new DeployCommand(), a);
    }

    @Override
    public Integer call() {
        DeployRequest request = new DeployRequest(app, data, Optional.ofNullable(gitUrl), rehearse,
                Optional.ofNullable(dashboardJar), appDir, dryRun);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        deployers.get().run(request, out, err);
        return 0;
    }
}
