package ecgpipe.deploy;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a push became a running release: the build Heroku made from the pushed commit must
 * succeed (its output is printed), and then the app's {@code /health} must answer 200 at its public URL.
 * A failed build and an app that never becomes healthy fail with different exit codes (65 and 69), and
 * the build's last lines are shown.
 */
final class ReleaseVerifier {
    static final int BUILD_LOG_LINES_ON_FAILURE = 20;
    private final HerokuApi api;
    private final Duration buildTimeout;
    private final Duration healthTimeout;
    private final Duration pollInterval;
    private final HerokuApi.Sleeper sleeper;

    ReleaseVerifier(HerokuApi api, Duration buildTimeout, Duration healthTimeout, Duration pollInterval,
                    HerokuApi.Sleeper sleeper) {
        this.api = api;
        this.buildTimeout = buildTimeout;
        this.healthTimeout = healthTimeout;
        this.pollInterval = pollInterval;
        this.sleeper = sleeper;
    }

    /** Waits for the build of {@code commit} to finish and prints its output; fails unless it succeeded. */
    HerokuApi.Build followBuild(String app, String commit, PrintWriter out, PrintWriter err) {
        long deadline = System.nanoTime() + buildTimeout.toNanos();
        Optional<HerokuApi.Build> build = Optional.empty();
        while (true) {
            build = api.builds(app).stream().filter(b -> commit.equals(b.sourceVersion())).findFirst();
            if (build.isPresent() && !build.get().pending()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new PipelineException(ExitCode.TEMPORARY, build.isEmpty()
                        ? "no build of commit " + commit + " appeared for app " + app + " within "
                            + buildTimeout.toSeconds() + " s"
                        : "build " + build.get().id() + " of app " + app + " still pending after "
                            + buildTimeout.toSeconds() + " s");
            }
            pause();
        }
        HerokuApi.Build b = build.get();
        List<String> log = List.of();
        if (!b.outputStreamUrl().isEmpty()) {
            log = api.buildOutput(b.outputStreamUrl()).lines().toList();
            log.forEach(l -> out.println("build: " + l));
            out.flush();
        }
        if (!b.succeeded()) {
            List<String> tail = log.subList(Math.max(0, log.size() - BUILD_LOG_LINES_ON_FAILURE), log.size());
            if (!tail.isEmpty()) {
                err.println("last lines of the build log:");
                tail.forEach(l -> err.println("  | " + l));
                err.flush();
            }
            throw PipelineException.badInput("build " + b.id() + " of app " + app + " " + b.status()
                    + (tail.isEmpty() ? "" : ": " + tail.get(tail.size() - 1).strip()));
        }
        out.printf("build %s succeeded (commit %s)%n", b.id(), commit.substring(0, Math.min(10, commit.length())));
        out.flush();
        return b;
    }

    /** Polls {@code webUrl}/health until it answers 200; returns how long that took. */
    Duration awaitHealthy(String webUrl) {
        URI health = URI.create(webUrl.endsWith("/") ? webUrl : webUrl + "/").resolve("health");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).GET().build();
        long start = System.nanoTime();
        long deadline = start + healthTimeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PipelineException(ExitCode.TEMPORARY, "interrupted while waiting for " + health);
            }
            if (System.nanoTime() > deadline) {
                throw PipelineException.unavailable("the release is not healthy: " + health + " did not answer 200"
                        + " within " + healthTimeout.toSeconds() + " s (last: " + last + "); see 'heroku logs'", null);
            }
            pause();
        }
    }

    private void pause() {
        try {
            sleeper.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(ExitCode.TEMPORARY, "interrupted while verifying the release");
        }
    }
}
