package ecgpipe.deploy;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Boots the app as Heroku would, before it is pushed: the Procfile's {@code web} command through
 * {@code /bin/sh -c} in the app directory, with {@code PORT} and {@code JAVA_OPTS} set, and waits for
 * {@code /health} to answer 200. A Heroku dyno that does not bind {@code $PORT} within 60 s is killed
 * (R10 boot timeout); catching that here costs seconds instead of a failed release.
 */
final class Rehearsal {
    /** Heroku's boot timeout for web dynos. */
    static final Duration HEROKU_BOOT_TIMEOUT = Duration.ofSeconds(60);
    /** Roughly what Heroku's JVM buildpack gives a 512 MB dyno. */
    static final String DYNO_JAVA_OPTS = "-Xmx300m -Xss512k -XX:+UseContainerSupport -Dfile.encoding=UTF-8";
    static final int OUTPUT_LINES_ON_FAILURE = 20;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Duration bootTimeout;

    Rehearsal(Duration bootTimeout) {
        this.bootTimeout = bootTimeout;
    }

    /** What a successful rehearsal observed. */
    record Result(int port, Duration bootTime) {
    }

    /**
     * Boots, waits for health, stops. On failure the last lines of the app's output go to
     * {@code onFailureOutput} before the exception is thrown.
     */
    Result run(Path appDir, Consumer<List<String>> onFailureOutput) {
        String command = Procfile.read(appDir.resolve(Procfile.FILE_NAME)).command(Procfile.WEB)
                .orElseThrow(() -> PipelineException.badInput(appDir.resolve(Procfile.FILE_NAME)
                        + ": no 'web' process type"));
        int port = freePort();
        Path log = tempLog();
        long start = System.nanoTime();
        Process process = start(command, appDir, port, log);
        String failure = null;
        try {
            failure = awaitHealth(process, port);
        } finally {
            stop(process);
        }
        try {
            if (failure != null) {
                onFailureOutput.accept(lastLines(log));
                throw new PipelineException(ExitCode.UNAVAILABLE, "rehearsal failed: " + failure);
            }
            return new Result(port, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a log in the temp directory is harmless
            }
        }
    }

    /**
     * The app's output goes to a file outside the app directory, so nothing the rehearsal leaves behind is
     * pushed, and a chatty app can never block on a full pipe.
     */
    private static Process start(String command, Path appDir, int port, Path log) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command)
                .directory(appDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("PORT", Integer.toString(port));
        env.put("JAVA_OPTS", DYNO_JAVA_OPTS);
        // The rehearsal runs on this program's Java (17 or later, like the app's system.properties asks for),
        // not on whatever 'java' comes first on the PATH.
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        env.put("PATH", javaBin + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new PipelineException(ExitCode.UNAVAILABLE, "rehearsal: cannot start /bin/sh -c '" + command + "': "
                    + e.getMessage(), e);
        }
    }

    /** Null once /health answered 200, else why not. */
    private String awaitHealth(Process process, int port) {
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + bootTimeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "the web process exited with status " + process.exitValue() + " before " + health
                        + " answered";
            }
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return null;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for " + health;
            }
            sleep(POLL_INTERVAL);
        }
        return health + " did not answer 200 within " + bootTimeout.toSeconds() + " s (last: " + last + ")";
    }

    /**
     * Stops the shell and everything it started. The descendants are collected first: once the shell dies
     * its children are re-parented and can no longer be found from it.
     */
    static void stop(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle h : tree) {
            awaitExit(h, deadline);
        }
        awaitExit(process.toHandle(), deadline);
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitExit(ProcessHandle h, long deadline) {
        long left = Math.max(0, deadline - System.nanoTime());
        try {
            h.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            h.destroyForcibly();
        } catch (InterruptedException e) {
            h.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> lastLines(Path log) {
        try {
            // Decoded leniently: a crashing app may print anything.
            List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R"));
            return lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_ON_FAILURE), lines.size());
        } catch (IOException e) {
            return List.of("(the app's output could not be read: " + e.getMessage() + ")");
        }
    }

    /** A port free now; the tiny window before the app binds it is acceptable for a local rehearsal. */
    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw PipelineException.io("rehearsal: cannot find a free local port", e);
        }
    }

    private static Path tempLog() {
        try {
            return Files.createTempFile("ecgpipe-rehearsal-", ".log");
        } catch (IOException e) {
            throw PipelineException.io("rehearsal: cannot create a log file", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
