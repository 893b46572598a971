package ecgpipe.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.stream.IntStream;

/**
 * The dashboard's web application: the JSON API over a {@link RecordRepository} and the static page that
 * uses it. {@link #create} returns the app unstarted, so tests start it on port 0 and the command on the
 * requested port.
 */
public final class DashboardApp {
    /** Points per lead when the client does not say, and the most it may ask for. */
    static final int DEFAULT_MAX_POINTS = 2000;
    static final int MAX_POINTS_LIMIT = 20000;
    static final int MIN_POINTS = 10;
    /** Seconds shown when a request gives no end: the page's default window. */
    static final double DEFAULT_WINDOW_S = 10.0;

    /** Answer of {@code GET /health}, for load balancers and the deploy stage's smoke test. */
    public record Health(String status, int records) {
    }

    private final RecordRepository repo;
    /** The record list never changes while the server runs: serialise it once. */
    private final String recordListJson;

    private DashboardApp(RecordRepository repo, ObjectMapper mapper) {
        this.repo = repo;
        try {
            this.recordListJson = mapper.writeValueAsString(
                    repo.all().stream().map(f -> RecordViews.summary(f.info())).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the record list", e);
        }
    }

    /** The API and page over {@code repo}, not yet started. */
    public static Javalin create(RecordRepository repo) {
        ObjectMapper mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
        DashboardApp app = new DashboardApp(repo, mapper);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.staticFiles.enableWebjars();
            config.routes.get("/health", app::health);
            config.routes.get("/api/summary", app::summary);
            config.routes.get("/api/records", app::records);
            config.routes.get("/api/records/{id}", app::record);
            config.routes.get("/api/records/{id}/trace", app::trace);
            config.routes.get("/api/records/{id}/beats", app::beats);
            config.routes.get("/api/records/{id}/hr", app::heartRate);
        });
    }

    void health(Context ctx) {
        ctx.json(new Health("ok", repo.size()));
    }

    void summary(Context ctx) {
        String json = repo.summaryJson()
                .orElseThrow(() -> new NotFoundResponse("no summary.json in the data directory"));
        ctx.contentType(ContentType.APPLICATION_JSON).result(json);
    }

    void records(Context ctx) {
        ctx.contentType(ContentType.APPLICATION_JSON).result(recordListJson);
    }

    void record(Context ctx) {
        ctx.json(RecordViews.detail(file(ctx).info()));
    }

    void trace(Context ctx) {
        ResultsFile file = file(ctx);
        TimeWindow window = window(ctx, file.info());
        int maxPoints = ctx.queryParamAsClass("maxPoints", Integer.class)
                .check(p -> p == null || p >= MIN_POINTS && p <= MAX_POINTS_LIMIT,
                        "must be between " + MIN_POINTS + " and " + MAX_POINTS_LIMIT)
                .getOrDefault(DEFAULT_MAX_POINTS);
        int nSignals = file.info().signals().size();
        Integer lead = ctx.queryParamAsClass("lead", Integer.class)
                .check(l -> l == null || l >= 0 && l < nSignals, "must be a signal index from 0 to " + (nSignals - 1))
                .getOrNull();
        // the page asks for the one lead it shows; without ?lead= every lead comes back
        IntStream leads = lead == null ? IntStream.range(0, nSignals) : IntStream.of(lead);
        ctx.json(RecordViews.trace(file, window, maxPoints, leads));
    }

    void beats(Context ctx) {
        ResultsFile file = file(ctx);
        ctx.json(RecordViews.beats(file, window(ctx, file.info())));
    }

    void heartRate(Context ctx) {
        ctx.json(RecordViews.heartRate(file(ctx)));
    }

    private ResultsFile file(Context ctx) {
        String id = ctx.pathParam("id");
        return repo.find(id).orElseThrow(() -> new NotFoundResponse("unknown record: " + id));
    }

    /**
     * {@code start} and {@code end} in seconds; {@code end} defaults to a 10 s window and is clipped to the
     * record. Javalin runs the checks on absent parameters too (as null), before the default applies.
     */
    private static TimeWindow window(Context ctx, RecordInfo record) {
        double start = ctx.queryParamAsClass("start", Double.class)
                .check(s -> s == null || Double.isFinite(s) && s >= 0, "must be a number of seconds >= 0")
                .getOrDefault(0.0);
        double end = ctx.queryParamAsClass("end", Double.class)
                .check(e -> e == null || Double.isFinite(e) && e > start, "must be a number of seconds greater than start")
                .getOrDefault(start + DEFAULT_WINDOW_S);
        if (start >= record.durationSeconds()) {
            throw new BadRequestResponse("start " + start + " s is past the end of record " + record.id()
                    + " (" + RecordViews.round(record.durationSeconds(), 3) + " s)");
        }
        return new TimeWindow(start, end);
    }
}
