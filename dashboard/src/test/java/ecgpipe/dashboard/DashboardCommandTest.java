package ecgpipe.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(DashboardCommand cmd, String... args) {
        return Cli.commandLine(cmd).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void helpShowsOptionsAndExitCodes() {
        assertEquals(0, run(new DashboardCommand(), "--help"));
        assertTrue(out.toString().contains("--data=DIR"), out.toString());
        assertTrue(out.toString().contains("--port=N"));
        assertTrue(out.toString().contains("Exit Codes:"));
    }

    @Test
    void missingDataDirectoryIsOneLineAndExit66() {
        Path missing = dir.resolve("results");
        assertEquals(ExitCode.INPUT_MISSING, run(new DashboardCommand(), "--data", missing.toString(), "--port", "0"));
        assertEquals("dashboard: error: data directory " + missing + " does not exist", err.toString().strip());
    }

    @Test
    void directoryWithoutResultsIsExit66() throws Exception {
        Files.writeString(dir.resolve("summary.json"), "{}");
        assertEquals(ExitCode.INPUT_MISSING, run(new DashboardCommand(), "--data", dir.toString(), "--port", "0"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("no results files (*.h5) in " + dir), err.toString());
    }

    @Test
    void usageErrorsAreExit2() {
        assertEquals(ExitCode.USAGE, run(new DashboardCommand(), "--port", "0"));
        assertEquals(ExitCode.USAGE, run(new DashboardCommand(), "--data", dir.toString(), "--port", "70000"));
        assertEquals(ExitCode.USAGE, run(new DashboardCommand(), "--data", dir.toString(), "--port", "x"));
    }

    @Test
    void servesUntilStopped() throws Exception {
        new SyntheticRecord("100", 360, 10, 70).writeTo(dir);
        DashboardCommand cmd = new DashboardCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> run(cmd, "--data", dir.toString(), "--host", "127.0.0.1", "--port", "0"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cmd.server == null && !exit.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(cmd.server != null, "server started; stderr: " + err);
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cmd.server.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("{\"status\":\"ok\",\"records\":1}", health.body());
        cmd.server.close();
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        assertTrue(out.toString().contains("serving 1 records from " + dir), out.toString());
    }
}
