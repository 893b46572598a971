package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import ecgpipe.common.ExitCode;
import ecgpipe.common.testing.Prerequisites;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole deploy against Heroku's stand-ins: the Platform API ({@link FakeHeroku}) and a real git
 * smart-HTTP server with basic authentication ({@link HttpGitServer}), where the API key is the password.
 */
class HerokuDeployTest {
    static final String KEY = "3f1c0e6a-94d2-4b7e-8c55-0a1b2c3d4e5f";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path jars;
    static Path dashboardJar;

    @TempDir
    Path work;
    DeployFixture f;
    FakeHeroku heroku;
    HttpGitServer git;
    HttpServer web;
    Path gitRoot;

    @BeforeAll
    static void buildDashboard() throws IOException {
        dashboardJar = FixtureDashboards.jar(jars, "Healthy", FixtureDashboards.HEALTHY);
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new DeployFixture(work);
        f.record("100.h5", 3000);
        f.record("101.h5", 2000);
        f.summary("{}");
        f.env = Map.of("HEROKU_API_KEY", KEY);
        gitRoot = Files.createDirectories(work.resolve("git"));
        DeployFixture.bareRepository(gitRoot.resolve("ecg-demo-1.git"));
        git = new HttpGitServer(Prerequisites.tool("git"), gitRoot, KEY);
        heroku = new FakeHeroku(KEY, app -> gitRoot.resolve(app + ".git"));
        // The released app: a server answering /health, where the stand-in says the app's web_url is.
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/health", x -> {
            x.sendResponseHeaders(200, 2);
            x.getResponseBody().write("ok".getBytes());
            x.close();
        });
        web.start();
        String webUrl = "http://127.0.0.1:" + web.getAddress().getPort() + "/";
        heroku.webUrlOf = app -> webUrl;
    }

    @AfterEach
    void tearDown() {
        web.stop(0);
        heroku.close();
        git.close();
    }

    DeployFixture.Run deploy(String... extra) {
        List<String> args = new ArrayList<>(List.of("--app", "ecg-demo-1", "--data", f.data.toString(),
                "--dashboard-jar", dashboardJar.toString(), "--git-url", git.url("ecg-demo-1.git"),
                "--git-url-gets-api-key", "--api-url", heroku.url().toString()));
        if (!List.of(extra).contains("--rehearse")) {
            // The rehearsal has its own tests; these are about the steps after it.
            args.add("--no-rehearse");
        }
        args.addAll(List.of(extra));
        return f.deploy(args.toArray(String[]::new));
    }

    @Test
    void createsPreparesPushesAndVerifiesANewApp() throws Exception {
        DeployFixture.Run run = deploy("--region", "eu", "--config-var", "DASHBOARD_TITLE=MIT-BIH");

        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("GET /apps/ecg-demo-1", "POST /apps", "PUT /apps/ecg-demo-1/buildpack-installations",
                "GET /apps/ecg-demo-1/config-vars", "PATCH /apps/ecg-demo-1/config-vars"),
                heroku.calls().subList(0, 5));
        assertTrue(heroku.calls().subList(5, heroku.calls().size()).stream()
                .allMatch(c -> c.equals("GET /apps/ecg-demo-1/builds")), heroku.calls()::toString);
        for (FakeHeroku.Request r : heroku.requests) {
            assertEquals("Bearer " + KEY, r.authorization());
            assertEquals("application/vnd.heroku+json; version=3", r.accept());
        }
        JsonNode create = JSON.readTree(heroku.requests.get(1).body());
        assertEquals("ecg-demo-1", create.path("name").asText());
        assertEquals("eu", create.path("region").asText());
        assertEquals("heroku-24", create.path("stack").asText());
        assertEquals(List.of("heroku/jvm"), heroku.apps.get("ecg-demo-1").buildpacks());
        assertEquals(Map.of("JAVA_OPTS", Rehearsal.DYNO_JAVA_OPTS, "DASHBOARD_TITLE", "MIT-BIH"),
                heroku.apps.get("ecg-demo-1").config());

        assertTrue(git.credentialsSeen.contains(":" + KEY), "the key went to git as the password");
        String out = run.out();
        assertTrue(out.contains("app: created ecg-demo-1 (region eu, stack heroku-24)"), out);
        assertTrue(out.contains("buildpack: heroku/jvm"), out);
        assertTrue(out.contains("config vars: set JAVA_OPTS, DASHBOARD_TITLE"), out);
        assertTrue(out.contains("build: -----> Using buildpack: heroku/jvm"), out);
        assertTrue(out.contains("build: " + "       Released v3"), out);
        assertTrue(out.contains("release healthy: http://127.0.0.1:" + web.getAddress().getPort()
                + "/health answered 200"), out);
        List<String> lines = run.outLines();
        assertEquals("http://127.0.0.1:" + web.getAddress().getPort(), lines.get(lines.size() - 1));
        assertTrue(f.pauses.size() >= heroku.pendingPolls, "the build was polled while pending");
        try (Git clone = Git.cloneRepository().setURI(gitRoot.resolve("ecg-demo-1.git").toUri().toString())
                .setBranch("main").setDirectory(work.resolve("clone").toFile()).call()) {
            RevCommit head = DeployCommandTest.commits(clone).get(0);
            assertEquals(head.name(), heroku.builds.get("ecg-demo-1").get(0).commit);
        }
    }

    @Test
    void anExistingAppIsReusedAndUnchangedConfigIsNotPatched() throws Exception {
        heroku.existing("ecg-demo-1", Map.of("JAVA_OPTS", Rehearsal.DYNO_JAVA_OPTS, "OTHER", "kept"));

        DeployFixture.Run run = deploy();

        assertEquals(0, run.exit(), run::toString);
        assertFalse(heroku.calls().contains("POST /apps"), heroku.calls()::toString);
        assertFalse(heroku.calls().contains("PATCH /apps/ecg-demo-1/config-vars"), heroku.calls()::toString);
        assertTrue(run.out().contains("app: ecg-demo-1 exists (region us, stack heroku-24)"), run::toString);
        assertTrue(run.out().contains("config vars: JAVA_OPTS unchanged"), run::toString);
        assertEquals("kept", heroku.apps.get("ecg-demo-1").config().get("OTHER"));
    }

    @Test
    void aNameTakenByAnotherAccountIsAUsageErrorBeforeAnyPush() throws Exception {
        heroku.othersApps.add("ecg-demo-1");

        DeployFixture.Run run = deploy();

        assertEquals(ExitCode.USAGE, run.exit(), run::toString);
        assertTrue(run.err().startsWith("deploy: error: Heroku app name ecg-demo-1 is taken (Name ecg-demo-1 is"
                + " already taken): choose another --app, or use --app-prefix"), run::toString);
        assertTrue(git.credentialsSeen.isEmpty(), "nothing pushed");
    }

    @Test
    void anAnonymousNameIsDrawnAgainWhenTakenThenRememberedAndReused() throws Exception {
        Path nameFile = work.resolve("state/heroku-app-name");
        // Every drawn name pushes to the same repository here: the names are random.
        FakeHeroku anyName = new FakeHeroku(KEY, app -> gitRoot.resolve("ecg-demo-1.git"));
        anyName.webUrlOf = heroku.webUrlOf;
        anyName.takeNextNames = 2;
        try (anyName) {
            List<String> args = List.of("--app-prefix", "ecg", "--app-name-file", nameFile.toString(),
                    "--data", f.data.toString(), "--dashboard-jar", dashboardJar.toString(),
                    "--git-url", git.url("ecg-demo-1.git"), "--git-url-gets-api-key",
                    "--api-url", anyName.url().toString(), "--no-rehearse");
            DeployFixture.Run first = f.deploy(args.toArray(String[]::new));

            assertEquals(0, first.exit(), first::toString);
            assertEquals(3, anyName.calls().stream().filter("POST /apps"::equals).count(), anyName.calls()::toString);
            String name = Files.readString(nameFile).strip();
            assertTrue(name.matches("ecg-[a-z0-9]{6}"), name);
            assertEquals(List.of(name), List.copyOf(anyName.apps.keySet()));
            assertTrue(first.out().contains("app: created " + name + " (region us, stack heroku-24); name remembered in "
                    + nameFile), first::toString);

            anyName.requests.clear();
            DeployFixture.Run second = f.deploy(args.toArray(String[]::new));

            assertEquals(0, second.exit(), second::toString);
            assertEquals("GET /apps/" + name, anyName.calls().get(0));
            assertFalse(anyName.calls().contains("POST /apps"), anyName.calls()::toString);
            assertTrue(second.out().contains("app: " + name + " exists"), second::toString);
        }
    }

    @Test
    void theBuildIsFoundOnALaterPageOfTheBuildList() throws Exception {
        heroku.existing("ecg-demo-1", Map.of());
        List<FakeHeroku.Build> earlier = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            earlier.add(new FakeHeroku.Build("0".repeat(39) + i, 0, false, "old build " + i + "\n"));
        }
        heroku.builds.put("ecg-demo-1", earlier);
        heroku.pageSize = 2;

        DeployFixture.Run run = deploy();

        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("build: -----> Using buildpack: heroku/jvm"), run::toString);
        assertFalse(run.out().contains("old build"), run::toString);
        // Pages 1 and 2 (old builds), then page 3 with the new one, on every poll.
        List<String> ranges = heroku.requests.stream().map(FakeHeroku.Request::range)
                .filter(java.util.Objects::nonNull).toList();
        assertTrue(ranges.size() >= 2 && ranges.get(0).matches("id \\][0-9a-f-]+\\.\\.; max=2"), ranges::toString);
    }

    @Test
    void aPlainGitServerWithAWebUrlIsCheckedForHealthWithoutTheApi() {
        String webUrl = "http://127.0.0.1:" + web.getAddress().getPort();
        DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(), "--dashboard-jar",
                dashboardJar.toString(), "--git-url", f.bare.toString(), "--web-url", webUrl, "--no-rehearse");

        assertEquals(0, run.exit(), run::toString);
        assertTrue(heroku.requests.isEmpty(), heroku.calls()::toString);
        assertTrue(run.out().contains("platform API: not used"), run::toString);
        assertTrue(run.out().contains("release healthy: " + webUrl + "/health answered 200"), run::toString);
        assertEquals(webUrl, run.outLines().get(run.outLines().size() - 1));
    }

    @Test
    void aBadNameIsRefusedBeforeAnyCall() {
        DeployFixture.Run run = f.deploy("--app", "ECG_demo", "--data", f.data.toString(), "--dashboard-jar",
                dashboardJar.toString(), "--git-url", git.url("ecg-demo-1.git"), "--api-url", heroku.url().toString());

        assertEquals(ExitCode.USAGE, run.exit(), run::toString);
        assertTrue(heroku.requests.isEmpty(), heroku.calls()::toString);
        assertTrue(git.credentialsSeen.isEmpty() && git.refused.isEmpty(), "no git request");
    }

    @Test
    void anInvalidKeyIsAccessDeniedAndNeverShown() throws Exception {
        String wrong = "wrong-key-0000-1111-2222";
        f.env = Map.of("HEROKU_API_KEY", wrong);
        heroku.echoCredentialsInErrors = true;

        DeployFixture.Run run = deploy("-v");

        assertEquals(ExitCode.ACCESS_DENIED, run.exit(), run::toString);
        assertTrue(run.err().startsWith("deploy: error: Heroku refused the API key from HEROKU_API_KEY: GET "
                + heroku.url() + "/apps/ecg-demo-1: Invalid credentials provided. (you sent: Bearer "
                + HerokuCredentials.MASK + ") (HTTP 401, unauthorized)"), run::toString);
        assertFalse(run.toString().contains(wrong), "the key is masked everywhere, stack trace included");
        assertEquals(1, heroku.requests.size(), "a 401 is not retried");
        assertTrue(git.credentialsSeen.isEmpty(), "nothing pushed");
    }

    @Test
    void aRateLimitIsWaitedOutAsRetryAfterSays() throws Exception {
        heroku.rateLimitNext = 2;
        heroku.retryAfterSeconds = 7;

        DeployFixture.Run run = deploy();

        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("GET /apps/ecg-demo-1", "GET /apps/ecg-demo-1", "GET /apps/ecg-demo-1", "POST /apps"),
                heroku.calls().subList(0, 4));
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), f.pauses.subList(0, 2));
    }

    @Test
    void aRateLimitThatLastsIsATemporaryFailure() throws Exception {
        heroku.rateLimitNext = 100;
        heroku.retryAfterSeconds = -1;

        DeployFixture.Run run = deploy();

        assertEquals(ExitCode.TEMPORARY, run.exit(), run::toString);
        assertEquals(HerokuApi.MAX_ATTEMPTS, heroku.requests.size());
        assertTrue(run.err().startsWith("deploy: error: Heroku API rate limit after 5 attempts: GET "), run::toString);
        assertTrue(run.err().contains("(HTTP 429, rate_limit); retry later"), run::toString);
        // Without Retry-After: 1, 2, 4, 8 s between the five attempts.
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
                f.pauses);
    }

    @Test
    void aFailedBuildFailsWithTheLastLinesOfItsLog() throws Exception {
        heroku.buildsFail = true;

        DeployFixture.Run run = deploy();

        assertEquals(ExitCode.BAD_INPUT, run.exit(), run::toString);
        assertTrue(run.err().contains("last lines of the build log:\n"), run::toString);
        assertTrue(run.err().contains("  |  !     ERROR: Procfile web process: dashboard.jar is not a valid jar\n"),
                run::toString);
        String last = run.err().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("deploy: error: build [0-9a-f-]+ of app ecg-demo-1 failed: ! +Push rejected, failed"
                + " to compile JVM app\\."), last);
        assertFalse(run.out().contains("release healthy"), run::toString);
    }

    @Test
    void aReleaseThatNeverAnswersIsUnavailable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        heroku.webUrlOf = app -> "http://127.0.0.1:" + closed + "/";

        DeployFixture.Run run = deploy("--health-timeout", "1");

        assertEquals(ExitCode.UNAVAILABLE, run.exit(), run::toString);
        assertTrue(run.err().startsWith("deploy: error: the release is not healthy: http://127.0.0.1:" + closed
                + "/health did not answer 200 within 1 s (last: ConnectException)"), run::toString);
    }

    @Test
    void aDryRunPrintsEveryStepAndCallsNothing() throws Exception {
        DeployFixture.Run run = deploy("--dry-run", "--rehearse", "--config-var", "A=secret-value");

        assertEquals(0, run.exit(), run::toString);
        assertTrue(heroku.requests.isEmpty(), heroku.calls()::toString);
        assertTrue(git.credentialsSeen.isEmpty() && git.refused.isEmpty(), "no git request");
        String out = run.out();
        for (String expected : List.of(
                "dry run: nothing called, nothing pushed. The deploy would:",
                "1. assemble " + f.appDir + " (done): 7 files, ",
                "        3000  data/100.h5",
                "2. rehearse: done (above)",
                "3. prepare the app through " + heroku.url() + ", each call with Accept: application/vnd.heroku+json;"
                        + " version=3 and Authorization: Bearer ******** from HEROKU_API_KEY",
                "   GET   /apps/ecg-demo-1\n",
                "   POST  /apps {\"name\":\"ecg-demo-1\",\"region\":\"us\",\"stack\":\"heroku-24\"}   (only if it does not exist)",
                "   PUT   /apps/ecg-demo-1/buildpack-installations {\"updates\":[{\"buildpack\":\"heroku/jvm\"}]}",
                "   PATCH /apps/ecg-demo-1/config-vars {JAVA_OPTS, A}   (only those that differ; values not shown)",
                "4. push to:     " + git.url("ecg-demo-1.git") + " (branch main, fetched first, a new commit on top)",
                "5. verify: GET /apps/ecg-demo-1/builds until the build of the pushed commit is not pending")) {
            assertTrue(out.contains(expected), () -> expected + " missing in\n" + out);
        }
        assertFalse(out.contains("secret-value"), out);
        assertFalse(out.contains(KEY), out);
    }

    @Test
    void aWrongGitPasswordIsAccessDenied() throws Exception {
        HttpGitServer other = new HttpGitServer(Prerequisites.tool("git"), gitRoot, "another-password");
        try (other) {
            List<String> args = List.of("--app", "ecg-demo-1", "--data", f.data.toString(), "--dashboard-jar",
                    dashboardJar.toString(), "--git-url", other.url("ecg-demo-1.git"), "--git-url-gets-api-key",
                    "--no-rehearse");
            DeployFixture.Run run = f.deploy(args.toArray(String[]::new));
            assertEquals(ExitCode.ACCESS_DENIED, run.exit(), run::toString);
            assertTrue(run.err().contains("refused"), run::toString);
            assertFalse(run.toString().contains(KEY), run::toString);
        }
    }
}
