package ecgpipe.e2e.slurm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plays GitLab Runner's part for one CI job, as far as these tests need it: calls the driver's scripts in
 * {@code runner/slurm/} with the job's variables as {@code CUSTOM_ENV_*}, the failure exit codes and
 * {@code BUILD_EXIT_CODE_FILE}, and watches their output line by line as it arrives.
 */
final class CustomExecutor {
    static final Path SCRIPTS = LocalSlurm.ROOT.resolve("runner/slurm");
    /** Deliberately not GitLab's current 1 and 2: the driver must use what the runner tells it. */
    static final int BUILD_FAILURE = 17;
    static final int SYSTEM_FAILURE = 18;
    static final String RUNNER_ID = "4711";

    final long ciJobId;
    final Path baseDir;
    final Path exitCodeFile;
    private final Path scratch;
    private final Map<String, String> env = new HashMap<>();

    /** A new CI job (random id, so concurrent test runs never meet) with these SCHEDULER_PARAMETERS. */
    CustomExecutor(Path baseDir, Path scratch, String schedulerParameters) {
        this.ciJobId = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
        this.baseDir = baseDir;
        this.scratch = scratch;
        this.exitCodeFile = scratch.resolve("exit-code-" + ciJobId);
        env.put("CUSTOM_ENV_CI_JOB_ID", Long.toString(ciJobId));
        env.put("CUSTOM_ENV_CI_RUNNER_ID", RUNNER_ID);
        env.put("CUSTOM_ENV_CI_CONCURRENT_ID", "0");
        env.put("CUSTOM_ENV_CI_CONCURRENT_PROJECT_ID", "0");
        env.put("CUSTOM_ENV_CI_PROJECT_PATH", "ecg/pipeline");
        env.put("CUSTOM_ENV_SCHEDULER_PARAMETERS", schedulerParameters);
        env.put("ECGPIPE_SLURM_BASE_DIR", baseDir.toString());
        env.put("BUILD_FAILURE_EXIT_CODE", Integer.toString(BUILD_FAILURE));
        env.put("SYSTEM_FAILURE_EXIT_CODE", Integer.toString(SYSTEM_FAILURE));
        env.put("BUILD_EXIT_CODE_FILE", exitCodeFile.toString());
    }

    CustomExecutor with(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    String slurmJobName() {
        return "gitlab-" + ciJobId;
    }

    Path stateDir() {
        return baseDir.resolve("jobs").resolve(RUNNER_ID).resolve(Long.toString(ciJobId));
    }

    /** Writes a bash script as the runner does (a temporary file on the runner's host) and returns it. */
    Path script(String name, String body) {
        try {
            Path file = scratch.resolve(ciJobId + "-" + name);
            Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The integer the driver left in BUILD_EXIT_CODE_FILE, if it wrote one. */
    Optional<Integer> reportedExitCode() {
        try {
            if (!Files.exists(exitCodeFile)) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(Files.readString(exitCodeFile, StandardCharsets.UTF_8).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Live start(String executable, String... args) {
        List<String> command = new ArrayList<>();
        command.add(SCRIPTS.resolve(executable).toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(scratch.toFile());
        pb.environment().putAll(env);
        try {
            return new Live(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result run(String executable, String... args) {
        return start(executable, args).finish(300);
    }

    record Line(long nanos, String text) {
    }

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** A running driver script whose stdout and stderr lines are collected, with arrival times, as they come. */
    static final class Live {
        final Process process;
        private final List<Line> out = new ArrayList<>();
        private final List<Line> err = new ArrayList<>();
        private final Thread outReader;
        private final Thread errReader;

        Live(Process process) {
            this.process = process;
            this.outReader = reader(process.getInputStream(), out);
            this.errReader = reader(process.getErrorStream(), err);
        }

        private Thread reader(InputStream in, List<Line> sink) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (sink) {
                            sink.add(new Line(System.nanoTime(), line));
                            sink.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // The process ended and closed its end; what arrived is kept.
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        /**
         * Sends SIGTERM the way GitLab Runner does on cancel or timeout. Not {@link Process#destroy()}: that
         * also closes our ends of the pipes, which the runner does not do.
         */
        void terminate() {
            LocalSlurm.Outcome o = LocalSlurm.run(List.of("kill", "-TERM", Long.toString(process.pid())), 30);
            if (o.exitCode() != 0 && process.isAlive()) {
                fail("kill -TERM " + process.pid() + " failed: " + o.output());
            }
        }

        /** Waits for a stdout line matching {@code test}; fails after {@code seconds}. */
        Line awaitOut(Predicate<String> test, int seconds) {
            return await(out, test, seconds, "stdout");
        }

        Line awaitErr(Predicate<String> test, int seconds) {
            return await(err, test, seconds, "stderr");
        }

        private Line await(List<Line> sink, Predicate<String> test, int seconds, String which) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (sink) {
                while (true) {
                    for (Line l : sink) {
                        if (test.test(l.text())) {
                            return l;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        fail("no matching line on " + which + " within " + seconds + " s; got:\n" + texts(out)
                                + "\n--- stderr:\n" + texts(err));
                    }
                    try {
                        sink.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
            }
        }

        Result finish(int seconds) {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    terminate();
                    process.waitFor(40, TimeUnit.SECONDS);
                    fail("driver script did not finish in " + seconds + " s; stdout:\n" + texts(out)
                            + "\n--- stderr:\n" + texts(err));
                }
                outReader.join(10_000);
                errReader.join(10_000);
                return new Result(process.exitValue(), texts(out), texts(err));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private static String texts(List<Line> sink) {
            synchronized (sink) {
                StringBuilder sb = new StringBuilder();
                sink.forEach(l -> sb.append(l.text()).append('\n'));
                return sb.toString();
            }
        }
    }
}
