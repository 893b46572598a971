package ecgpipe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A local stand-in for the Heroku Platform API (Heroku itself cannot be reached from here), following its
 * reference: the app, buildpack-installation, config-vars and build endpoints with their JSON shapes,
 * {@code Accept: application/vnd.heroku+json; version=3}, Bearer authentication, and error bodies
 * {@code {"id": ..., "message": ...}} with Heroku's ids ({@code unauthorized}, {@code not_found},
 * {@code invalid_params}, {@code rate_limit}).
 *
 * <p>Builds appear as Heroku's do after a git push: when the app's repository (read from disk) has a
 * {@code main} commit that has no build yet, a build of it is created, {@code pending} for a few polls,
 * then {@code succeeded} or {@code failed}; its output is served at its {@code output_stream_url}. A
 * {@link Releaser} may run the built commit, as Heroku's dyno manager would. Public in deploy's test-jar: the e2e
 * pipeline test deploys to it too.
 */
public final class FakeHeroku implements AutoCloseable {
    static final String ACCEPT = "application/vnd.heroku+json; version=3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern APP = Pattern.compile("/apps/([^/]+)");
    private static final Pattern APP_SUB = Pattern.compile("/apps/([^/]+)/(buildpack-installations|config-vars|builds)");
    private static final Pattern STREAM = Pattern.compile("/streams/([0-9a-f-]+)");

    /** Runs a successfully built commit (Heroku: starts the web dyno of the new release). */
    public interface Releaser {
        void release(String app, String commit) throws Exception;
    }

    record Request(String method, String path, String authorization, String accept, String body, String range) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public record App(String id, String name, String region, String stack, Map<String, String> config,
               List<String> buildpacks) {
    }

    static final class Build {
        final String id = UUID.randomUUID().toString();
        final String commit;
        String status = "pending";
        int pollsLeft;
        final String output;
        final boolean fails;

        Build(String commit, int polls, boolean fails, String output) {
            this.commit = commit;
            this.pollsLeft = polls;
            this.fails = fails;
            this.output = output;
        }
    }

    private final HttpServer server;
    private final String validKey;
    private final Function<String, Path> repositoryOf;
    public final Map<String, App> apps = new ConcurrentHashMap<>();
    /** Names other accounts own: GET answers 404 (Heroku does not say whose), POST 422 "taken". */
    final Set<String> othersApps = ConcurrentHashMap.newKeySet();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Map<String, List<Build>> builds = new ConcurrentHashMap<>();

    /** The next app creations refused as "taken" whatever the name (a busy namespace). */
    volatile int takeNextNames;
    /** The next requests answered 429 rate_limit, with this Retry-After (seconds; negative: no header). */
    volatile int rateLimitNext;
    volatile int retryAfterSeconds = 2;
    /** Builds stay pending for this many polls. */
    volatile int pendingPolls = 2;
    volatile boolean buildsFail;
    /** Builds per page of the build list; more come with 206 Partial Content and a Next-Range header. */
    volatile int pageSize = 200;
    /** Text some servers put into error messages: used to check that the client masks what it prints. */
    volatile boolean echoCredentialsInErrors;
    public volatile Releaser releaser = (app, commit) -> { };
    /** The web_url the API reports for an app: Heroku's is fixed when the app is created. */
    public volatile Function<String, String> webUrlOf = app -> "https://" + app + ".herokuapp.com/";
    private final String buildOutput;

    public FakeHeroku(String validKey, Function<String, Path> repositoryOf) throws IOException {
        this(validKey, repositoryOf, String.join("\n", "-----> Building on the Heroku-24 stack",
                "-----> Using buildpack: heroku/jvm", "-----> JVM Common app detected",
                "-----> Installing OpenJDK 17... done", "-----> Discovering process types",
                "       Procfile declares types -> web", "-----> Compressing...", "       Done: 14.2M",
                "-----> Launching...", "       Released v3") + "\n");
    }

