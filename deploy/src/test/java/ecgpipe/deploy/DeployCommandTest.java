package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy command end to end, pushing to a real (local, bare) git repository. */
class DeployCommandTest {
    @TempDir
    static Path jars;
    static Path dashboardJar;

    @TempDir
    Path work;
    DeployFixture f;

    @BeforeAll
    static void buildDashboard() throws IOException {
        dashboardJar = FixtureDashboards.jar(jars, "Healthy", FixtureDashboards.HEALTHY);
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new DeployFixture(work);
    }

    @Test
    void pushesTheAssembledAppAsOneCommitOnMain() throws Exception {
        byte[] r100 = f.record("100.h5", 5000);
        byte[] r101 = f.record("101.h5", 7000);
        f.summary("{\"records\": 2}");
        Files.writeString(f.data.resolve("notes.txt"), "not for the dashboard");
        Files.writeString(f.data.resolve(".102.h5.123-1.part"), "an interrupted write");

        String source = "0123456789abcdef0123456789abcdef01234567";
        DeployFixture.Run run = f.deployTo(dashboardJar, "--no-rehearse", "--dataset", "mitdb",
                "--source-commit", source);

        assertEquals(0, run.exit(), run::toString);
        List<String> lines = run.outLines();
        assertEquals("https://ecg-demo-1.herokuapp.com", lines.get(lines.size() - 1), run::toString);
        try (Git clone = f.cloneRemote("clone")) {
            Path c = clone.getRepository().getWorkTree().toPath();
            assertEquals(List.of(".git", "Procfile", "README.md", "dashboard.jar", "data", "system.properties"),
                    listing(c));
            assertEquals(List.of("100.h5", "101.h5", "summary.json"), listing(c.resolve("data")));
            assertArrayEquals(r100, Files.readAllBytes(c.resolve("data/100.h5")));
            assertArrayEquals(r101, Files.readAllBytes(c.resolve("data/101.h5")));
            assertArrayEquals(Files.readAllBytes(dashboardJar), Files.readAllBytes(c.resolve("dashboard.jar")));
            assertEquals("web: java $JAVA_OPTS -jar dashboard.jar --port $PORT --data data\n",
                    Files.readString(c.resolve("Procfile")));
            assertEquals("java.runtime.version=17\n", Files.readString(c.resolve("system.properties")));

            List<RevCommit> log = commits(clone);
            assertEquals(1, log.size(), "a single commit");
            RevCommit commit = log.get(0);
            assertEquals(0, commit.getParentCount());
            assertEquals("ecgpipe deploy", commit.getAuthorIdent().getName());
            assertEquals("Deploy mitdb from 0123456789: 2 record(s), data sha256:"
                    + digestIn(commit.getFullMessage()).substring("sha256:".length(), "sha256:".length() + 12),
                    commit.getShortMessage());
            assertTrue(commit.getFullMessage().contains("\nDataset: mitdb\nSource commit: " + source + "\n"),
                    commit.getFullMessage());
            assertTrue(Files.readString(c.resolve("README.md")).contains(digestIn(commit.getFullMessage())));
        }
        assertFalse(Files.exists(f.appDir.resolve(".git")), "no repository inside the app directory");
        assertEquals(List.of(".heroku-app.git", "heroku-app"), listing(f.appDir.getParent()),
                "besides the app, only the kept repository: no staging directory");
    }

    @Test
    void theSourceCommitIsCiCommitShaByDefault() throws Exception {
        f.record("100.h5", 100);
        f.env = Map.of("CI_COMMIT_SHA", "feedfacefeedfacefeedfacefeedfacefeedface");
        assertEquals(0, f.deployTo(dashboardJar, "--no-rehearse").exit());
        try (Git clone = f.cloneRemote("clone")) {
            RevCommit commit = commits(clone).get(0);
            assertTrue(commit.getShortMessage().startsWith("Deploy results from feedfacefe: 1 record(s)"),
                    commit.getShortMessage());
        }
    }

