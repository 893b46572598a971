package ecgpipe.e2e.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.testing.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** runner/local-slurm/start and stop: idempotent start, and a stop that ends only what its pid files name. */
class LocalSlurmScriptsTest {
    private static final Path START = LocalSlurm.ROOT.resolve("runner/local-slurm/start");
    private static final Path STOP = LocalSlurm.ROOT.resolve("runner/local-slurm/stop");

    @Test
    void startIsIdempotentAndTheNodeTakesJobs() {
        LocalSlurm.ensureRunning();
        LocalSlurm.Outcome again = LocalSlurm.run(List.of(START.toString()), 120);
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("already running"), again.output());
        LocalSlurm.Outcome sinfo = LocalSlurm.run(List.of("sinfo", "-h", "-o", "%t"), 30);
        assertTrue(sinfo.output().strip().matches("(?s)(idle|mix|alloc|comp).*"), sinfo.output());
    }

    /**
     * A second munged of our own (own socket and pid file) stands in for "a daemon start started", a sleep
     * for "some other process whose pid ended up in a pid file": stop must end the first, spare the second,
     * and leave the running Slurm (other tests use it) alone.
     */
    @Test
    void stopEndsExactlyTheDaemonsItsPidFilesNameAndNothingElse() throws Exception {
        LocalSlurm.ensureRunning();
        Prerequisites.require(LocalSlurm.run(List.of("id", "-u"), 10).output().strip().equals("0"),
                "starting a second munged needs root");
        Path state = Files.createTempDirectory("local-slurm-state");
        Path mungeDir = Files.createTempDirectory("local-slurm-munge");
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            // munged insists that everyone may traverse its socket's directory.
            Files.setPosixFilePermissions(mungeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertEquals(0, LocalSlurm.run(List.of("chown", "munge:munge", mungeDir.toString()), 10).exitCode());
            LocalSlurm.Outcome munged = LocalSlurm.run(List.of("su", "-s", "/bin/sh", "munge", "-c",
                    "/usr/sbin/munged --socket=" + mungeDir.resolve("sock") + " --pid-file=" + mungeDir.resolve("pid")
                            + " --log-file=" + mungeDir.resolve("log") + " --seed-file=" + mungeDir.resolve("seed")),
                    30);
            assertEquals(0, munged.exitCode(), munged.output());
            long mungedPid = Long.parseLong(Files.readString(mungeDir.resolve("pid"), StandardCharsets.UTF_8).strip());
            Files.writeString(state.resolve("munged.pid"), mungedPid + "\n");
            Files.writeString(state.resolve("slurmd.pid"), sleeper.pid() + "\n");
            String controllerBefore = LocalSlurm.run(List.of("scontrol", "ping"), 30).output();

            ProcessBuilder stop = new ProcessBuilder(STOP.toString()).redirectErrorStream(true);
            stop.environment().put("ECGPIPE_LOCAL_SLURM_STATE", state.toString());
            Process p = stop.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), output);

            assertTrue(output.contains("stopping munged (pid " + mungedPid + ")"), output);
            assertTrue(output.contains("stopped 1 daemon(s)"), output);
            assertFalse(ProcessHandle.of(mungedPid).map(ProcessHandle::isAlive).orElse(false), "our munged must be gone");
            assertTrue(sleeper.isAlive(), "a process that is not slurmd must not be signalled");
            assertEquals(controllerBefore, LocalSlurm.run(List.of("scontrol", "ping"), 30).output(),
                    "the shared Slurm must be untouched");
        } finally {
            sleeper.destroyForcibly();
            LocalSlurm.run(List.of("rm", "-rf", state.toString(), mungeDir.toString()), 30);
        }
    }
}
