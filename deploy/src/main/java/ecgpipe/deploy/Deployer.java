package ecgpipe.deploy;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The deploy stage: assemble the Heroku app, rehearse its boot, prepare the app through the Platform API,
 * push it, and verify the release. Each step can fail on its own terms before the next one costs
 * anything: the name and the API key are checked first, the size before copying, the boot before any
 * call to Heroku, the app before the push.
 */
final class Deployer {
    /** Heroku's JVM buildpack: its detect step accepts any app; heroku/java would run Maven on a pom.xml. */
    static final String BUILDPACK = "heroku/jvm";
    static final int NAME_DRAWS = 5;
    static final Duration DEFAULT_BUILD_TIMEOUT = Duration.ofMinutes(15);
    static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(180);

    private final Map<String, String> env;
    private final SlugLimit slugLimit;
    private final Duration bootTimeout;
    private final Duration stopTimeout;
    private final Path workingDir;
    private final Optional<Path> ownJar;
    private final HerokuApi.Sleeper sleeper;
    private final Duration pollInterval;

    Deployer() {
        this(System.getenv(), SlugLimit.HEROKU, Rehearsal.HEROKU_BOOT_TIMEOUT, Rehearsal.HEROKU_STOP_TIMEOUT,
                Path.of("").toAbsolutePath(), DashboardJar.ownJar(), d -> Thread.sleep(d.toMillis()),
                Duration.ofSeconds(2));
    }

    /** Tests set the environment, limits, short timeouts and a recording sleeper here. */
    Deployer(Map<String, String> env, SlugLimit slugLimit, Duration bootTimeout, Duration stopTimeout,
             Path workingDir, Optional<Path> ownJar, HerokuApi.Sleeper sleeper, Duration pollInterval) {
        this.env = Map.copyOf(env);
        this.slugLimit = slugLimit;
        this.bootTimeout = bootTimeout;
        this.stopTimeout = stopTimeout;
        this.workingDir = workingDir;
        this.ownJar = ownJar;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
    }

