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
 * {@code bash -c} (as a dyno runs it; {@code /bin/sh} where there is no bash) in the app directory, with {@code PORT} and {@code JAVA_OPTS} set, and waits for
 * {@code /health} to answer 200. A Heroku dyno that does not bind {@code $PORT} within 60 s is killed
 * (R10 boot timeout); catching that here costs seconds instead of a failed release.
 */
final class Rehearsal {
    /** Heroku's boot timeout for web dynos. */
    static final Duration HEROKU_BOOT_TIMEOUT = Duration.ofSeconds(60);
    /** Roughly what Heroku's JVM buildpack gives a 512 MB dyno. */
    static final String DYNO_JAVA_OPTS = "-Xmx300m -Xss512k -XX:+UseContainerSupport -Dfile.encoding=UTF-8";
    static final int OUTPUT_LINES_ON_FAILURE = 20;
    /** Heroku sends SIGTERM when it stops a dyno and SIGKILL 30 s later (error R12). */
    static final Duration HEROKU_STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Exit statuses of a clean stop: 0, or 128 + 15 for a JVM that ran its shutdown hooks on SIGTERM. */
    static final java.util.Set<Integer> CLEAN_EXIT = java.util.Set.of(0, 143);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final Duration bootTimeout;
    private final Duration stopTimeout;

    Rehearsal(Duration bootTimeout) {
        this(bootTimeout, HEROKU_STOP_TIMEOUT);
    }

    Rehearsal(Duration bootTimeout, Duration stopTimeout) {
        this.bootTimeout = bootTimeout;
        this.stopTimeout = stopTimeout;
    }

    /** What a successful rehearsal observed. */
    record Result(int port, Duration bootTime, Duration stopTime, int exitStatus) {
    }

    /** How the web process ended after SIGTERM: null problem when it exited cleanly in time. */
    record Stop(Duration took, int exitStatus, String problem) {
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
        // A deploy interrupted (Ctrl-C, a CI job cancelled) must not leave the rehearsed app running.
        Thread killOnExit = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "rehearsal-cleanup");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        String failure = null;
        Duration bootTime = null;
        Stop stop;
        try {
            failure = awaitHealth(process, port);
            bootTime = Duration.ofNanos(System.nanoTime() - start);
        } finally {
            stop = stop(process, stopTimeout);
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, on a process tree that is already gone
            }
        }
        if (failure == null && stop.problem() != null) {
            failure = stop.problem();
        }
        try {
            if (failure != null) {
                onFailureOutput.accept(lastLines(log));
                throw new PipelineException(ExitCode.UNAVAILABLE, "rehearsal failed: " + failure);
            }
            return new Result(port, bootTime, stop.took(), stop.exitStatus());
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
        ProcessBuilder pb = new ProcessBuilder(shell(), "-c", command)
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
            throw new PipelineException(ExitCode.UNAVAILABLE, "rehearsal: cannot start " + shell() + " -c '" + command + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * The shell a dyno runs Procfile commands with. Bash also replaces itself with a command line's single
     * command, so the exit status seen after SIGTERM is the web process's own, as on Heroku; dash would
     * stay in between and report its own.
     */
    static String shell() {
        return Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh";
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
     * Stops the web process as Heroku stops a dyno: SIGTERM to the shell and everything it started, then up
     * to {@code timeout} for all of them to exit, then SIGKILL to what is left. The descendants are collected
     * first: once the shell dies its children are re-parented and can no longer be found from it.
     */
    static Stop stop(Process process, Duration timeout) {
        long begin = System.nanoTime();
        if (!process.isAlive()) {
            return new Stop(Duration.ZERO, process.exitValue(), null);
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        long deadline = begin + timeout.toNanos();
        boolean allExited = awaitExit(process.toHandle(), deadline);
        for (ProcessHandle h : tree) {
            allExited &= awaitExit(h, deadline);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        if (!allExited) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            tree.forEach(h -> awaitExit(h, killDeadline));
            waitQuietly(process);
            return new Stop(took, -1, "the web process did not exit within " + timeout.toSeconds()
                    + " s of SIGTERM (Heroku would kill it with SIGKILL: error R12); it was killed");
        }
        waitQuietly(process);
        int status = process.exitValue();
        String problem = CLEAN_EXIT.contains(status) ? null : "the web process exited with status " + status
                + " after SIGTERM (a clean stop exits with 0 or 143)";
        return new Stop(took, status, problem);
    }

    private static void waitQuietly(Process process) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when {@code h} exited before the deadline. */
    private static boolean awaitExit(ProcessHandle h, long deadline) {
        long left = Math.max(0, deadline - System.nanoTime());
        try {
            h.onExit().get(left, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
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