    FakeHeroku(String validKey, Function<String, Path> repositoryOf, String buildOutput) throws IOException {
        this.validKey = validKey;
        this.repositoryOf = repositoryOf;
        this.buildOutput = buildOutput;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An app the key's account already owns. */
    App existing(String name, Map<String, String> config) {
        App a = new App(UUID.randomUUID().toString(), name, "us", "heroku-24", new ConcurrentHashMap<>(config),
                new CopyOnWriteArrayList<>());
        apps.put(name, a);
        return a;
    }

    List<String> calls() {
        return requests.stream().map(Request::toString).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = x.getRequestHeaders().getFirst("Authorization");
            Matcher stream = STREAM.matcher(path);
            if (stream.matches()) {
                // Signed URLs: Heroku's stream URLs need no Authorization.
                serveStream(x, stream.group(1));
                return;
            }
            requests.add(new Request(method, path, auth, x.getRequestHeaders().getFirst("Accept"), body,
                    x.getRequestHeaders().getFirst("Range")));
            if (rateLimitNext > 0) {
                rateLimitNext--;
                if (retryAfterSeconds >= 0) {
                    x.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                }
                error(x, 429, "rate_limit", "Your account reached the API rate limit\nPlease wait a few minutes"
                        + " before making new requests");
                return;
            }
            if (!ACCEPT.equals(x.getRequestHeaders().getFirst("Accept"))) {
                error(x, 400, "bad_request", "Please specify a version along with Heroku's API MIME type.");
                return;
            }
            if (auth == null || !auth.equals("Bearer " + validKey)) {
                error(x, 401, "unauthorized", "Invalid credentials provided."
                        + (echoCredentialsInErrors && auth != null ? " (you sent: " + auth + ")" : ""));
                return;
            }
            route(x, method, path, body);
        }
    }

    private void route(HttpExchange x, String method, String path, String body) throws IOException {
        if (path.equals("/apps") && method.equals("POST")) {
            createApp(x, JSON.readTree(body));
            return;
        }
        Matcher sub = APP_SUB.matcher(path);
        if (sub.matches()) {
            App app = apps.get(sub.group(1));
            if (app == null) {
                error(x, 404, "not_found", "Couldn't find that app.");
                return;
            }
            switch (sub.group(2) + " " + method) {
                case "buildpack-installations PUT" -> {
                    app.buildpacks().clear();
                    ArrayNode out = JSON.createArrayNode();
                    int ordinal = 0;
                    for (JsonNode u : JSON.readTree(body).path("updates")) {
                        String bp = u.path("buildpack").asText();
                        app.buildpacks().add(bp);
                        out.addObject().put("ordinal", ordinal++).putObject("buildpack").put("url", bp).put("name", bp);
                    }
                    send(x, 200, out);
                }
                case "config-vars GET" -> send(x, 200, JSON.valueToTree(app.config()));
                case "config-vars PATCH" -> {
                    JSON.readTree(body).properties().forEach(e -> {
                        if (e.getValue().isNull()) {
                            app.config().remove(e.getKey());
                        } else {
                            app.config().put(e.getKey(), e.getValue().asText());
                        }
                    });
                    send(x, 200, JSON.valueToTree(app.config()));
                }
                case "builds GET" -> listBuilds(x, app);
                default -> error(x, 404, "not_found", "Not found.");
            }
            return;
        }
        Matcher one = APP.matcher(path);
        if (one.matches() && method.equals("GET")) {
            App app = apps.get(one.group(1));
            if (app == null) {
                error(x, 404, "not_found", "Couldn't find that app.");
            } else {
                send(x, 200, appJson(app));
            }
            return;
        }
        error(x, 404, "not_found", "Not found.");
    }

    private void createApp(HttpExchange x, JsonNode req) throws IOException {
        String name = req.path("name").asText();
        if (takeNextNames > 0 || othersApps.contains(name) || apps.containsKey(name)) {
            if (takeNextNames > 0) {
                takeNextNames--;
            }
            error(x, 422, "invalid_params", "Name " + name + " is already taken");
            return;
        }
        if (!name.matches("[a-z][a-z0-9-]{1,28}[a-z0-9]")) {
            error(x, 422, "invalid_params", "Name must start with a letter, end with a letter or digit and can"
                    + " only contain lowercase letters, digits, and dashes.");
            return;
        }
        App app = new App(UUID.randomUUID().toString(), name, req.path("region").asText("us"),
                req.path("stack").asText("heroku-24"), new ConcurrentHashMap<>(), new CopyOnWriteArrayList<>());
        apps.put(name, app);
        send(x, 201, appJson(app));
    }