    /**
     * Runs the deploy; progress goes to {@code out}, warnings and the app's or build's output after a
     * failure to {@code err}. The last line on {@code out} is the app's URL. Neither stream, nor the
     * message of a failure, ever shows the API key.
     */
    Deployment run(DeployRequest request, PrintWriter rawOut, PrintWriter rawErr) {
        List<String> early = new ArrayList<>();
        HerokuCredentials credentials = HerokuCredentials.load(env, request.apiKeyFile().map(workingDir::resolve),
                early::add);
        PrintWriter out = MaskingWriter.wrap(rawOut, credentials::mask);
        PrintWriter err = MaskingWriter.wrap(rawErr, credentials::mask);
        early.forEach(w -> warn(err, w));
        try {
            return deploy(request, credentials, out, err);
        } catch (RuntimeException e) {
            throw masked(e, credentials);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private Deployment deploy(DeployRequest request, HerokuCredentials credentials, PrintWriter out, PrintWriter err) {
        // 0. Everything that can be refused without a network call or a copy.
        Optional<AnonymousAppName> anonymous = request.appPrefix().map(p -> new AnonymousAppName(p,
                request.appNameFile().map(workingDir::resolve).orElse(AnonymousAppName.defaultFile(env))));
        Optional<AppName> explicit = request.appName().map(AppName::new);
        AppName app = explicit.orElseGet(() -> anonymous.orElseThrow().remembered()
                .orElseGet(() -> anonymous.get().draw()));
        boolean usesApi = request.usesPlatformApi();
        URI apiBase = request.apiUrl().orElse(HerokuApi.DEFAULT_BASE);
        String gitUrl = request.gitUrl().map(this::resolveLocalPath).orElse(app.herokuGitUrl());
        if (usesApi) {
            HerokuCredentials.requireSafeForKey("--api-url", apiBase);
        }
        if (request.gitUrlGetsKey()) {
            HerokuCredentials.requireSafeForKey("--git-url", URI.create(gitUrl));
        }
        if (!request.dryRun()) {
            if (usesApi) {
                credentials.requireKey("for the Heroku Platform API at " + apiBase);
            }
            credentials.requireKeyFor(gitUrl);
        }
        Path jar = DashboardJar.locate(request.dashboardJar().map(workingDir::resolve).orElse(null), workingDir, ownJar);
        Path dataDir = workingDir.resolve(request.dataDir());
        Path appDir = workingDir.resolve(request.appDir());
        String version = VersionProvider.version();
        SourceInfo source = SourceInfo.of(env, workingDir, request.sourceCommit(),
                request.dataset().orElse(dataDir.toAbsolutePath().normalize().getFileName().toString()));

        // 1. Assemble.
        AssembledApp assembled = new AppAssembler(slugLimit).assemble(jar, dataDir, appDir, version,
                warning -> warn(err, warning));
        out.printf("assembled %s: %d files, %s, %d record(s), data %s%n", assembled.dir(), assembled.files().size(),
                SlugLimit.megabytes(assembled.totalBytes()), assembled.records(), assembled.dataDigest());
        out.flush();

        // 2. Rehearse.
        Optional<Rehearsal.Result> rehearsal = Optional.empty();
        if (request.rehearse()) {
            Rehearsal.Result r = new Rehearsal(bootTimeout, stopTimeout).run(assembled.dir(), lines -> {
                err.println("last lines of the app's output:");
                lines.forEach(l -> err.println("  | " + l));
                err.flush();
            });
            out.printf("rehearsal: /health answered 200 after %.1f s (web process on port %d, JAVA_OPTS=%s);"
                            + " stopped by SIGTERM in %.1f s (exit %d)%n",
                    r.bootTime().toMillis() / 1000.0, r.port(), Rehearsal.DYNO_JAVA_OPTS,
                    r.stopTime().toMillis() / 1000.0, r.exitStatus());
            rehearsal = Optional.of(r);
        }

        String message = commitMessage(app, version, assembled, source);
        Map<String, String> configVars = configVars(request);
        if (request.dryRun()) {
            printPlan(out, request, assembled, app, anonymous, apiBase, gitUrl, message, configVars, credentials,
                    rehearsal.isPresent());
            out.println(app.webUrl());
            return new Deployment(assembled, app, app.webUrl(), rehearsal, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }

        // 3. Prepare the app.
        Optional<HerokuApi> api = usesApi ? Optional.of(new HerokuApi(apiBase, credentials, sleeper)) : Optional.empty();
        Optional<HerokuApi.App> herokuApp = Optional.empty();
        if (api.isPresent()) {
            HerokuApi.App a = new AppPreparation(api.get(), out).prepare(explicit, anonymous, request.region(),
                    request.stack());
            app = new AppName(a.name());
            if (request.gitUrl().isEmpty()) {
                gitUrl = app.herokuGitUrl();
            }
            api.get().setBuildpacks(app.value(), List.of(BUILDPACK));
            out.printf("buildpack: %s%n", BUILDPACK);
            setConfigVars(api.get(), app, configVars, out);
            herokuApp = Optional.of(a);
            // The commit message names the app: a name drawn only now must be in it.
            message = commitMessage(app, version, assembled, source);
        } else {
            out.println("platform API: not used (--git-url without --api-url is a plain git server)");
            if (anonymous.isPresent() && anonymous.get().remembered().isEmpty()) {
                anonymous.get().remember(app);
            }
        }
        out.flush();

        // 4. Push.
        String shownUrl = HerokuCredentials.displayable(gitUrl);
        AppPublisher.Published p = new AppPublisher().publish(assembled, gitUrl,
                credentials.forUrl(gitUrl, request.gitUrlGetsKey()), message, request.force(), line -> {
                    out.println("remote: " + line);
                    out.flush();
                });
        out.printf("pushed %s to %s (branch %s, %s)%n", p.commit().abbreviate(10).name(), shownUrl,
                AppPublisher.BRANCH, p.parent().map(id -> "on top of " + id.abbreviate(10).name())
                        .orElse(request.force() ? "forced: history replaced" : "first deploy"));
        out.flush();

        // 5. Verify.
        Optional<String> apiWebUrl = herokuApp.map(HerokuApi.App::webUrl).filter(u -> !u.isEmpty());
        String webUrl = request.webUrl().or(() -> apiWebUrl).orElse(app.webUrl());
        Optional<String> buildId = Optional.empty();
        Optional<Duration> healthy = Optional.empty();
        if (request.verify()) {
            ReleaseVerifier verifier = api.map(a -> new ReleaseVerifier(a, request.buildTimeout(),
                    request.healthTimeout(), pollInterval, sleeper)).orElse(null);
            if (verifier != null) {
                buildId = Optional.of(verifier.followBuild(app.value(), p.commit().name(), out, err).id());
            }
            if (verifier != null || request.webUrl().isPresent()) {
                ReleaseVerifier health = verifier != null ? verifier
                        : new ReleaseVerifier(null, request.buildTimeout(), request.healthTimeout(), pollInterval, sleeper);
                Duration d = health.awaitHealthy(webUrl);
                out.printf("release healthy: %s/health answered 200 after %.1f s%n", trimSlash(webUrl),
                        d.toMillis() / 1000.0);
                healthy = Optional.of(d);
            }
        }
        out.println(trimSlash(webUrl));
        out.flush();
        return new Deployment(assembled, app, trimSlash(webUrl), rehearsal, Optional.of(p.commit().name()),
                p.parent().map(id -> id.name()), buildId, healthy);
    }

    /** JAVA_OPTS as rehearsed, so the dyno runs with exactly the flags the rehearsal booted with; then the user's. */
    private static Map<String, String> configVars(DeployRequest request) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("JAVA_OPTS", Rehearsal.DYNO_JAVA_OPTS);
        vars.putAll(request.configVars());
        return vars;
    }

    /** Only vars whose value differs are sent: every change makes Heroku restart the app as a new release. */
    private static void setConfigVars(HerokuApi api, AppName app, Map<String, String> wanted, PrintWriter out) {
        Map<String, String> current = api.configVars(app.value());
        Map<String, String> changed = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            if (!Objects.equals(current.get(k), v)) {
                changed.put(k, v);
            }
        });
        if (changed.isEmpty()) {
            out.printf("config vars: %s unchanged%n", String.join(", ", wanted.keySet()));
            return;
        }
        api.setConfigVars(app.value(), changed);
        out.printf("config vars: set %s%n", String.join(", ", changed.keySet()));
    }

