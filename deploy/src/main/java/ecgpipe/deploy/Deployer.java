package ecgpipe.deploy;

import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The deploy stage: assemble the Heroku app, optionally rehearse its boot, then push it. Each step can
 * fail on its own terms before the next one costs anything: the name and the API key are checked first,
 * the size before copying, the boot before pushing.
 */
final class Deployer {
    private final Map<String, String> env;
    private final SlugLimit slugLimit;
    private final Duration bootTimeout;
    private final Path workingDir;
    private final Optional<Path> ownJar;

    Deployer() {
        this(System.getenv(), SlugLimit.HEROKU, Rehearsal.HEROKU_BOOT_TIMEOUT, Path.of("").toAbsolutePath(),
                DashboardJar.ownJar());
    }

    /** Tests set the environment, a small slug limit and a short boot timeout here. */
    Deployer(Map<String, String> env, SlugLimit slugLimit, Duration bootTimeout, Path workingDir,
             Optional<Path> ownJar) {
        this.env = Map.copyOf(env);
        this.slugLimit = slugLimit;
        this.bootTimeout = bootTimeout;
        this.workingDir = workingDir;
        this.ownJar = ownJar;
    }

    /**
     * Runs the deploy; progress goes to {@code out}, warnings and the app's output after a failed
     * rehearsal to {@code err}. The last line on {@code out} is the app's URL.
     */
    Deployment run(DeployRequest request, PrintWriter out, PrintWriter err) {
        AppName app = new AppName(request.appName());
        String gitUrl = request.gitUrl().map(this::resolveLocalPath).orElse(app.herokuGitUrl());
        HerokuCredentials credentials = HerokuCredentials.fromEnvironment(env);
        if (!request.dryRun()) {
            credentials.requireKeyFor(gitUrl);
        }
        Path jar = DashboardJar.locate(request.dashboardJar().map(workingDir::resolve).orElse(null), workingDir, ownJar);
        Path appDir = workingDir.resolve(request.appDir());
        String version = VersionProvider.version();

        AssembledApp assembled = new AppAssembler(slugLimit).assemble(jar, workingDir.resolve(request.dataDir()),
                appDir, version, warning -> warn(err, warning));
        out.printf("assembled %s: %d files, %s, %d record(s), data %s%n", assembled.dir(), assembled.files().size(),
                SlugLimit.megabytes(assembled.totalBytes()), assembled.records(), assembled.dataDigest());
        out.flush();

        Optional<Rehearsal.Result> rehearsal = Optional.empty();
        if (request.rehearse()) {
            Rehearsal.Result r = new Rehearsal(bootTimeout).run(assembled.dir(), lines -> {
                err.println("last lines of the app's output:");
                lines.forEach(l -> err.println("  | " + l));
                err.flush();
            });
            out.printf("rehearsal: /health answered 200 after %.1f s (web process on port %d, stopped)%n",
                    r.bootTime().toMillis() / 1000.0, r.port());
            rehearsal = Optional.of(r);
        }

        String message = commitMessage(app, version, assembled);
        String shownUrl = HerokuCredentials.displayable(gitUrl);
        Optional<String> commit = Optional.empty();
        if (request.dryRun()) {
            printPlan(out, assembled, shownUrl, message);
        } else {
            AppPublisher.Published p = new AppPublisher().publish(assembled, gitUrl, credentials.forUrl(gitUrl),
                    message, line -> {
                        out.println("remote: " + line);
                        out.flush();
                    });
            out.printf("pushed %s to %s (branch %s, forced)%n", p.commit().abbreviate(10).name(), shownUrl,
                    AppPublisher.BRANCH);
            commit = Optional.of(p.commit().name());
        }
        out.println(app.webUrl());
        out.flush();
        return new Deployment(assembled, app.webUrl(), rehearsal, commit);
    }

    /**
     * A git URL without a scheme or host part is a local path. JGit would resolve a relative one against
     * the temporary repository it pushes from, so make it absolute against the working directory.
     */
    private String resolveLocalPath(String gitUrl) {
        if (gitUrl.contains(":")) {
            return gitUrl;
        }
        return workingDir.resolve(gitUrl).toAbsolutePath().normalize().toString();
    }

    static String commitMessage(AppName app, String version, AssembledApp assembled) {
        return "Deploy ecgpipe " + version + ": " + assembled.records() + " record(s), data sha256:"
                + assembled.shortDigest() + "\n\n"
                + "App: " + app + "\n"
                + "Pipeline version: " + version + "\n"
                + "Data digest: " + assembled.dataDigest() + "\n";
    }

    private static void printPlan(PrintWriter out, AssembledApp assembled, String gitUrl, String message) {
        out.println("dry run: nothing pushed. The push would be:");
        out.printf("  to:     %s (branch %s, forced)%n", gitUrl, AppPublisher.BRANCH);
        out.printf("  commit: %s%n", message.lines().findFirst().orElse(""));
        for (AssembledApp.AppFile f : assembled.files()) {
            out.printf("  %12d  %s%n", f.bytes(), f.path());
        }
    }

    private static void warn(PrintWriter err, String warning) {
        err.println("deploy: warning: " + warning);
        err.flush();
    }
}
