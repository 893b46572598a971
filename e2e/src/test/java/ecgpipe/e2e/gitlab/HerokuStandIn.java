package ecgpipe.e2e.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heroku for the pipeline test, which cannot reach the real one: the Platform API endpoints deploy.jar calls
 * (apps, buildpack installations, config vars, builds and their output streams; {@code Accept:
 * application/vnd.heroku+json; version=3}, Bearer key, error bodies with Heroku's ids), a git repository per
 * app that the deploy pushes to (a bare repository on disk, created with the app, as Heroku creates one), and
 * the release: once the build of a pushed commit succeeds, that commit is checked out into a fresh directory and
 * its Procfile's {@code web} command is started with {@code PORT} and the app's config vars, as a dyno would, on
 * the port the app's {@code web_url} names. The previous release is stopped first.
 */
final class HerokuStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = "application/vnd.heroku+json; version=3";
    private static final Pattern APP = Pattern.compile("/apps/([^/]+)(?:/(buildpack-installations|config-vars|builds))?");

    record App(String id, String name, int port, Path repository, Map<String, String> config, List<String> buildpacks) {
        String webUrl() {
            return "http://127.0.0.1:" + port + "/";
        }
    }

    record Build(String id, String commit, String[] status) {
    }

    /** A started release: the commit, where it was checked out, its web process. */
    record Release(String app, String commit, Path dir, Process web) {
    }

    private final HttpServer server;
    private final String key;
    private final Path root;
    final Map<String, App> apps = new ConcurrentHashMap<>();
    final Map<String, List<Build>> builds = new ConcurrentHashMap<>();
    final List<Release> releases = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    HerokuStandIn(String key, Path root) throws IOException {
        this.key = key;
        this.root = Files.createDirectories(root);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where deploy.jar pushes an app (its --git-url): the app's repository. */
    Path gitRepository(String app) {
        return root.resolve(app + ".git");
    }

    @Override
    public void close() {
        server.stop(0);
        releases.forEach(r -> stop(r.web()));
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            try {
                serve(x);
            } catch (Exception e) {
                // Said in the answer, so that deploy.jar's error message (in the job log) shows what broke here.
                error(x, 500, "internal_server_error", "stand-in: " + e);
            }
        }
    }

    private void serve(HttpExchange x) throws Exception {
        {
            String path = x.getRequestURI().getPath();
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.startsWith("/streams/")) {
                // Output streams are signed URLs at Heroku: no Authorization.
                send(x, 200, "text/plain", ("-----> Building on the Heroku-24 stack\n-----> Using buildpack: heroku/jvm\n"
                        + "-----> Discovering process types\n       Procfile declares types -> web\n-----> Launching...\n")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            calls.add(x.getRequestMethod() + " " + path);
            if (!ACCEPT.equals(x.getRequestHeaders().getFirst("Accept"))) {
                error(x, 400, "bad_request", "Please specify a version along with Heroku's API MIME type.");
            } else if (!("Bearer " + key).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                error(x, 401, "unauthorized", "Invalid credentials provided.");
            } else {
                route(x, x.getRequestMethod(), path, body);
            }
        }
    }

    private void route(HttpExchange x, String method, String path, String body) throws Exception {
        if (path.equals("/apps") && method.equals("POST")) {
            String name = JSON.readTree(body).path("name").asText();
            if (apps.containsKey(name)) {
                error(x, 422, "invalid_params", "Name " + name + " is already taken");
                return;
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path repo = gitRepository(name);
            git(root, "init", "-q", "--bare", "--initial-branch", "main", repo.toString());
            App app = new App(UUID.randomUUID().toString(), name, port, repo, new ConcurrentHashMap<>(),
                    new CopyOnWriteArrayList<>());
            apps.put(name, app);
            sendJson(x, 201, appJson(app));
            return;
        }
        Matcher m = APP.matcher(path);
        App app = m.matches() ? apps.get(m.group(1)) : null;
        if (app == null) {
            error(x, 404, "not_found", "Couldn't find that app.");
            return;
        }
        String sub = m.group(2) == null ? "" : m.group(2);
        switch (sub + " " + method) {
            case " GET" -> sendJson(x, 200, appJson(app));
            case "buildpack-installations PUT" -> {
                app.buildpacks().clear();
                ArrayNode out = JSON.createArrayNode();
                for (JsonNode u : JSON.readTree(body).path("updates")) {
                    app.buildpacks().add(u.path("buildpack").asText());
                    out.addObject().put("ordinal", out.size()).putObject("buildpack")
                            .put("url", u.path("buildpack").asText()).put("name", u.path("buildpack").asText());
                }
                sendJson(x, 200, out);
            }
            case "config-vars GET" -> sendJson(x, 200, JSON.valueToTree(app.config()));
            case "config-vars PATCH" -> {
                JSON.readTree(body).properties().forEach(e -> {
                    if (e.getValue().isNull()) {
                        app.config().remove(e.getKey());
                    } else {
                        app.config().put(e.getKey(), e.getValue().asText());
                    }
                });
                sendJson(x, 200, JSON.valueToTree(app.config()));
            }
            case "builds GET" -> sendJson(x, 200, builds(app));
            default -> error(x, 404, "not_found", "Not found.");
        }
    }

    /** A pushed commit without a build gets one: pending on the first look, then succeeded and released. */
    private ArrayNode builds(App app) throws Exception {
        List<Build> list = builds.computeIfAbsent(app.name(), k -> new CopyOnWriteArrayList<>());
        String head = git(app.repository(), "rev-parse", "--verify", "-q", "refs/heads/main").strip();
        if (!head.isEmpty() && list.stream().noneMatch(b -> b.commit().equals(head))) {
            list.add(new Build(UUID.randomUUID().toString(), head, new String[] {"pending"}));
        } else {
            for (Build b : list) {
                if (b.status()[0].equals("pending")) {
                    b.status()[0] = "succeeded";
                    release(app, b.commit());
                }
            }
        }
        ArrayNode out = JSON.createArrayNode();
        for (Build b : list) {
            ObjectNode n = out.addObject();
            n.put("id", b.id());
            n.put("status", b.status()[0]);
            n.put("output_stream_url", apiUrl() + "/streams/" + b.id());
            n.putObject("source_blob").put("version", b.commit()).putNull("checksum").put("url", "");
            n.putObject("app").put("id", app.id());
            n.put("created_at", "2026-11-25T12:00:00Z");
        }
        return out;
    }

    private void release(App app, String commit) throws Exception {
        releases.stream().filter(r -> r.app().equals(app.name())).forEach(r -> stop(r.web()));
        Path dir = root.resolve(app.name() + "-release-" + (releases.size() + 1));
        git(root, "clone", "-q", app.repository().toString(), dir.toString());
        git(dir, "-c", "advice.detachedHead=false", "checkout", "-q", commit);
        String web = Files.readAllLines(dir.resolve("Procfile")).stream().filter(l -> l.startsWith("web:"))
                .map(l -> l.substring(4).strip()).findFirst()
                .orElseThrow(() -> new IOException("the Procfile of " + commit + " has no web process"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", web).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("web.log").toFile());
        pb.environment().putAll(app.config());
        pb.environment().put("PORT", Integer.toString(app.port()));
        Process dyno = pb.start();
        // The released app never outlives the test JVM, even when close() is not reached.
        Runtime.getRuntime().addShutdownHook(new Thread(dyno::destroy));
        releases.add(new Release(app.name(), commit, dir, dyno));
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

    private ObjectNode appJson(App app) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", app.id());
        a.put("name", app.name());
        a.put("web_url", app.webUrl());
        a.put("git_url", "https://git.heroku.com/" + app.name() + ".git");
        a.putObject("region").put("name", "us");
        a.putObject("stack").put("name", "heroku-24");
        return a;
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        // rev-parse --verify -q answers 1 for a branch not pushed yet: that is "no head", not an error.
        if (p.exitValue() != 0 && !args[0].equals("rev-parse")) {
            throw new IOException("git " + String.join(" ", args) + ": " + out);
        }
        return p.exitValue() == 0 ? out : "";
    }

    private static void error(HttpExchange x, int status, String id, String message) throws IOException {
        sendJson(x, status, JSON.createObjectNode().put("id", id).put("message", message));
    }

    private static void sendJson(HttpExchange x, int status, JsonNode json) throws IOException {
        send(x, status, "application/json", JSON.writeValueAsBytes(json));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        // No keep-alive: a client reusing a connection the server is just closing as idle sees "no bytes".
        x.getResponseHeaders().add("Connection", "close");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream os = x.getResponseBody()) {
            os.write(body);
        }
    }
}
