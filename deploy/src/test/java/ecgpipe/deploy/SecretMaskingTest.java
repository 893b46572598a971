package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.ReceivePack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API key never comes from the command line and never shows in output, errors or stack traces. */
class SecretMaskingTest {
    static final String KEY = "c0ffee00-1234-4321-beef-0badcafe0001";

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
        f.record("100.h5", 500);
        f.summary("{}");
    }

    @Test
    void aKeyOnTheCommandLineIsRefusedWithoutEchoingIt() {
        for (String[] form : new String[][] {{"--api-key=" + KEY}, {"--api-key", KEY}, {"--key", KEY}}) {
            String[] args = new String[form.length + 4];
            System.arraycopy(new String[] {"--app", "ecg-demo-1", "--data", f.data.toString()}, 0, args, 0, 4);
            System.arraycopy(form, 0, args, 4, form.length);
            DeployFixture.Run run = f.deploy(args);
            assertEquals(ExitCode.USAGE, run.exit(), run::toString);
            assertTrue(run.err().startsWith("deploy: error: the API key is never taken from the command line"),
                    run::toString);
            assertFalse(run.toString().contains(KEY), run::toString);
        }
    }

    @Test
    void theKeyFileIsReadAndALooseOneIsWarnedAbout() throws Exception {
        Path keyFile = work.resolve("heroku.key");
        Files.writeString(keyFile, KEY + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        DeployFixture.Run run = f.deployTo(dashboardJar, "--api-key-file", keyFile.toString(), "--dry-run");

        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.err().contains("deploy: warning: the API key file " + keyFile + " is readable by everyone:"
                + " chmod 600 it"), run::toString);
        assertTrue(run.out().contains("Authorization: Bearer ******** from --api-key-file " + keyFile)
                || !run.out().contains("3. prepare the app"), run::toString);
        assertFalse(run.toString().contains(KEY), run::toString);

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        DeployFixture.Run quiet = f.deployTo(dashboardJar, "--api-key-file", keyFile.toString(), "--dry-run");
        assertEquals("", quiet.err(), quiet::toString);
    }

    @Test
    void aMissingOrEmptyKeyFileIsRefused() throws Exception {
        DeployFixture.Run missing = f.deployTo(dashboardJar, "--api-key-file", work.resolve("nope.key").toString());
        assertEquals(ExitCode.INPUT_MISSING, missing.exit(), missing::toString);
        assertTrue(missing.err().startsWith("deploy: error: API key file not found: "), missing::toString);

        Path empty = Files.writeString(work.resolve("empty.key"), "\n");
        DeployFixture.Run blank = f.deployTo(dashboardJar, "--api-key-file", empty.toString());
        assertEquals(ExitCode.BAD_INPUT, blank.exit(), blank::toString);
    }

    @Test
    void aRemoteThatQuotesTheKeyHasItMasked() throws Exception {
        // A git server that repeats the password it was given, in its side-band messages and in its refusal.
        Daemon daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
        daemon.getService("git-receive-pack").setEnabled(true);
        try (Repository repo = new FileRepositoryBuilder().setGitDir(f.bare.toFile()).build()) {
            daemon.setRepositoryResolver((client, name) -> {
                repo.incrementOpen();
                return repo;
            });
            daemon.setReceivePackFactory((client, db) -> {
                ReceivePack rp = new ReceivePack(db);
                rp.setPreReceiveHook((pack, commands) -> {
                    pack.sendMessage("checking key " + KEY.substring(0, 10));
                    pack.sendMessage(KEY.substring(10) + " is not allowed here");
                    pack.sendMessage("your key " + KEY + " is not allowed here");
                    commands.forEach(c -> c.setResult(org.eclipse.jgit.transport.ReceiveCommand.Result
                            .REJECTED_OTHER_REASON, "key " + KEY + " refused"));
                });
                return rp;
            });
            daemon.start();
            try {
                f.env = Map.of("HEROKU_API_KEY", KEY);
                String url = "git://127.0.0.1:" + daemon.getAddress().getPort() + "/app.git";
                DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(),
                        "--dashboard-jar", dashboardJar.toString(), "--git-url", url, "--no-rehearse", "-v");

                assertEquals(ExitCode.BAD_INPUT, run.exit(), run::toString);
                assertTrue(run.out().contains("remote: your key ******** is not allowed here"), run::toString);
                assertTrue(run.err().contains("key ******** refused"), run::toString);
                assertFalse(run.toString().contains(KEY), run::toString);
            } finally {
                daemon.stopAndWait();
            }
        }
    }

    @Test
    void theApiClientNeverFollowsARedirectWithTheKey() throws Exception {
        List<String> elsewhere = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", x -> {
            elsewhere.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        other.start();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", x -> {
            x.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/steal");
            x.sendResponseHeaders(307, -1);
            x.close();
        });
        api.start();
        try {
            HerokuCredentials c = HerokuCredentials.fromEnvironment(Map.of("HEROKU_API_KEY", KEY));
            HerokuApi client = new HerokuApi(URI.create("http://127.0.0.1:" + api.getAddress().getPort()), c, d -> { });
            PipelineException e = assertThrows(PipelineException.class, () -> client.findApp("ecg-demo-1"));
            assertTrue(e.getMessage().contains("(HTTP 307)"), e.getMessage());
            assertEquals(List.of(), elsewhere);
        } finally {
            api.stop(0);
            other.stop(0);
        }
    }

    @Test
    void theMaskingWriterFindsAKeyWrittenInPieces() {
        HerokuCredentials c = HerokuCredentials.fromEnvironment(Map.of("HEROKU_API_KEY", KEY));
        StringWriter sink = new StringWriter();
        PrintWriter w = MaskingWriter.wrap(new PrintWriter(sink), c::mask);
        w.print("key=" + KEY.substring(0, 5));
        w.print(KEY.substring(5));
        w.println(" end");
        w.print("tail " + KEY);
        w.flush();
        assertEquals("key=******** end" + System.lineSeparator() + "tail ********", sink.toString());
    }

    @Test
    void credentialsSayWhereTheKeyCameFromNeverWhatItIs() {
        HerokuCredentials c = HerokuCredentials.fromEnvironment(Map.of("HEROKU_API_KEY", KEY));
        assertEquals("HerokuCredentials[key from HEROKU_API_KEY]", c.toString());
        assertEquals("Bearer " + KEY, c.authorization());
    }
}
