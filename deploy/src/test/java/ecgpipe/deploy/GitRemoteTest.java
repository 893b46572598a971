package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import ecgpipe.common.ExitCode;
import ecgpipe.common.testing.Prerequisites;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the push reports what git servers answer: a rejection, no server at all, a refused login. */
class GitRemoteTest {
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
        f.record("100.h5", 2000);
        f.summary("{}");
    }

    @Test
    void aRejectedPushReportsTheRemotesMessage() throws Exception {
        // A real git server (JGit's git:// daemon) whose pre-receive hook refuses, as Heroku's does when a build fails.
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
                    pack.sendMessage("Build failed: deploys are frozen for maintenance");
                    commands.forEach(c -> c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON,
                            "pre-receive hook declined"));
                });
                return rp;
            });
            daemon.start();
            try {
                String url = "git://127.0.0.1:" + daemon.getAddress().getPort() + "/ecg-demo-1.git";
                DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(),
                        "--dashboard-jar", dashboardJar.toString(), "--git-url", url);

                assertEquals(ExitCode.BAD_INPUT, run.exit(), run::toString);
                assertEquals(1, run.err().lines().count(), run::toString);
                assertTrue(run.err().startsWith("deploy: error: push to " + url + " rejected: "), run::toString);
                assertTrue(run.err().contains("rejected: pre-receive hook declined; remote said: Build failed: deploys are"
                        + " frozen for maintenance"), run::toString);
                assertTrue(run.out().contains("remote: Build failed: deploys are frozen for maintenance"),
                        run::toString);
                assertTrue(!f.remoteHasCommits());
            } finally {
                daemon.stopAndWait();
            }
        }
    }

    @Test
    void anUnreachableRemoteIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/ecg-demo-1.git";
        DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(),
                "--dashboard-jar", dashboardJar.toString(), "--git-url", url);
        assertEquals(ExitCode.UNAVAILABLE, run.exit(), run::toString);
        assertTrue(run.err().startsWith("deploy: error: cannot push to " + url + ": "), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
    }

    @Test
    void aRefusedLoginIsAccessDenied() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            x.sendResponseHeaders(401, -1);
            x.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ecg-demo-1.git";
            f.env = DeployCommandTest.apiKey("not-a-valid-key");
            DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(),
                    "--dashboard-jar", dashboardJar.toString(), "--git-url", url);
            assertEquals(ExitCode.ACCESS_DENIED, run.exit(), run::toString);
            assertTrue(run.err().contains("refused"), run::toString);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theLocalPathOfARemoteMayBeRelative() throws Exception {
        DeployFixture.Run run = f.deploy("--app", "ecg-demo-1", "--data", f.data.toString(),
                "--dashboard-jar", dashboardJar.toString(), "--git-url", f.root.relativize(f.bare).toString());
        assertEquals(0, run.exit(), run::toString);
        assertTrue(f.remoteHasCommits());
    }

    @Test
    void thePushedRepositoryIsSoundForGitItself() throws Exception {
        Path git = Prerequisites.tool("git");
        assertEquals(0, f.deployTo(dashboardJar).exit());

        assertEquals(0, run(List.of(git.toString(), "--git-dir", f.bare.toString(), "fsck", "--strict")));
        Path clone = work.resolve("cli-clone");
        assertEquals(0, run(List.of(git.toString(), "clone", "-q", "-b", "main", f.bare.toString(), clone.toString())));
        assertEquals("web: java $JAVA_OPTS -jar dashboard.jar --port $PORT --data data\n",
                Files.readString(clone.resolve("Procfile")));
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command::toString);
        return p.exitValue();
    }
}
