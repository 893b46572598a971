package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ecgpipe.common.synth.EcgSynth;
import ecgpipe.common.synth.SyntheticRecordWriter;
import ecgpipe.common.testing.Prerequisites;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Heroku's router would see: the real dashboard, deployed through the stand-ins (Platform API and an
 * authenticated git smart-HTTP server), then cloned from the app repository into a fresh directory and
 * started from its Procfile's {@code web} command with {@code PORT}, serving the records the pipeline made.
 *
 * <p>The data are made here by the project's own synthetic generator and the real convert and analyze
 * jars; the dashboard jar is the one the build made (the reactor builds those modules before this one).
 */
class PushedAppServesTheDataTest {
    static final Path BUILT = Path.of("..").toAbsolutePath().normalize();
    static final String KEY = "5d2b8f8e-1c4a-4f0e-9d3b-7e6f5a4b3c2d";

    @TempDir
    static Path shared;
    static Path results;

    @TempDir
    Path work;
    Process dyno;

    @BeforeAll
    static void makeResults() throws Exception {
        Path dashboard = BUILT.resolve("dashboard/target/dashboard.jar");
        Path convert = BUILT.resolve("convert/target/convert.jar");
        Path analyze = BUILT.resolve("analyze/target/analyze.jar");
        Prerequisites.require(Files.isRegularFile(dashboard) && Files.isRegularFile(convert)
                && Files.isRegularFile(analyze), "build the dashboard, convert and analyze jars first"
                + " (./mvnw -pl convert,analyze,dashboard package -DskipTests)");
        Path raw = Files.createDirectories(shared.resolve("raw/synth"));
        SyntheticRecordWriter.write(raw, new EcgSynth.Params("s1", 360, 40, 70, 3, 0.02, 0.0, 11));
        SyntheticRecordWriter.write(raw, new EcgSynth.Params("s2", 360, 40, 85, 3, 0.02, 0.1, 12));
        Path h5 = shared.resolve("h5/synth");
        results = shared.resolve("results/synth");
        run(List.of(java(), "-jar", convert.toString(), raw.toString(), h5.toString()));
        run(List.of(java(), "-jar", analyze.toString(), h5.toString(), results.toString()));
    }

    @AfterEach
    void stopDyno() {
        if (dyno != null) {
            Rehearsal.stop(dyno, Duration.ofSeconds(10));
        }
    }

    @Test
    void theClonedAppStartedFromItsProcfileServesTheRecords() throws Exception {
        Path gitRoot = Files.createDirectories(work.resolve("git"));
        DeployFixture.bareRepository(gitRoot.resolve("ecg-synth.git"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String webUrl = "http://127.0.0.1:" + port + "/";
        Path dynoDir = work.resolve("dyno");
        try (HttpGitServer git = new HttpGitServer(Prerequisites.tool("git"), gitRoot, KEY);
             FakeHeroku heroku = new FakeHeroku(KEY, app -> gitRoot.resolve(app + ".git"))) {
            heroku.webUrlOf = app -> webUrl;
            // Heroku's part after a successful build: a fresh checkout of the pushed commit, started from its Procfile.
            heroku.releaser = (app, commit) -> dyno = startFromProcfile(gitRoot.resolve(app + ".git"), commit, dynoDir,
                    port);
            DeployFixture f = new DeployFixture(work.resolve("deploy"));
            f.env = Map.of("HEROKU_API_KEY", KEY);
            DeployFixture.Run run = f.deploy("--app", "ecg-synth", "--data", results.toString(),
                    "--dashboard-jar", BUILT.resolve("dashboard/target/dashboard.jar").toString(),
                    "--git-url", git.url("ecg-synth.git"), "--git-url-gets-api-key",
                    "--api-url", heroku.url().toString(), "--health-timeout", "60");

            assertEquals(0, run.exit(), run::toString);
            assertTrue(run.out().contains("rehearsal: /health answered 200 after "), run::toString);
            assertTrue(run.out().contains("release healthy: http://127.0.0.1:" + port + "/health answered 200"),
                    run::toString);
        }

        HttpClient http = HttpClient.newHttpClient();
        JsonNode health = get(http, webUrl + "health");
        assertEquals("ok", health.path("status").asText());
        assertEquals(2, health.path("records").asInt());
        List<String> ids = new ArrayList<>();
        get(http, webUrl + "api/records").forEach(r -> ids.add(r.path("id").asText()));
        assertEquals(List.of("s1", "s2"), ids);
        JsonNode trace = get(http, webUrl + "api/records/s1/trace?start=0&end=5&lead=0");
        assertTrue(trace.toString().length() > 1000, "a trace with samples: " + trace.toString().length());
        String page = http.send(HttpRequest.newBuilder(URI.create(webUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("<html") || page.contains("<!DOCTYPE"), page);
    }

    /** Clones the commit into a fresh directory and runs the Procfile's web command there with PORT set. */
    private static Process startFromProcfile(Path repo, String commit, Path dir, int port) throws Exception {
        try (Git clone = Git.cloneRepository().setURI(repo.toUri().toString()).setDirectory(dir.toFile()).call()) {
            clone.checkout().setName(commit).call();
        }
        String web = Procfile.read(dir.resolve("Procfile")).command("web").orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(Rehearsal.shell(), "-c", web).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolveSibling("dyno.log").toFile());
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("JAVA_OPTS", Rehearsal.DYNO_JAVA_OPTS);
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        return pb.start();
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command::toString);
        assertEquals(0, p.exitValue(), () -> command + "\n" + output);
    }
}
