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
 * {@code --rehearse} boots real JVMs from real jars through the Procfile and {@code bash -c}, as a
 * Heroku dyno would, and must stop them whatever happens.
 */
class RehearsalTest {
    @TempDir
    static Path jars;
    static Path healthy;
    static Path silent;
    static Path crashing;
    static Path stubborn;
    static Path unclean;

    @TempDir
    Path work;
    DeployFixture f;

    @BeforeAll
    static void buildDashboards() throws IOException {
        healthy = FixtureDashboards.jar(jars, "Healthy", FixtureDashboards.HEALTHY);
        silent = FixtureDashboards.jar(jars, "Silent", FixtureDashboards.SILENT);
        crashing = FixtureDashboards.jar(jars, "Crashing", FixtureDashboards.CRASHING);
        stubborn = FixtureDashboards.jar(jars, "Stubborn", FixtureDashboards.STUBBORN);
        unclean = FixtureDashboards.jar(jars, "Unclean", FixtureDashboards.UNCLEAN);
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new DeployFixture(work);
        f.record("100.h5", 1000);
        f.summary("{}");
    }

    @Test
    void bootsTheWebProcessUntilHealthyThenStopsItAndPushes() throws Exception {
        // No option: a real push always rehearses first.
        DeployFixture.Run run = f.deployTo(healthy);

        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("rehearsal: /health answered 200 after "), run::toString);
        assertTrue(run.out().matches("(?s).*; stopped by SIGTERM in [0-9.]+ s \\(exit 143\\)\n.*"), run::toString);
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
    void noRehearseSkipsIt() throws Exception {
        DeployFixture.Run run = f.deployTo(silent, "--no-rehearse");

        assertEquals(0, run.exit(), run::toString);
        assertFalse(run.out().contains("rehearsal"), run::toString);
        assertTrue(f.remoteHasCommits());
    }

    @Test
    void anAppThatIgnoresSigtermFailsAndIsKilled() throws Exception {
        f.stopTimeout = Duration.ofSeconds(2);

        DeployFixture.Run run = f.deployTo(stubborn);

        assertEquals(ExitCode.UNAVAILABLE, run.exit(), run::toString);
        assertTrue(run.err().contains("rehearsal failed: the web process did not exit within 2 s of SIGTERM"
                + " (Heroku would kill it with SIGKILL: error R12); it was killed"), run::toString);
        assertTrue(run.err().contains("  | fixture dashboard: flushing forever"), run::toString);
        assertStopped(FixtureDashboards.lastPid(f.appDir.getParent()));
        assertFalse(f.remoteHasCommits(), "an app that cannot stop cleanly is not pushed");
    }

    @Test
    void anUncleanExitOnSigtermFails() throws Exception {
        DeployFixture.Run run = f.deployTo(unclean);

        assertEquals(ExitCode.UNAVAILABLE, run.exit(), run::toString);
        assertTrue(run.err().contains("rehearsal failed: the web process exited with status 7 after SIGTERM"
                + " (a clean stop exits with 0 or 143)"), run::toString);
        assertFalse(f.remoteHasCommits());
    }

    @Test
    void aDryRunRehearsesOnlyWhenAsked() throws Exception {
        DeployFixture.Run plain = f.deployTo(healthy, "--dry-run");
        assertFalse(plain.out().contains("rehearsal: /health"), plain::toString);

        DeployFixture.Run asked = f.deployTo(healthy, "--dry-run", "--rehearse");
        assertEquals(0, asked.exit(), asked::toString);
        assertTrue(asked.out().contains("rehearsal: /health answered 200 after "), asked::toString);
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