    /**
     * A git URL without a scheme or host part is a local path. JGit would resolve a relative one against
     * the repository it pushes from, so make it absolute against the working directory.
     */
    private String resolveLocalPath(String gitUrl) {
        if (gitUrl.contains(":")) {
            return gitUrl;
        }
        return workingDir.resolve(gitUrl).toAbsolutePath().normalize().toString();
    }

    static String commitMessage(AppName app, String version, AssembledApp assembled, SourceInfo source) {
        String shortSource = source.commit().length() > 10 && !source.commit().equals(SourceInfo.UNKNOWN)
                ? source.commit().substring(0, 10) : source.commit();
        return "Deploy " + source.dataset() + " from " + shortSource + ": " + assembled.records()
                + " record(s), data sha256:" + assembled.shortDigest() + "\n\n"
                + "App: " + app + "\n"
                + "Dataset: " + source.dataset() + "\n"
                + "Source commit: " + source.commit() + "\n"
                + "Pipeline version: " + version + "\n"
                + "Data digest: " + assembled.dataDigest() + "\n";
    }

    private static void printPlan(PrintWriter out, DeployRequest request, AssembledApp assembled, AppName app,
                                  Optional<AnonymousAppName> anonymous, URI apiBase, String gitUrl, String message,
                                  Map<String, String> configVars, HerokuCredentials credentials, boolean rehearsed) {
        String shown = HerokuCredentials.displayable(gitUrl);
        out.println("dry run: nothing called, nothing pushed. The deploy would:");
        out.printf("1. assemble %s (done): %d files, %s%n", assembled.dir(), assembled.files().size(),
                SlugLimit.megabytes(assembled.totalBytes()));
        for (AssembledApp.AppFile f : assembled.files()) {
            out.printf("  %12d  %s%n", f.bytes(), f.path());
        }
        out.println("2. rehearse: " + (rehearsed ? "done (above)" : request.dryRun() && !request.rehearse()
                ? "skipped in a dry run without --rehearse" : "skipped (--no-rehearse)"));
        String name = app.value();
        if (anonymous.isPresent()) {
            boolean remembered = anonymous.get().remembered().isPresent();
            out.printf("   app name: %s (%s %s)%n", name, remembered ? "remembered in" : "drawn now; a real deploy"
                    + " creates it and remembers it in", anonymous.get().file());
        }
        if (request.usesPlatformApi()) {
            String auth = credentials.hasKey() ? HerokuCredentials.MASK + " from " + credentials.source()
                    : "(no key yet: set " + HerokuCredentials.API_KEY_VARIABLE + ")";
            out.printf("3. prepare the app through %s, each call with Accept: %s and Authorization: Bearer %s%n",
                    apiBase, HerokuApi.ACCEPT, auth);
            out.printf("   GET   /apps/%s%n", name);
            out.printf("   POST  /apps {\"name\":\"%s\",\"region\":\"%s\",\"stack\":\"%s\"}   (only if it does not exist)%n",
                    name, request.region(), request.stack());
            out.printf("   PUT   /apps/%s/buildpack-installations {\"updates\":[{\"buildpack\":\"%s\"}]}%n", name,
                    BUILDPACK);
            out.printf("   GET   /apps/%s/config-vars%n", name);
            out.printf("   PATCH /apps/%s/config-vars {%s}   (only those that differ; values not shown)%n", name,
                    String.join(", ", configVars.keySet()));
        } else {
            out.println("3. prepare: no Platform API (--git-url without --api-url)");
        }
        out.printf("4. push to:     %s (branch %s, %s)%n", shown, AppPublisher.BRANCH, request.force()
                ? "forced: a parentless commit replaces the history" : "fetched first, a new commit on top");
        out.printf("   commit: %s%n", message.lines().findFirst().orElse(""));
        if (!request.verify()) {
            out.println("5. verify: skipped (--no-verify)");
        } else if (request.usesPlatformApi()) {
            String web = request.webUrl().orElse("the app's web_url (" + app.webUrl() + "/)");
            out.printf("5. verify: GET /apps/%s/builds until the build of the pushed commit is not pending (up to %d s),"
                    + " print its output_stream_url; then GET %s health until 200 (up to %d s)%n", name,
                    request.buildTimeout().toSeconds(), web, request.healthTimeout().toSeconds());
        } else {
            out.println("5. verify: " + request.webUrl().map(w -> "GET " + w + " health until 200")
                    .orElse("nothing to check without the Platform API or --web-url"));
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void warn(PrintWriter err, String warning) {
        err.println("deploy: warning: " + warning);
        err.flush();
    }

    /**
     * The failure as the user may see it: its message and those of its causes (shown with -v) without the
     * key. JGit, the HTTP client or a server's answer could quote it; none of that may reach the terminal.
     */
    static PipelineException masked(RuntimeException e, HerokuCredentials credentials) {
        int code = e instanceof PipelineException pe ? pe.exitCode() : ExitCode.INTERNAL;
        String message = e instanceof PipelineException ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        PipelineException m = new PipelineException(code, credentials.mask(message), maskedCause(e.getCause(), credentials));
        m.setStackTrace(e.getStackTrace());
        return m;
    }

    private static Throwable maskedCause(Throwable t, HerokuCredentials credentials) {
        if (t == null) {
            return null;
        }
        MaskedCause c = new MaskedCause(t.getClass().getName() + (t.getMessage() == null ? ""
                : ": " + credentials.mask(t.getMessage())), maskedCause(t.getCause(), credentials));
        c.setStackTrace(t.getStackTrace());
        return c;
    }

    /** A cause retold with its secrets masked; its text names the original exception class. */
    static final class MaskedCause extends RuntimeException {
        MaskedCause(String text, Throwable cause) {
            super(text, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
