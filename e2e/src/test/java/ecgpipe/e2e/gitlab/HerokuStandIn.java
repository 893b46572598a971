package ecgpipe.e2e.gitlab;

import ecgpipe.deploy.FakeHeroku;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Heroku for the pipeline test, which cannot reach the real one: deploy's Platform API stand-in ({@link FakeHeroku},
 * which follows Heroku's API reference and turns a pushed commit into a build), plus what Heroku does around the
 * API — a git repository per app that the deploy pushes to (a bare repository on disk), and the release: once the
 * build of a pushed commit succeeds, that commit is checked out into a fresh directory and its Procfile's
 * {@code web} command is started with {@code PORT} and the app's config vars, as a dyno would, on the port the
 * app's {@code web_url} names. The previous release is stopped first.
 */
final class HerokuStandIn implements AutoCloseable {
    /** A started release: the commit, where it was checked out, its web process. */
    record Release(String app, String commit, Path dir, Process web) {
    }

    private final Path root;
    private final FakeHeroku api;
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    final List<Release> releases = new CopyOnWriteArrayList<>();

    HerokuStandIn(String key, Path root) throws IOException {
        this.root = Files.createDirectories(root);
        this.api = new FakeHeroku(key, this::gitRepository);
        api.webUrlOf = this::webUrl;
        api.releaser = this::release;
    }

    String apiUrl() {
        return api.url().toString();
    }

    /** The app as the Platform API knows it (buildpacks, config vars), or null before the deploy created it. */
    FakeHeroku.App app(String name) {
        return api.apps.get(name);
    }

    /**
     * Where deploy.jar pushes an app (its --git-url): the app's repository, created on first use — Heroku creates
     * it with the app, and the test hands the URL to the pipeline before the deploy job creates the app.
     */
    Path gitRepository(String app) {
        Path repo = root.resolve(app + ".git");
        if (!Files.isDirectory(repo)) {
            git(root, "init", "-q", "--bare", "--initial-branch", "main", repo.toString());
        }
        return repo;
    }

    /** Where the app's released web process listens: a free port chosen once per app, as its web_url. */
    String webUrl(String app) {
        return "http://127.0.0.1:" + port(app) + "/";
    }

    int port(String app) {
        return ports.computeIfAbsent(app, a -> {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port for " + a, e);
            }
        });
    }

    @Override
    public void close() {
        api.close();
        releases.forEach(r -> stop(r.web()));
    }

    private void release(String app, String commit) throws IOException {
        releases.stream().filter(r -> r.app().equals(app)).forEach(r -> stop(r.web()));
        Path dir = root.resolve(app + "-release-" + (releases.size() + 1));
        git(root, "clone", "-q", gitRepository(app).toString(), dir.toString());
        git(dir, "-c", "advice.detachedHead=false", "checkout", "-q", commit);
        String web = Files.readAllLines(dir.resolve("Procfile")).stream().filter(l -> l.startsWith("web:"))
                .map(l -> l.substring(4).strip()).findFirst()
                .orElseThrow(() -> new IOException("the Procfile of " + commit + " has no web process"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", web).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("web.log").toFile());
        pb.environment().putAll(app(app).config());
        pb.environment().put("PORT", Integer.toString(port(app)));
        Process dyno = pb.start();
        // The released app never outlives the test JVM, even when close() is not reached.
        Runtime.getRuntime().addShutdownHook(new Thread(dyno::destroy));
        releases.add(new Release(app, commit, dir, dyno));
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs git (the CLI, as a user's checkout would), failing with its output. */
    static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: git " + String.join(" ", args), e);
        }
    }
}
