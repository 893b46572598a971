package ecgpipe.e2e.slurm;

import static org.junit.jupiter.api.Assertions.fail;

import ecgpipe.common.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real single-node Slurm the executor tests (and the GitLab pipeline harness) submit to, started by
 * {@code runner/local-slurm/start}. That script is idempotent and serializes concurrent callers, so any
 * number of test classes and JVMs may call {@link #ensureRunning()}. Nothing here stops Slurm or cancels
 * jobs it did not submit: other tests may be using the same cluster at the same time.
 */
public final class LocalSlurm {
    /** The repository root (the e2e module's tests run in {@code e2e/}). */
    public static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    private static boolean running;
    private static boolean accounting;

    private LocalSlurm() {
    }

    /**
     * Starts the local Slurm unless it already answers; with slurmdbd and MariaDB installed, with
     * accounting on, so that every test in the build sees the same cluster. Skips the test (fails under
     * ECGPIPE_REQUIRE_ALL) where Slurm is not installed or cannot be started.
     */
    public static synchronized void ensureRunning() {
        if (running) {
            return;
        }
        Prerequisites.require(Prerequisites.findTool("/usr/sbin/slurmctld") != null
                && Prerequisites.findTool("/usr/sbin/slurmd") != null && Prerequisites.findTool("sbatch") != null
                && Prerequisites.findTool("/usr/sbin/munged") != null,
                "Slurm is not installed (apt-get install slurm-wlm munge)");
        boolean withAccounting = accountingInstalled();
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("runner/local-slurm/start").toString()));
        if (withAccounting) {
            command.add("--accounting");
        }
        Outcome start = run(command, 240);
        if (start.exitCode() != 0) {
            boolean notRoot = start.output().contains("must run as root");
            Prerequisites.require(!notRoot, "the local Slurm is not running and starting it needs root");
            fail("runner/local-slurm/start failed (exit " + start.exitCode() + "):\n" + start.output());
        }
        running = true;
        accounting = withAccounting;
    }

    /** Like {@link #ensureRunning()}, and also requires accounting (slurmdbd), so that sacct works. */
    public static synchronized void ensureRunningWithAccounting() {
        ensureRunning();
        Prerequisites.require(accounting,
                "slurmdbd and mariadb-server are not installed (apt-get install slurmdbd mariadb-server), so sacct cannot be used");
    }

    static boolean accountingInstalled() {
        return Prerequisites.findTool("/usr/sbin/slurmdbd") != null && Prerequisites.findTool("/usr/sbin/mariadbd") != null;
    }

    /** Exit code and merged stdout+stderr of a short command. */
    record Outcome(int exitCode, String output) {
    }

    static Outcome run(List<String> command, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("local-slurm", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                        .start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(command + " did not finish in " + timeoutSeconds + " s:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
