package ecgpipe.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A client of the few Heroku Platform API endpoints a deploy needs (apps, buildpack installations, config
 * vars, builds), as documented in Heroku's Platform API reference: JSON over HTTPS with
 * {@code Accept: application/vnd.heroku+json; version=3} and the API key as a Bearer token.
 *
 * <p>Errors come back as {@code {"id": "...", "message": "..."}}; the id decides the exit code. Rate limiting
 * (429, id {@code rate_limit}) and server errors are retried after {@code Retry-After} (or a growing pause),
 * a few times, before the command gives up with a code that says "worth retrying later".
 */
final class HerokuApi {
    static final URI DEFAULT_BASE = URI.create("https://api.heroku.com");
    static final String ACCEPT = "application/vnd.heroku+json; version=3";
    static final int MAX_ATTEMPTS = 5;
    /** A longer Retry-After than this is not waited out: the command fails as temporary instead. */
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** An app as the API describes it (the fields used here). */
    record App(String id, String name, String webUrl, String region, String stack) {
    }

    /** A build as the API describes it; {@code sourceVersion} is the pushed commit for git deploys. */
    record Build(String id, String status, String outputStreamUrl, String sourceVersion, String createdAt) {
        boolean pending() {
            return "pending".equals(status);
        }

        boolean succeeded() {
            return "succeeded".equals(status);
        }
    }

    /** Pauses between attempts; tests record the pauses instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HerokuCredentials credentials;
    private final HttpClient http;
    private final HttpClient streams;
    private final Sleeper sleeper;

    HerokuApi(URI base, HerokuCredentials credentials, Sleeper sleeper) {
        this.base = base;
        this.credentials = credentials;
        // Never follow redirects with the key: the client would send the Authorization header to wherever
        // it is sent. The build output's signed URL carries no key and may redirect.
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.streams = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.sleeper = sleeper;
    }

    URI base() {
        return base;
    }

    /**
     * The app, or empty when the API answers 404 {@code not_found}. An app of another account (403
     * {@code forbidden}) is a {@link NotYoursException}.
     */
    Optional<App> findApp(String name) {
        Response r = send("GET", "/apps/" + path(name), null, s -> s == 404 || s == 403);
        if (r.status() == 403) {
            throw new NotYoursException(name, r.error());
        }
        return r.status() == 404 ? Optional.empty() : Optional.of(app(r.json()));
    }

    /** The app's config vars. */
    Map<String, String> configVars(String app) {
        Response r = send("GET", "/apps/" + path(app) + "/config-vars", null, s -> false);
        Map<String, String> vars = new java.util.TreeMap<>();
        r.json().properties().forEach(e -> vars.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return vars;
    }

    /**
     * Creates the app. A taken name is a {@link NameTakenException}, so that a caller choosing random names
     * can draw another one.
     */
    App createApp(String name, String region, String stack) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("region", region).put("stack", stack);
        Response r = send("POST", "/apps", body, s -> s == 422);
        if (r.status() == 422) {
            ApiError e = r.error();
            if (e.message().toLowerCase(Locale.ROOT).contains("taken")) {
                throw new NameTakenException(name, e.message());
            }
            throw PipelineException.usage("Heroku refused to create app " + name + ": " + e);
        }
        return app(r.json());
    }

    /** Replaces the app's buildpacks with {@code buildpacks}, in order. */
    void setBuildpacks(String app, List<String> buildpacks) {
        ObjectNode body = JSON.createObjectNode();
        var updates = body.putArray("updates");
        buildpacks.forEach(b -> updates.addObject().put("buildpack", b));
        send("PUT", "/apps/" + path(app) + "/buildpack-installations", body, s -> false);
    }

    /** Sets (or, with a null value, removes) config vars; the others are left as they are. */
    void setConfigVars(String app, Map<String, String> vars) {
        ObjectNode body = JSON.createObjectNode();
        vars.forEach(body::put);
        send("PATCH", "/apps/" + path(app) + "/config-vars", body, s -> false);
    }

    /** Every build of the app, following the API's paging (206 with a {@code Next-Range} header). */
    List<Build> builds(String app) {
        List<Build> builds = new ArrayList<>();
        Optional<String> range = Optional.empty();
        for (int page = 0; page < 100; page++) {
            Response r = send("GET", "/apps/" + path(app) + "/builds", null, s -> false, range);
            for (JsonNode b : r.json()) {
                builds.add(new Build(text(b, "id"), text(b, "status"), text(b, "output_stream_url"),
                        text(b.path("source_blob"), "version"), text(b, "created_at")));
            }
            range = r.nextRange();
            if (r.status() != 206 || range.isEmpty()) {
                break;
            }
        }
        return builds;
    }

