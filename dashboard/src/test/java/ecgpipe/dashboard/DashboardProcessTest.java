package ecgpipe.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard as Heroku runs it: its own JVM, stopped with SIGTERM. */
class DashboardProcessTest {
    private static final Pattern SERVING = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path dir;

    @Test
    void sigtermStopsTheServerCleanly() throws Exception {
        new SyntheticRecord("100", 360, 10, 70).writeTo(dir);
        Path stdout = dir.resolve("stdout.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                DashboardCommand.class.getName(), "--data", dir.toString(), "--host", "127.0.0.1", "--port", "0")
                .redirectError(dir.resolve("stderr.txt").toFile())
                .redirectOutput(stdout.toFile())
                .start();
        try {
            // destroy() closes the pipes, so the output goes to a file that outlives the process
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Matcher m = SERVING.matcher("");
            while (!m.find() && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                m = SERVING.matcher(Files.readString(stdout));
            }
            assertTrue(m.find(0), "serving line; stdout: " + Files.readString(stdout) + " stderr: "
                    + Files.readString(dir.resolve("stderr.txt")));
            int port = Integer.parseInt(m.group(1));
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());

            p.destroy(); // SIGTERM on Linux
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server exits after SIGTERM");
            List<String> lines = Files.readAllLines(stdout);
            assertEquals("dashboard: stopped", lines.get(lines.size() - 1), String.join("\n", lines));
            // 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal
            assertEquals(143, p.exitValue());
            String stderr = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(stderr.isBlank(), "nothing went wrong while stopping: " + stderr);
        } finally {
            p.destroyForcibly();
        }
    }
}
