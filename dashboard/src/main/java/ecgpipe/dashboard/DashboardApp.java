package ecgpipe.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.net.URLEncoder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** Longest wait for running requests when stopping; well inside Heroku's 30 s grace period. */
    static final long STOP_TIMEOUT_MS = 10_000;

    /** Answer of {@code GET /health}, for load balancers and the deploy stage's smoke test. */
    public record Health(String status, int records) {
    }

    /**
     * Only our own files may run or style the page (uPlot and app.js are served by this app; uPlot sets
     * styles through the CSSOM, which CSP does not restrict). {@code data:}/{@code blob:} images are the PNG
     * export; nothing may frame the page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApp.class);

    private final RecordRepository repo;
    private final WindowResponses windows;
    /** The record list never changes while the server runs: serialise it once. */
    private final String recordListJson;

    private DashboardApp(RecordRepository repo, ObjectMapper mapper) {
        this.repo = repo;
        this.windows = new WindowResponses(mapper, WindowResponses.DEFAULT_MAX_BYTES);
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
            config.jetty.modifyServer(DashboardApp::drainOnStop);
            config.routes.before(DashboardApp::securityHeaders);
            // a bug must not show a stack trace to the world: one line in the log, a generic message out
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(ContentType.TEXT_PLAIN)
                        .result("internal error while answering " + ctx.path());
            });
            config.routes.get("/health", app::health);
            config.routes.get("/api/summary", app::summary);
            config.routes.get("/api/records", app::records);
            config.routes.get("/api/records/{id}", app::record);
            config.routes.get("/api/records/{id}/trace", app::trace);
            config.routes.get("/api/records/{id}/beats", app::beats);
            config.routes.get("/api/records/{id}/hr", app::heartRate);
            config.routes.get("/api/records/{id}/rr", app::rrIntervals);
            config.routes.get("/api/records/{id}/morphology", app::morphology);
            config.routes.get("/api/records/{id}/detect", app::detect);
            config.routes.get("/api/records/{id}/samples.csv", app::samplesCsv);
        });
    }

    /**
     * Heroku stops a dyno with SIGTERM and kills it 30 s later: on stop, refuse new connections but let the
     * requests already running finish (GracefulHandler counts them), for at most {@link #STOP_TIMEOUT_MS}.
     * Javalin installs its handler after this hook runs, so the wrapping happens when the server starts.
     */
    static void drainOnStop(Server server) {
        server.setStopTimeout(STOP_TIMEOUT_MS);
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (!(server.getHandler() instanceof GracefulHandler)) {
                    server.setHandler(new GracefulHandler(server.getHandler()));
                }
            }
        });
    }

    static void securityHeaders(Context ctx) {
        ctx.header(Header.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
        ctx.header(Header.X_CONTENT_TYPE_OPTIONS, "nosniff");
        ctx.header(Header.X_FRAME_OPTIONS, "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
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
        RecordInfo r = file.info();
        // the key names samples, not the seconds asked for: equal windows share one cached answer
        String key = "t." + cacheId(file) + "." + window.fromSample(r.fs(), r.nSamples()) + "-"
                + window.toSample(r.fs(), r.nSamples()) + "." + maxPoints + "." + (lead == null ? "all" : lead);
        windows.send(ctx, key, () -> RecordViews.trace(file, window, maxPoints, leads));
    }

    void beats(Context ctx) {
        ResultsFile file = file(ctx);
        TimeWindow window = window(ctx, file.info());
        RecordInfo r = file.info();
        String key = "b." + cacheId(file) + "." + window.fromSample(r.fs(), r.nSamples()) + "-"
                + window.toSample(r.fs(), r.nSamples());
        windows.send(ctx, key, () -> RecordViews.beats(file, window));
    }

    /** Record id (URL-encoded, so any file name fits in an ETag) and the file's version. */
    private static String cacheId(ResultsFile file) {
        return URLEncoder.encode(file.info().id(), StandardCharsets.UTF_8) + "." + file.version();
    }

    void rrIntervals(Context ctx) {
        ResultsFile file = file(ctx);
        windows.send(ctx, "rr." + cacheId(file), () -> RecordViews.rrIntervals(file));
    }

    /** Longest window the live detector and the CSV export accept: bounds the work one request can cause. */
    static final double MAX_RAW_WINDOW_S = 300;

    /** Reruns a simple detector on the window at the chosen sensitivity: the server-side callback. */
    void detect(Context ctx) {
        ResultsFile file = file(ctx);
        TimeWindow window = rawWindow(ctx, file.info());
        int lead = lead(ctx, file.info()).orElse(0);
        double sensitivity = ctx.queryParamAsClass("sensitivity", Double.class)
                .check(s -> s == null || s >= 0.05 && s <= 0.95, "must be between 0.05 and 0.95")
                .getOrDefault(0.5);
        RecordInfo r = file.info();
        String key = "d." + cacheId(file) + "." + window.fromSample(r.fs(), r.nSamples()) + "-"
                + window.toSample(r.fs(), r.nSamples()) + "." + lead + "." + sensitivity;
        windows.send(ctx, key, () -> RecordViews.detect(file, window, lead, sensitivity));
    }

    /** The window's raw samples of every lead in mV, as CSV, for a spreadsheet or a script. */
    void samplesCsv(Context ctx) {
        ResultsFile file = file(ctx);
        RecordInfo r = file.info();
        TimeWindow window = rawWindow(ctx, r);
        long from = window.fromSample(r.fs(), r.nSamples());
        long to = window.toSample(r.fs(), r.nSamples());
        int nSignals = r.signals().size();
        float[][] mv = new float[nSignals][(int) (to - from)];
        for (int ch = 0; ch < nSignals; ch++) {
            SignalSpec spec = r.signals().get(ch);
            float[] lead = mv[ch];
            file.readSamples(ch, from, to, (sample, digital) -> lead[(int) (sample - from)] = (float) spec.millivolts(digital));
        }
        StringBuilder csv = new StringBuilder((int) (to - from) * 24 + 64);
        csv.append("sample,time_s");
        r.signals().forEach(s -> csv.append(',').append(s.name().replace(',', ' ')).append("_mV"));
        csv.append('\n');
        for (int i = 0; i < to - from; i++) {
            csv.append(from + i).append(',').append(RecordViews.round((from + i) / r.fs(), 6));
            for (int ch = 0; ch < nSignals; ch++) {
                csv.append(',').append(mv[ch][i]);
            }
            csv.append('\n');
        }
        String name = r.id().replaceAll("[^A-Za-z0-9._-]", "_") + "_" + from + "-" + to + ".csv";
        ctx.header(Header.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
    }

    private static TimeWindow rawWindow(Context ctx, RecordInfo r) {
        TimeWindow w = window(ctx, r);
        if (Math.min(w.end(), r.durationSeconds()) - w.start() > MAX_RAW_WINDOW_S) {
            throw new BadRequestResponse("window longer than " + (int) MAX_RAW_WINDOW_S + " s: ask for a shorter one");
        }
        return w;
    }

    private static java.util.Optional<Integer> lead(Context ctx, RecordInfo r) {
        int nSignals = r.signals().size();
        return java.util.Optional.ofNullable(ctx.queryParamAsClass("lead", Integer.class)
                .check(l -> l == null || l >= 0 && l < nSignals, "must be a signal index from 0 to " + (nSignals - 1))
                .getOrNull());
    }

    void morphology(Context ctx) {
        ResultsFile file = file(ctx);
        MorphologyView.Morphology m = file.morphology()
                .orElseThrow(() -> new NotFoundResponse("record " + file.info().id() + " has no morphology results"));
        windows.send(ctx, "m." + cacheId(file), () -> m);
    }

    void heartRate(Context ctx) {
        ResultsFile file = file(ctx);
        windows.send(ctx, "hr." + cacheId(file), () -> RecordViews.heartRate(file));
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
