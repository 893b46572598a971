package ecgpipe.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real git smart-HTTP server on loopback: git's own {@code git http-backend}, run as a CGI program per
 * request, behind HTTP basic authentication that accepts any user name and one password, as
 * git.heroku.com accepts the API key. Repositories are the bare ones under {@code root}.
 */
final class HttpGitServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final Path git;
    private final String password;
    /** The user:password pairs clients sent, decoded; tests check the API key arrived as the password. */
    final List<String> credentialsSeen = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    HttpGitServer(Path git, Path root, String password) throws IOException {
        this.git = git;
        this.root = root;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String repository) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            String user = null;
            if (auth != null && auth.startsWith("Basic ")) {
                String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
                credentialsSeen.add(pair);
                int colon = pair.indexOf(':');
                if (colon >= 0 && pair.substring(colon + 1).equals(password)) {
                    user = colon == 0 ? "heroku" : pair.substring(0, colon);
                }
            }
            if (user == null) {
                refused.add(x.getRequestURI().toString());
                x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Heroku\"");
                x.sendResponseHeaders(401, -1);
                return;
            }
            cgi(x, user);
        }
    }

    /** RFC 3875 in brief: request metadata in the environment, the body on stdin, headers then body on stdout. */
    private void cgi(HttpExchange x, String user) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(git.toString(), "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", x.getRequestMethod());
        env.put("PATH_INFO", x.getRequestURI().getPath());
        env.put("QUERY_STRING", x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery());
        env.put("REMOTE_USER", user);
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("SERVER_PROTOCOL", "HTTP/1.1");
        putHeader(env, x, "Content-Type", "CONTENT_TYPE");
        putHeader(env, x, "Content-Length", "CONTENT_LENGTH");
        putHeader(env, x, "Content-Encoding", "HTTP_CONTENT_ENCODING");
        putHeader(env, x, "Git-Protocol", "GIT_PROTOCOL");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        Thread feeder = new Thread(() -> {
            try (InputStream in = x.getRequestBody(); OutputStream stdin = p.getOutputStream()) {
                in.transferTo(stdin);
            } catch (IOException ignored) {
                // the backend closed its input early; its answer says why
            }
        });
        feeder.start();
        try (InputStream stdout = p.getInputStream()) {
            int status = 200;
            for (String line; !(line = headerLine(stdout)).isEmpty(); ) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ")[0]);
                } else {
                    x.getResponseHeaders().add(name, value);
                }
            }
            x.sendResponseHeaders(status, 0);
            try (OutputStream body = x.getResponseBody()) {
                stdout.transferTo(body);
            }
        } finally {
            try {
                feeder.join(60_000);
                p.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.destroy();
        }
    }

    private static void putHeader(Map<String, String> env, HttpExchange x, String header, String variable) {
        String v = x.getRequestHeaders().getFirst(header);
        if (v != null) {
            env.put(variable, v);
        }
    }

    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
