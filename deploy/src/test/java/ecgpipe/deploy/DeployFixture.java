package ecgpipe.deploy;

import ecgpipe.common.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * A working directory for deploy tests: a results directory of made-up record files, a runnable
 * dashboard jar, a bare git repository to push to, and a way to run the command line in it.
 */
final class DeployFixture {
    final Path root;
    final Path data;
    final Path bare;
    final Path appDir;
    Map<String, String> env = Map.of();
    SlugLimit limit = SlugLimit.HEROKU;
    Duration bootTimeout = Duration.ofSeconds(30);
    Duration stopTimeout = Duration.ofSeconds(30);
    /** The pauses the deploy asked for (API retries, build and health polling), recorded instead of slept. */
    final List<Duration> pauses = new java.util.concurrent.CopyOnWriteArrayList<>();
    Duration pollInterval = Duration.ofMillis(50);
    private final Random random = new Random(20261125);

    DeployFixture(Path root) throws IOException, GitAPIException {
        this.root = root;
        this.data = Files.createDirectories(root.resolve("results"));
        this.bare = root.resolve("remote.git");
        this.appDir = root.resolve("target").resolve("heroku-app");
        bareRepository(bare);
    }

    /** An empty bare repository with branch main, as Heroku makes one for a new app. */
    static void bareRepository(Path dir) throws IOException, GitAPIException {
        try (Git git = Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            // JGit's in-process receive-pack would start a background gc here, racing the test's cleanup.
            var config = git.getRepository().getConfig();
            config.setBoolean("receive", null, "autogc", false);
            config.setBoolean("gc", null, "auto", false);
            config.save();
        }
    }

    /** A record file of {@code bytes} random bytes: deploy copies the results, it never parses them. */
    byte[] record(String name, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        random.nextBytes(content);
        Files.write(data.resolve(name), content);
        return content;
    }

    void summary(String json) throws IOException {
        Files.writeString(data.resolve("summary.json"), json);
    }

    /** Exit code and both output streams of one run. */
    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    Run deploy(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        DeployCommand command = new DeployCommand(
                () -> new Deployer(env, limit, bootTimeout, stopTimeout, root, Optional.empty(), d -> {
                    pauses.add(d);
                    // Polls really wait a little, so a server's state can change between them; retries do not.
                    Thread.sleep(Math.min(d.toMillis(), pollInterval.toMillis()));
                }, pollInterval));
        int exit = Cli.commandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The usual arguments: app name, data, dashboard jar and the local bare repository. */
    Run deployTo(Path dashboardJar, String... extra) {
        List<String> args = new ArrayList<>(List.of("--app", "ecg-demo-1", "--data", data.toString(),
                "--dashboard-jar", dashboardJar.toString(), "--git-url", bare.toString()));
        args.addAll(List.of(extra));
        return deploy(args.toArray(String[]::new));
    }

    /** A fresh clone of the bare repository's main branch. */
    Git cloneRemote(String name) throws GitAPIException {
        return Git.cloneRepository().setURI(bare.toUri().toString()).setBranch("main")
                .setDirectory(root.resolve(name).toFile()).call();
    }

    boolean remoteHasCommits() throws IOException {
        try (Git git = Git.open(bare.toFile())) {
            return git.getRepository().getRefDatabase().hasRefs();
        }
    }
}