    @Test
    void aSecondDeployIsANewCommitOnTopOfTheFirst() throws Exception {
        f.record("100.h5", 3000);
        f.record("101.h5", 3000);
        f.summary("{\"records\": 2}");
        assertEquals(0, f.deployTo(dashboardJar).exit());
        String firstDigest;
        RevCommit first;
        try (Git clone = f.cloneRemote("first")) {
            first = commits(clone).get(0);
            firstDigest = digestIn(first.getFullMessage());
        }

        Files.delete(f.data.resolve("101.h5"));
        byte[] changed = f.record("100.h5", 4000);
        byte[] added = f.record("102.h5", 2000);
        DeployFixture.Run second = f.deployTo(dashboardJar);

        assertEquals(0, second.exit(), second::toString);
        try (Git clone = f.cloneRemote("second")) {
            Path c = clone.getRepository().getWorkTree().toPath();
            assertEquals(List.of("100.h5", "102.h5", "summary.json"), listing(c.resolve("data")));
            assertArrayEquals(changed, Files.readAllBytes(c.resolve("data/100.h5")));
            assertArrayEquals(added, Files.readAllBytes(c.resolve("data/102.h5")));
            List<RevCommit> log = commits(clone);
            assertEquals(2, log.size(), "the deploy history is kept");
            assertEquals(first, log.get(0).getParent(0));
            assertEquals(first, log.get(1));
            assertNotEquals(firstDigest, digestIn(log.get(0).getFullMessage()));
        }
        assertTrue(second.out().contains("(branch main, on top of " + first.abbreviate(10).name() + ")"), second::toString);
        assertEquals(List.of("100.h5", "102.h5", "summary.json"), listing(f.appDir.resolve("data")));
    }

    @Test
    void theRemoteIsFetchedFirstSoADeployFromAnotherMachineBuildsOnTop() throws Exception {
        f.record("100.h5", 3000);
        assertEquals(0, f.deployTo(dashboardJar, "--no-rehearse").exit());
        // Another machine: no kept repository, and someone committed to the app repository meanwhile.
        AppAssembler.deleteTree(AppPublisher.cacheDir(f.appDir));
        RevCommit theirs;
        try (Git other = f.cloneRemote("other")) {
            Files.writeString(other.getRepository().getWorkTree().toPath().resolve("NOTE"), "hotfix");
            other.add().addFilepattern("NOTE").call();
            theirs = other.commit().setMessage("hotfix").setAuthor("someone", "s@example.org")
                    .setCommitter("someone", "s@example.org").call();
            other.push().call();
        }

        DeployFixture.Run run = f.deployTo(dashboardJar, "--no-rehearse");

        assertEquals(0, run.exit(), run::toString);
        try (Git clone = f.cloneRemote("after")) {
            List<RevCommit> log = commits(clone);
            assertEquals(3, log.size(), log::toString);
            assertEquals(theirs, log.get(0).getParent(0));
            assertFalse(Files.exists(clone.getRepository().getWorkTree().toPath().resolve("NOTE")),
                    "the deploy's tree is the app alone");
        }
    }