    /** The whole output of a finished build, from its {@code output_stream_url}. */
    String buildOutput(String outputStreamUrl) {
        // The stream URL is a signed URL of its own: it gets no Authorization header.
        HttpRequest request = HttpRequest.newBuilder(URI.create(outputStreamUrl)).timeout(Duration.ofMinutes(5))
                .GET().build();
        try {
            HttpResponse<String> r = streams.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() / 100 != 2) {
                throw PipelineException.unavailable("build output " + outputStreamUrl + ": HTTP " + r.statusCode(),
                        null);
            }
            return r.body();
        } catch (IOException e) {
            throw PipelineException.unavailable("cannot read the build output at " + outputStreamUrl + ": "
                    + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(ExitCode.TEMPORARY, "interrupted while reading the build output");
        }
    }

    /** Raised when another account owns the name. */
    static final class NameTakenException extends PipelineException {
        NameTakenException(String name, String message) {
            super(ExitCode.USAGE, "Heroku app name " + name + " is taken (" + message + "): choose another --app,"
                    + " or use --app-prefix for a random free name");
        }
    }

    /** Raised when the name belongs to an app this key may not use. */
    static final class NotYoursException extends PipelineException {
        NotYoursException(String name, ApiError e) {
            super(ExitCode.ACCESS_DENIED, "Heroku app " + name + " exists but this API key may not use it: " + e
                    + "; choose another --app, or use --app-prefix for a random free name");
        }
    }

    /** An API error body. */
    record ApiError(int status, String id, String message) {
        @Override
        public String toString() {
            return message + " (HTTP " + status + (id.isEmpty() ? "" : ", " + id) + ")";
        }
    }

    private record Response(int status, JsonNode json, Optional<String> nextRange, String body) {
        ApiError error() {
            return new ApiError(status, text(json, "id"), text(json, "message").isEmpty() ? abbreviate(body)
                    : text(json, "message"));
        }
    }

    private Response send(String method, String path, JsonNode body, Predicate<Integer> expectedError) {
        return send(method, path, body, expectedError, Optional.empty());
    }

    /**
     * Sends with retries; returns 2xx answers and the {@code expectedError} statuses the caller handles,
     * turns every other answer into a failure with its own exit code.
     */
    private Response send(String method, String path, JsonNode body, Predicate<Integer> expectedError,
                          Optional<String> range) {
        URI uri = base.resolve(path);
        String what = method + " " + uri;
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", ACCEPT)
                .header("Authorization", credentials.authorization())
                .header("User-Agent", "ecgpipe-deploy");
        range.ifPresent(r -> b.header("Range", r));
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpRequest request = b.build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (attempt < MAX_ATTEMPTS) {
                    pause(backoff(attempt), what);
                    continue;
                }
                throw PipelineException.unavailable("Heroku Platform API unreachable: " + what + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PipelineException(ExitCode.TEMPORARY, "interrupted during " + what);
            }
            int status = r.statusCode();
            Response response = new Response(status, parse(r.body()), r.headers().firstValue("Next-Range"), r.body());
            if (status / 100 == 2 || expectedError.test(status)) {
                return response;
            }
            boolean retryable = status == 429 || status >= 500;
            if (retryable && attempt < MAX_ATTEMPTS) {
                Duration wait = retryAfter(r).orElse(backoff(attempt));
                if (wait.compareTo(MAX_RETRY_WAIT) <= 0) {
                    pause(wait, what);
                    continue;
                }
            }
            throw failure(what, response.error(), attempt);
        }
    }

    private PipelineException failure(String what, ApiError e, int attempts) {
        String tried = attempts > 1 ? " after " + attempts + " attempts" : "";
        return switch (e.status()) {
            case 401 -> new PipelineException(ExitCode.ACCESS_DENIED, "Heroku refused the API key from "
                    + credentials.source() + ": " + what + ": " + e + " (make a new key with 'heroku authorizations:create')");
            case 402, 403 -> new PipelineException(ExitCode.ACCESS_DENIED, what + ": " + e);
            case 404 -> PipelineException.inputMissing(what + ": " + e);
            case 429 -> new PipelineException(ExitCode.TEMPORARY, "Heroku API rate limit" + tried + ": " + what + ": "
                    + e + "; retry later");
            default -> e.status() >= 500
                    ? new PipelineException(ExitCode.TEMPORARY, "Heroku API error" + tried + ": " + what + ": " + e)
                    : PipelineException.badInput("Heroku API refused " + what + ": " + e);
        };
    }

    /** Retry-After in seconds (the form Heroku and most servers use); an HTTP date is not worth parsing here. */
    private static Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Duration backoff(int attempt) {
        return Duration.ofSeconds(1L << Math.min(attempt - 1, 4));
    }

    private void pause(Duration d, String what) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(ExitCode.TEMPORARY, "interrupted while waiting to retry " + what);
        }
    }

    private static App app(JsonNode a) {
        return new App(text(a, "id"), text(a, "name"), text(a, "web_url"), text(a.path("region"), "name"),
                text(a.path("stack"), "name"));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() ? v.asText() : "";
    }

    private static String abbreviate(String body) {
        String s = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return s.isEmpty() ? "no message" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
