package ecgpipe.deploy;

import ecgpipe.common.PipelineException;
import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.VerboseMixin;
import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Command line of the deploy stage: parses options into a {@link DeployRequest} for {@link Deployer}. */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Deploys the dashboard to Heroku in five steps: assembles the app (dashboard.jar, data/*.h5 and "
                + "summary.json, Procfile, system.properties, README.md); rehearses it (boots the Procfile's web "
                + "command locally with PORT and JAVA_OPTS=-Xmx300m..., waits up to 60 s for /health, stops it "
                + "with SIGTERM and requires a clean exit within 30 s); prepares the app through the Heroku "
                + "Platform API (creates it if missing, buildpack heroku/jvm, config vars); pushes a new commit "
                + "on top of the app repository's main branch; and verifies the release (follows the build, "
                + "prints its output, waits for /health at the app's URL). The last line printed is the URL.",
            "The API key comes from HEROKU_API_KEY or --api-key-file, never from the command line, and is "
                + "never printed."},
        footerHeading = "%nIn this stage:%n",
        footer = {
            "  2  bad app name or prefix, app name taken, --app-dir holds files deploy did not make",
            " 65  app above Heroku's 500 MB slug limit (warns above 300 MB), the remote rejected the",
            "     push, or Heroku's build failed (the build log's last lines are shown)",
            " 66  no dashboard jar, no data directory, no *.h5 in it, or no API key file",
            " 69  rehearsal failed (boot, /health or clean stop; the app's last output is shown),",
            "     the release never answered /health, or git or the API is unreachable",
            " 75  API rate limit or server errors after retries, or main moved during the deploy",
            " 77  no API key, or the key was refused, or the app belongs to another account",
            "",
            "An anonymous app: --app-prefix ecg draws ecg-<6 random letters/digits> once and remembers it in",
            "--app-name-file (default $XDG_CONFIG_HOME/ecgpipe/heroku-app-name); later deploys reuse it.",
            "The key is sent only to the Platform API and to https://git.heroku.com (or a --git-url",
            "with --git-url-gets-api-key)."})
public class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseMixin verbose;

    /** Exactly one way to name the app. */
    static final class AppChoice {
        @Option(names = "--app", required = true, paramLabel = "NAME",
                description = "Heroku app name: 3-30 lowercase letters, digits, dashes; starts with a letter.")
        String name;

        @Option(names = "--app-prefix", required = true, paramLabel = "PREFIX",
                description = "Anonymous app: PREFIX-<random suffix>, drawn once and remembered in --app-name-file.")
        String prefix;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    AppChoice appChoice;

    @Option(names = "--app-name-file", paramLabel = "FILE",
            description = "Where --app-prefix remembers the drawn name (default: $XDG_CONFIG_HOME/ecgpipe/heroku-app-name,"
                    + " else ~/.config/ecgpipe/heroku-app-name). In CI, put it on storage that outlives the job.")
    Path appNameFile;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Results directory of the analyze stage (*.h5 and summary.json).")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Dataset name for the commit message (default: the --data directory's name).")
    String dataset;

    @Option(names = "--source-commit", paramLabel = "SHA",
            description = "Pipeline commit for the commit message (default: CI_COMMIT_SHA, else HEAD of the repository here).")
    String sourceCommit;

    /** Rehearse by default before a real push; --rehearse asks for it in a dry run too. */
    static final class RehearseChoice {
        @Option(names = "--rehearse", description = "Rehearse even in a --dry-run (a real deploy always rehearses).")
        boolean rehearse;

        @Option(names = "--no-rehearse", description = "Push without rehearsing first.")
        boolean noRehearse;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    RehearseChoice rehearseChoice;

    @Option(names = "--force", description = "Push a parentless commit that replaces the app repository's history.")
    boolean force;

    @Option(names = "--dry-run",
            description = "Assemble (and rehearse with --rehearse), then print every step, file and size, and the"
                    + " API calls and push it would make; call and push nothing.")
    boolean dryRun;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "File holding the Heroku API key (default: the HEROKU_API_KEY environment variable).")
    Path apiKeyFile;

    /** Only here to refuse it with a useful message instead of echoing the key in an "unknown option" error. */
    @Option(names = {"--api-key", "--key"}, hidden = true, arity = "0..1")
    String apiKeyOnCommandLine;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "us",
            description = "Region of a new app: us or eu (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--stack", paramLabel = "STACK", defaultValue = "heroku-24",
            description = "Stack of a new app (default: ${DEFAULT-VALUE}).")
    String stack;

    @Option(names = "--config-var", paramLabel = "KEY=VALUE",
            description = "A config var to set on the app (repeatable); JAVA_OPTS is set to the rehearsed value.")
    Map<String, String> configVars = new LinkedHashMap<>();

    @Option(names = "--no-verify", description = "Do not follow the build or wait for the release's /health.")
    boolean noVerify;

    @Option(names = "--build-timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "How long to wait for Heroku's build (default: ${DEFAULT-VALUE}).")
    long buildTimeoutSeconds;

    @Option(names = "--health-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for the release's /health (default: ${DEFAULT-VALUE}).")
    long healthTimeoutSeconds;

    @Option(names = "--dashboard-jar", paramLabel = "PATH",
            description = "Dashboard fat jar (default: dashboard/target/dashboard.jar here, or next to this jar's module).")
    Path dashboardJar;

    @Option(names = "--app-dir", paramLabel = "DIR", defaultValue = "target/heroku-app",
            description = "Where to assemble the app; replaced on every deploy (default: ${DEFAULT-VALUE}).")
    Path appDir;

    @Option(names = "--git-url", paramLabel = "URL",
            description = "Where to push (default: https://git.heroku.com/NAME.git). Without --api-url, a plain git"
                    + " server: no Platform API calls.")
    String gitUrl;

    @Option(names = "--git-url-gets-api-key", hidden = true,
            description = "Offer the API key to an http(s) --git-url as Heroku's git does (a stand-in or proxy).")
    boolean gitUrlGetsKey;

    @Option(names = "--api-url", paramLabel = "URL", hidden = true,
            description = "Platform API base URL (default: https://api.heroku.com); for a stand-in in tests.")
    URI apiUrl;

    @Option(names = "--web-url", paramLabel = "URL", hidden = true,
            description = "Where the released app answers (default: the app's web_url).")
    String webUrl;

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
        if (apiKeyOnCommandLine != null) {
            throw PipelineException.usage("the API key is never taken from the command line (other users see it in"
                    + " 'ps', shells keep it in their history): set " + HerokuCredentials.API_KEY_VARIABLE
                    + " or use --api-key-file");
        }
        if (buildTimeoutSeconds <= 0 || healthTimeoutSeconds <= 0) {
            throw PipelineException.usage("--build-timeout and --health-timeout must be positive");
        }
        boolean rehearse = rehearseChoice == null ? !dryRun : rehearseChoice.rehearse || !rehearseChoice.noRehearse && !dryRun;
        DeployRequest request = new DeployRequest(Optional.ofNullable(appChoice.name),
                Optional.ofNullable(appChoice.prefix), Optional.ofNullable(appNameFile), data,
                Optional.ofNullable(dataset), Optional.ofNullable(sourceCommit), Optional.ofNullable(gitUrl),
                gitUrlGetsKey, Optional.ofNullable(apiUrl), Optional.ofNullable(webUrl), rehearse,
                Optional.ofNullable(dashboardJar), appDir, dryRun, force, Optional.ofNullable(apiKeyFile), region,
                stack, configVars, !noVerify, Duration.ofSeconds(buildTimeoutSeconds),
                Duration.ofSeconds(healthTimeoutSeconds));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        deployers.get().run(request, out, err);
        return 0;
    }
}