    @Test
    void forceReplacesTheHistoryWithOneCommit() throws Exception {
        f.record("100.h5", 3000);
        assertEquals(0, f.deployTo(dashboardJar, "--no-rehearse").exit());
        assertEquals(0, f.deployTo(dashboardJar, "--no-rehearse").exit());

        DeployFixture.Run run = f.deployTo(dashboardJar, "--no-rehearse", "--force");

        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("(branch main, forced: history replaced)"), run::toString);
        try (Git clone = f.cloneRemote("clone")) {
            List<RevCommit> log = commits(clone);
            assertEquals(1, log.size(), log::toString);
            assertEquals(0, log.get(0).getParentCount());
        }
    }

    @Test
    void leftoversOfAKilledDeployAreSwept() throws Exception {
        f.record("100.h5", 100);
        f.summary("{}");
        Path parent = Files.createDirectories(f.appDir.getParent());
        Files.createDirectories(parent.resolve(".heroku-app.4711-1.part/data"));
        Files.createDirectories(parent.resolve(".heroku-app-git-123456/objects"));
        Files.createDirectories(parent.resolve(".heroku-app.old-4711"));
        Files.createDirectories(parent.resolve("unrelated"));

        assertEquals(0, f.deployTo(dashboardJar, "--no-rehearse").exit());

        assertEquals(List.of(".heroku-app.git", "heroku-app", "unrelated"), listing(parent));
    }

    @Test
    void badAppNameIsAUsageError() throws Exception {
        f.record("100.h5", 100);
        DeployFixture.Run run = f.deploy("--app", "ECG_Demo", "--data", f.data.toString(),
                "--dashboard-jar", dashboardJar.toString(), "--git-url", f.bare.toString());
        assertEquals(ExitCode.USAGE, run.exit(), run::toString);
        assertTrue(run.err().startsWith("deploy: error: invalid Heroku app name 'ECG_Demo'"), run::toString);
        assertFalse(Files.exists(f.appDir));
    }

    @Test
    void missingDataDirectoryIsInputMissing() {
        DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.root.resolve("nowhere").toString(),
                "--dashboard-jar", dashboardJar.toString(), "--git-url", f.bare.toString());
        assertEquals(ExitCode.INPUT_MISSING, run.exit(), run::toString);
        assertTrue(run.err().contains("data directory not found: "), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
    }

    @Test
    void dataDirectoryWithoutRecordsIsInputMissing() throws Exception {
        f.summary("{}");
        DeployFixture.Run run = f.deployTo(dashboardJar);
        assertEquals(ExitCode.INPUT_MISSING, run.exit(), run::toString);
        assertTrue(run.err().contains("no *.h5 record files in " + f.data), run::toString);
    }

    @Test
    void missingDashboardJarIsInputMissing() throws Exception {
        f.record("100.h5", 100);
        DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(),
                "--git-url", f.bare.toString());
        assertEquals(ExitCode.INPUT_MISSING, run.exit(), run::toString);
        assertTrue(run.err().contains("dashboard jar not found (looked for "
                + f.root.resolve("dashboard/target/dashboard.jar")), run::toString);
    }

    @Test
    void defaultDashboardJarIsFoundBelowTheWorkingDirectory() throws Exception {
        f.record("100.h5", 100);
        Path built = f.root.resolve("dashboard/target/dashboard.jar");
        Files.createDirectories(built.getParent());
        Files.copy(dashboardJar, built);
        DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(),
                "--git-url", f.bare.toString());
        assertEquals(0, run.exit(), run::toString);
        assertArrayEquals(Files.readAllBytes(built), Files.readAllBytes(f.appDir.resolve("dashboard.jar")));
    }

    @Test
    void herokuPushWithoutApiKeyIsRefusedBeforeAnyWork() throws Exception {
        f.record("100.h5", 100);
        DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(),
                "--dashboard-jar", dashboardJar.toString());
        assertEquals(ExitCode.ACCESS_DENIED, run.exit(), run::toString);
        assertEquals("deploy: error: no Heroku API key: set HEROKU_API_KEY or pass --api-key-file (needed for the"
                + " Heroku Platform API at https://api.heroku.com)\n", run.err(), run::toString);
        assertFalse(Files.exists(f.appDir));
    }

    @Test
    void oversizeAppIsRefusedBeforeCopying() throws Exception {
        f.record("100.h5", 100);
        // Sparse: 600 MB of apparent size, almost nothing on disk.
        try (RandomAccessFile big = new RandomAccessFile(f.data.resolve("101.h5").toFile(), "rw")) {
            big.setLength(600L * 1024 * 1024);
        }
        DeployFixture.Run run = f.deployTo(dashboardJar);
        assertEquals(ExitCode.BAD_INPUT, run.exit(), run::toString);
        assertTrue(run.err().contains("above Heroku's slug limit of 500.0 MB"), run::toString);
        assertFalse(Files.exists(f.appDir), "nothing assembled");
        assertFalse(f.remoteHasCommits(), "nothing pushed");
    }

    @Test
    void largeAppIsDeployedWithAWarning() throws Exception {
        f.record("100.h5", 40_000);
        f.summary("{}");
        long jar = Files.size(dashboardJar);
        f.limit = new SlugLimit(jar + 1_000_000, jar + 10_000);
        DeployFixture.Run run = f.deployTo(dashboardJar);
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.err().startsWith("deploy: warning: the app is "), run::toString);
        assertTrue(f.remoteHasCommits());
    }

    @Test
    void dryRunAssemblesAndPrintsThePlanWithoutPushing() throws Exception {
        f.record("100.h5", 1234);
        f.summary("{}");
        DeployFixture.Run run = f.deployTo(dashboardJar, "--dry-run");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("dry run: nothing called, nothing pushed"), run::toString);
        assertTrue(run.out().contains("4. push to:     " + f.bare + " (branch main, fetched first, a new commit on top)"),
                run::toString);
        assertTrue(run.out().contains("2. rehearse: skipped in a dry run without --rehearse"), run::toString);
        assertTrue(run.out().contains("3. prepare: no Platform API"), run::toString);
        assertTrue(run.out().contains("        1234  data/100.h5"), run::toString);
        assertTrue(Files.isRegularFile(f.appDir.resolve("Procfile")));
        assertFalse(f.remoteHasCommits());
    }

    @Test
    void aMissingSummaryIsDeployedWithAWarning() throws Exception {
        f.record("100.h5", 10);
        DeployFixture.Run run = f.deployTo(dashboardJar);
        assertEquals(0, run.exit(), run::toString);
        assertEquals("deploy: warning: no summary.json in " + f.data + ": the dashboard will have no dataset summary\n",
                run.err());
    }

    @Test
    void dryRunNeedsNoApiKey() throws Exception {
        f.record("100.h5", 10);
        DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(),
                "--dashboard-jar", dashboardJar.toString(), "--dry-run");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("to:     https://git.heroku.com/ecg-demo-1.git"), run::toString);
    }

    @Test
    void refusesToReplaceADirectoryItDidNotMake() throws Exception {
        f.record("100.h5", 10);
        Path precious = Files.createDirectories(f.root.resolve("precious"));
        Files.writeString(precious.resolve("thesis.tex"), "\\chapter{}");
        DeployFixture.Run run = f.deployTo(dashboardJar, "--app-dir", precious.toString());
        assertEquals(ExitCode.USAGE, run.exit(), run::toString);
        assertTrue(run.err().contains("exists and is not an app directory made by deploy"), run::toString);
        assertEquals(List.of("thesis.tex"), listing(precious));
    }

    @Test
    void helpListsOptionsAndExitCodes() {
        DeployFixture.Run run = f.deploy("--help");
        assertEquals(0, run.exit());
        for (String s : List.of("--app", "--app-prefix", "--app-name-file", "--data", "--git-url", "--rehearse",
                "--no-rehearse", "--force", "--api-key-file", "--region", "--stack", "--config-var", "--no-verify",
                "--dashboard-jar", "--app-dir", "--dry-run", "Exit Codes:", "HEROKU_API_KEY")) {
            assertTrue(run.out().contains(s), () -> s + " missing in\n" + run.out());
        }
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        DeployFixture.Run run = f.deploy("--app", "ecg-demo-1");
        assertEquals(ExitCode.USAGE, run.exit());
        assertTrue(run.err().contains("Missing required option: '--data=DIR'"), run::toString);
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<RevCommit> commits(Git git) throws Exception {
        return StreamSupport.stream(git.log().call().spliterator(), false).toList();
    }

    /** The full data digest the commit message names. */
    static String digestIn(String commitMessage) {
        return commitMessage.lines().filter(l -> l.startsWith("Data digest: ")).findFirst()
                .map(l -> l.substring("Data digest: ".length())).orElseThrow();
    }

    static Map<String, String> apiKey(String key) {
        return Map.of("HEROKU_API_KEY", key);
    }
}
