package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --rehearse} boots real JVMs from real jars through the Procfile and {@code /bin/sh -c}, as a
 * Heroku dyno would, and must stop them whatever happens.
 */
class RehearsalTest {
    @TempDir
    static Path jars;
    static Path healthy;
    static Path silent;
    static Path crashing;

    @TempDir
    Path work;
    DeployFixture f;

    @BeforeAll
    static void buildDashboards() throws IOException {
        healthy = FixtureDashboards.jar(jars, "Healthy", FixtureDashboards.HEALTHY);
        silent = FixtureDashboards.jar(jars, "Silent", FixtureDashboards.SILENT);
        crashing = FixtureDashboards.jar(jars, "Crashing", FixtureDashboards.CRASHING);
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new DeployFixture(work);
        f.record("100.h5", 1000);
        f.summary("{}");
    }

    @Test
    void bootsTheWebProcessUntilHealthyThenStopsItAndPushes() throws Exception {
        DeployFixture.Run run = f.deployTo(healthy, "--rehearse");

        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("rehearsal: /health answered 200 after "), run::toString);
        assertStopped(FixtureDashboards.lastPid(f.appDir.getParent()));
        assertTrue(f.remoteHasCommits());
        try (var clone = f.cloneRemote("clone")) {
            assertEquals(List.of(".git", "Procfile", "README.md", "dashboard.jar", "data",
                    "system.properties"), DeployCommandTest.listing(clone.getRepository().getWorkTree().toPath()),
                    "the rehearsal leaves nothing in the app");
        }
    }

    @Test
    void anAppThatNeverAnswersFailsWithItsLastOutputAndIsStopped() throws Exception {
        f.bootTimeout = Duration.ofSeconds(3);

        DeployFixture.Run run = f.deployTo(silent, "--rehearse");

        assertEquals(ExitCode.UNAVAILABLE, run.exit(), run::toString);
        assertTrue(run.err().contains("/health did not answer 200 within 3 s"), run::toString);
        assertTrue(run.err().contains("last lines of the app's output:"), run::toString);
        assertTrue(run.err().contains("  | fixture dashboard warming caches, port not bound yet"), run::toString);
        assertStopped(FixtureDashboards.lastPid(f.appDir.getParent()));
        assertFalse(f.remoteHasCommits(), "a failed rehearsal pushes nothing");
    }

    @Test
    void anAppThatExitsFailsAtOnceWithItsOutput() throws Exception {
        DeployFixture.Run run = f.deployTo(crashing, "--rehearse");

        assertEquals(ExitCode.UNAVAILABLE, run.exit(), run::toString);
        assertTrue(run.err().contains("the web process exited with status 3"), run::toString);
        assertTrue(run.err().contains("  | fixture dashboard: cannot open data/summary.json"), run::toString);
        assertFalse(f.remoteHasCommits());
    }

    @Test
    void rehearsalRunsWithTheDynoSettings() throws Exception {
        // The web command sees PORT and JAVA_OPTS exactly as the Procfile expects them.
        Path appDir = Files.createDirectories(work.resolve("shell-app"));
        Files.writeString(appDir.resolve(Procfile.FILE_NAME),
                "web: echo \"opts=$JAVA_OPTS port=$PORT\"; exit 4\n");
        List<String> output = new ArrayList<>();
        PipelineException e = assertThrows(PipelineException.class,
                () -> new Rehearsal(Duration.ofSeconds(10)).run(appDir, output::addAll));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertEquals(1, output.size(), output::toString);
        assertTrue(output.get(0).matches("opts=" + Pattern.quote(Rehearsal.DYNO_JAVA_OPTS)
                + " port=[1-9][0-9]*"), output::toString);
    }

    private static void assertStopped(long pid) {
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        assertFalse(alive, "the web process " + pid + " was left running");
    }
}