    private ObjectNode appJson(App app) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", app.id());
        a.put("name", app.name());
        a.put("web_url", webUrlOf.apply(app.name()));
        a.put("git_url", "https://git.heroku.com/" + app.name() + ".git");
        a.putObject("region").put("id", UUID.nameUUIDFromBytes(app.region().getBytes()).toString()).put("name", app.region());
        a.putObject("stack").put("id", UUID.nameUUIDFromBytes(app.stack().getBytes()).toString()).put("name", app.stack());
        a.put("created_at", "2026-11-25T12:00:00Z");
        return a;
    }

    /** A new commit on main becomes a build, as a git push to Heroku makes one. */
    private void listBuilds(HttpExchange x, App app) throws IOException {
        List<Build> list = builds.computeIfAbsent(app.name(), k -> new CopyOnWriteArrayList<>());
        Optional<String> head = head(app.name());
        if (head.isPresent() && list.stream().noneMatch(b -> b.commit.equals(head.get()))) {
            list.add(new Build(head.get(), pendingPolls, buildsFail, buildsFail
                    ? "-----> Building on the Heroku-24 stack\n-----> Using buildpack: heroku/jvm\n"
                        + " !     ERROR: Procfile web process: dashboard.jar is not a valid jar\n"
                        + " !     Push rejected, failed to compile JVM app.\n"
                    : buildOutput));
        }
        // Heroku's ranges: "id ]<last id>..; max=<n>" continues after the page that ended with <last id>.
        String range = x.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null) {
            Matcher m = Pattern.compile("id \\](\\S+)\\.\\.; max=(\\d+)").matcher(range);
            if (!m.matches()) {
                error(x, 416, "requested_range_not_satisfiable", "Invalid range: " + range);
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).id.equals(m.group(1))) {
                    from = i + 1;
                }
            }
        }
        int to = Math.min(list.size(), from + pageSize);
        if (to < list.size()) {
            x.getResponseHeaders().add("Next-Range", "id ]" + list.get(to - 1).id + "..; max=" + pageSize);
        }
        ArrayNode out = JSON.createArrayNode();
        for (Build b : list.subList(from, to)) {
            if (b.status.equals("pending")) {
                if (b.pollsLeft-- <= 0) {
                    b.status = b.fails ? "failed" : "succeeded";
                    if (!b.fails) {
                        try {
                            releaser.release(app.name(), b.commit);
                        } catch (Exception e) {
                            throw new IOException("release failed", e);
                        }
                    }
                }
            }
            ObjectNode n = out.addObject();
            n.put("id", b.id);
            n.put("status", b.status);
            n.put("output_stream_url", url() + "/streams/" + b.id);
            n.putObject("source_blob").put("version", b.commit).putNull("checksum").put("url", "");
            n.putObject("app").put("id", app.id());
            n.putArray("buildpacks").addObject().put("url", "heroku/jvm").put("name", "heroku/jvm");
            n.put("created_at", "2026-11-25T12:00:00Z");
        }
        send(x, to < list.size() ? 206 : 200, out);
    }

    private Optional<String> head(String app) throws IOException {
        Path repo = repositoryOf.apply(app);
        if (repo == null || !Files.isDirectory(repo)) {
            return Optional.empty();
        }
        try (Repository r = new FileRepositoryBuilder().setGitDir(repo.toFile()).setMustExist(true).build()) {
            return Optional.ofNullable(r.resolve("refs/heads/main")).map(ObjectId::name);
        }
    }

    private void serveStream(HttpExchange x, String id) throws IOException {
        Optional<Build> b = builds.values().stream().flatMap(List::stream).filter(v -> v.id.equals(id)).findFirst();
        if (b.isEmpty()) {
            x.sendResponseHeaders(404, -1);
            return;
        }
        byte[] text = b.get().output.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        x.getResponseHeaders().add("Connection", "close");
        x.sendResponseHeaders(200, text.length);
        try (OutputStream os = x.getResponseBody()) {
            os.write(text);
        }
    }

    private static void error(HttpExchange x, int status, String id, String message) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("message", message);
        send(x, status, JSON.valueToTree(body));
    }

    private static void send(HttpExchange x, int status, JsonNode json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.getResponseHeaders().add("RateLimit-Remaining", "4499");
        // No keep-alive: a client that reuses a connection the server is just closing as idle (a deploy polls
        // builds for minutes) would see "no bytes" instead of an answer.
        x.getResponseHeaders().add("Connection", "close");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = x.getResponseBody()) {
            os.write(bytes);
        }
    }
}
