package ecgpipe.demo.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.demo.S3ServeCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** serve-s3 as a script uses it: a separate process, its stdout line, its ready file, and SIGTERM. */
class S3ServeCommandProcessTest {
    @TempDir
    Path tmp;

    private Process launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), S3ServeCommand.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr.txt").toFile()).start();
    }

    @Test
    void printsTheEndpointServesAndStopsCleanlyOnSigterm() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("records"));
        Files.writeString(dir.resolve("100.hea"), "100 2 360 650000\n");
        Path ready = tmp.resolve("s3.url");

        Process p = launch("--dir", dir.toString(), "--bucket", "demo", "--prefix", "mitdb", "--port", "0",
                "--ready-file", ready.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.matches("endpoint http://127\\.0\\.0\\.1:\\d+"),
                    line + " / " + Files.readString(tmp.resolve("stderr.txt")));
            URI endpoint = URI.create(line.substring("endpoint ".length()));
            assertEquals(endpoint + "\n", Files.readString(ready), "ready file is written before the line");
            try (S3Client s3 = DemoS3ServerTest.client(endpoint)) {
                assertEquals(17L, s3.headObject(b -> b.bucket("demo").key("mitdb/100.hea")).contentLength());
            }

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve-s3 did not stop on SIGTERM");
            assertFalse(Files.exists(ready), "ready file removed on stop");
            assertTrue(Files.readString(tmp.resolve("stderr.txt")).contains("serving 1 objects"),
                    Files.readString(tmp.resolve("stderr.txt")));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aMissingDirectoryExits66WithOneLine() throws Exception {
        Process p = launch("--dir", tmp.resolve("nope").toString(), "--bucket", "demo");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ExitCode.INPUT_MISSING, p.exitValue());
        assertEquals(List.of("serve-s3: error: " + tmp.resolve("nope") + ": no such directory"),
                Files.readAllLines(tmp.resolve("stderr.txt")));
    }
}
