package ecgpipe.e2e.gitlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local S3 server (demo.jar serve-s3: s3proxy on loopback, anonymous) serving a directory's files as
 * {@code s3://BUCKET/<path>}, so that every subdirectory is a prefix the download job can be pointed at.
 */
final class S3Records implements AutoCloseable {
    static final String BUCKET = "ecg-records";
    private final Process server;
    final String endpoint;

    S3Records(Path demoJar, Path dir, Path workDir) throws IOException, InterruptedException {
        Path ready = workDir.resolve("s3.endpoint");
        Files.deleteIfExists(ready);
        server = new ProcessBuilder(javaBin(), "-jar", demoJar.toString(), "serve-s3", "--dir", dir.toString(),
                "--bucket", BUCKET, "--port", "0", "--ready-file", ready.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("s3.log").toFile()).start();
        // Never outlive the JVM that started it, even when a test or the benchmark ends without close().
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.isRegularFile(ready) && Files.size(ready) > 0)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("the S3 server did not start: " + Files.readString(workDir.resolve("s3.log")));
            }
            Thread.sleep(100);
        }
        endpoint = Files.readString(ready).strip();
    }

    /** The download stage's S3_OPTIONS for this server. */
    String s3Options() {
        return "--endpoint-url " + endpoint + " --no-sign-request";
    }

    static String source(String prefix) {
        return "s3://" + BUCKET + "/" + prefix + "/";
    }

    /** demo.jar generate: synthetic WFDB records (MIT-BIH-shaped, with true beat annotations). */
    static void generate(Path demoJar, Path dir, int records, int minutes) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaBin(), "-jar", demoJar.toString(), "generate", dir.toString(),
                "--records", Integer.toString(records), "--minutes", Integer.toString(minutes))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("demo generate failed: " + out);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> names(Path dir, String suffix) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
        }
    }
}
