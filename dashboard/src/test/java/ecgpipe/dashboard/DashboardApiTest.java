package ecgpipe.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON API over real results files, through a real server on a free port. */
class DashboardApiTest {
    @TempDir
    static Path dir;

    static SyntheticRecord rec100;
    static SyntheticRecord rec200;
    static RecordRepository repo;
    static Javalin app;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws IOException {
        rec100 = new SyntheticRecord("100", 360, 60, 72);
        rec100.writeTo(dir);
        rec200 = new SyntheticRecord("200", 250, 30, 110).withoutReference();
        rec200.writeTo(dir);
        Files.writeString(dir.resolve(RecordRepository.SUMMARY_FILE), "{\"layout\":\"ecgpipe-summary\",\"records\":2}");
        repo = RecordRepository.open(dir);
        app = DashboardApp.create(repo).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        repo.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + " -> " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
        return json.readTree(r.body());
    }

    @Test
    void healthCountsTheRecords() throws Exception {
        JsonNode h = getJson("/health");
        assertEquals("ok", h.get("status").asText());
        assertEquals(2, h.get("records").asInt());
    }

    @Test
    void listsEveryRecordWithItsMetrics() throws Exception {
        JsonNode list = getJson("/api/records");
        assertEquals(2, list.size());
        JsonNode a = list.get(0);
        assertEquals("100", a.get("id").asText());
        assertEquals(360.0, a.get("fs").asDouble());
        assertEquals(rec100.nSamples / 360.0, a.get("duration_s").asDouble(), 1e-3);
        assertEquals(2, a.get("n_signals").asInt());
        assertEquals("MLII", a.get("signal_names").get(0).asText());
        assertEquals(rec100.detectedSamples.length, a.get("beats").asInt());
        assertEquals(rec100.meanDetectedRate(), a.get("mean_hr_bpm").asDouble(), 1e-9);
        assertEquals(rec100.sensitivity(), a.get("sensitivity").asDouble(), 1e-12);
        assertEquals(SyntheticRecord.SDNN, a.get("sdnn_ms").asDouble(), 1e-12);
        assertEquals(SyntheticRecord.RMSSD, a.get("rmssd_ms").asDouble(), 1e-12);
        assertEquals(rec100.sensitivity(), a.get("ppv").asDouble(), 1e-12);
        JsonNode b = list.get(1);
        assertEquals("200", b.get("id").asText());
        assertFalse(b.has("sensitivity"), "no reference, no Se: the field is left out, not null");
    }

    @Test
    void recordDetailHasMetadataMetricsAndEvaluation() throws Exception {
        JsonNode d = getJson("/api/records/100");
        assertEquals(rec100.nSamples, d.get("n_samples").asLong());
        assertEquals("V5", d.get("signals").get(1).get("name").asText());
        assertEquals(SyntheticRecord.GAIN, d.get("signals").get(1).get("gain").asDouble());
        assertEquals(SyntheticRecord.SDNN, d.get("metrics").get(SyntheticRecord.SDNN_MS).asDouble());
        assertEquals(SyntheticRecord.RMSSD, d.get("metrics").get(SyntheticRecord.RMSSD_MS).asDouble());
        assertEquals(rec100.referenceBeats() - 1, d.get("evaluation").get("tp").asInt());
        assertEquals(rec100.referenceSamples.length, d.get("reference_annotations").asInt());
        assertTrue(getJson("/api/records/200").get("evaluation").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/records/999", "/api/records/999/trace", "/api/records/999/beats",
            "/api/records/999/hr", "/api/records/999/rr", "/api/records/999/morphology", "/api/records/..%2F100"})
    void unknownRecordIs404(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(404, r.statusCode(), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"start=-1", "start=abc", "start=NaN", "start=5&end=5", "start=5&end=4",
            "maxPoints=5", "maxPoints=20001", "maxPoints=1.5", "start=60", "start=3600", "lead=2", "lead=-1"})
    void badWindowIs400(String query) throws Exception {
        HttpResponse<String> r = get("/api/records/100/trace?" + query);
        assertEquals(400, r.statusCode(), query + " -> " + r.body());
        if (query.startsWith("start")) {
            assertEquals(400, get("/api/records/100/beats?" + query).statusCode(), query);
        }
    }

    @Test
    void shortWindowIsRawSamplesInMillivolts() throws Exception {
        JsonNode t = getJson("/api/records/100/trace?start=1&end=2");
        assertFalse(t.get("downsampled").asBoolean());
        assertEquals("mV", t.get("units").asText());
        for (int lead = 0; lead < 2; lead++) {
            JsonNode l = t.get("leads").get(lead);
            assertEquals(SyntheticRecord.LEADS[lead], l.get("name").asText());
            assertEquals(360, l.get("time_s").size());
            for (int i = 0; i < 360; i++) {
                int sample = 360 + i;
                assertEquals(sample / 360.0, l.get("time_s").get(i).asDouble(), 1e-6);
                assertEquals(rec100.millivolts(lead, sample), l.get("mv").get(i).asDouble(), 1e-6);
            }
        }
    }

    @Test
    void oneLeadOnRequest() throws Exception {
        JsonNode t = getJson("/api/records/100/trace?start=1&end=1.5&lead=1");
        assertEquals(1, t.get("leads").size());
        JsonNode l = t.get("leads").get(0);
        assertEquals(SyntheticRecord.LEADS[1], l.get("name").asText());
        assertEquals(rec100.millivolts(1, 360), l.get("mv").get(0).asDouble(), 1e-6);
    }

    @Test
    void longWindowIsReducedButKeepsEveryRPeak() throws Exception {
        int maxPoints = 400;
        JsonNode t = getJson("/api/records/100/trace?start=0&end=60&maxPoints=" + maxPoints);
        assertTrue(t.get("downsampled").asBoolean());
        JsonNode lead = t.get("leads").get(0);
        assertTrue(lead.get("time_s").size() <= maxPoints);
        assertTrue(lead.get("time_s").size() > maxPoints * 3 / 4, "uses its budget");
        List<Double> mv = new ArrayList<>();
        lead.get("mv").forEach(v -> mv.add(v.asDouble()));
        // every beat's R peak, the local maximum of the fixture's signal, is one of the kept points
        for (int b = 0; b < rec100.referenceSamples.length; b++) {
            int s = (int) rec100.referenceSamples[b];
            double peak = Double.NEGATIVE_INFINITY;
            for (int i = Math.max(0, s - 10); i < Math.min(rec100.nSamples, s + 10); i++) {
                peak = Math.max(peak, rec100.millivolts(0, i));
            }
            double p = peak;
            assertTrue(mv.stream().anyMatch(v -> Math.abs(v - p) < 1e-6), "R peak of beat " + b + " kept");
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rec100.nSamples; i++) {
            min = Math.min(min, rec100.millivolts(0, i));
        }
        assertEquals(min, mv.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), 1e-6);
    }

    @Test
    void defaultWindowIsTenSecondsOfAtMost2000Points() throws Exception {
        JsonNode t = getJson("/api/records/100/trace?start=20");
        assertEquals(30.0, t.get("end").asDouble());
        assertTrue(t.get("downsampled").asBoolean(), "3600 samples > 2000 points");
        assertTrue(t.get("leads").get(1).get("time_s").size() <= DashboardApp.DEFAULT_MAX_POINTS);
    }

    @Test
    void windowPastTheEndIsClipped() throws Exception {
        JsonNode t = getJson("/api/records/200/trace?start=25&end=45&maxPoints=20000");
        assertEquals(30.0, t.get("end").asDouble(), 1e-9);
        JsonNode times = t.get("leads").get(0).get("time_s");
        assertEquals(5 * 250, times.size());
        assertEquals((rec200.nSamples - 1) / 250.0, times.get(times.size() - 1).asDouble(), 1e-6);
    }

    @Test
    void beatsInAWindowWithTheirSymbolsAndValues() throws Exception {
        double start = 2;
        double end = 8;
        JsonNode b = getJson("/api/records/100/beats?start=" + start + "&end=" + end);
        JsonNode detected = b.get("detected");
        List<Long> expected = new ArrayList<>();
        for (long s : rec100.detectedSamples) {
            if (s >= start * 360 && s < end * 360) {
                expected.add(s);
            }
        }
        assertEquals(expected.size(), detected.get("time_s").size());
        assertFalse(detected.has("symbols"));
        for (int i = 0; i < expected.size(); i++) {
            long s = expected.get(i);
            assertEquals(s / 360.0, detected.get("time_s").get(i).asDouble(), 1e-6);
            assertEquals(rec100.millivolts(1, (int) s), detected.get("mv").get(1).get(i).asDouble(), 1e-6);
        }
        JsonNode ref = b.get("reference");
        int n = 0;
        for (int i = 0; i < rec100.referenceSamples.length; i++) {
            long s = rec100.referenceSamples[i];
            if (s >= start * 360 && s < end * 360) {
                assertEquals(rec100.referenceSymbols[i], ref.get("symbols").get(n).asText());
                assertEquals(rec100.millivolts(0, (int) s), ref.get("mv").get(0).get(n).asDouble(), 1e-6);
                n++;
            }
        }
        assertTrue(n > 3);
        assertEquals(n, ref.get("time_s").size());
        // the fixture misses beat 3 and adds a false detection between beats 5 and 6
        String refOutcomes = ref.get("outcomes").asText();
        String detOutcomes = detected.get("outcomes").asText();
        assertEquals(n, refOutcomes.length());
        assertEquals(expected.size(), detOutcomes.length());
        assertEquals(1, refOutcomes.chars().filter(c -> c == 'x').count(), refOutcomes);
        assertEquals(1, detOutcomes.chars().filter(c -> c == 'f').count(), detOutcomes);
        int missed = refOutcomes.indexOf('x');
        assertEquals(rec100.referenceSamples[4] / 360.0, ref.get("time_s").get(missed).asDouble(), 1e-6,
                "beat 3 (after the rhythm label) is the missed one");
        assertFalse(getJson("/api/records/200/beats").get("detected").has("outcomes"), "no reference, no outcomes");
        assertEquals(0, getJson("/api/records/200/beats").get("reference").get("time_s").size());
    }

    @Test
    void heartRateTrendOfTheWholeRecord() throws Exception {
        JsonNode h = getJson("/api/records/200/hr");
        assertEquals(rec200.hrBpm.length, h.get("bpm").size());
        for (int i = 0; i < rec200.hrBpm.length; i++) {
            assertEquals(rec200.hrBpm[i], h.get("bpm").get(i).asDouble(), 1e-12);
            assertEquals(rec200.hrTimeS[i], h.get("time_s").get(i).asDouble(), 1e-12);
        }
    }

    @Test
    void rrIntervalsOfTheDetectedBeats() throws Exception {
        JsonNode rr = getJson("/api/records/100/rr");
        long[] d = rec100.detectedSamples;
        assertEquals(d.length - 1, rr.get("rr_ms").size());
        for (int i = 1; i < d.length; i++) {
            assertEquals(1000.0 * (d[i] - d[i - 1]) / 360, rr.get("rr_ms").get(i - 1).asDouble(), 0.01);
            assertEquals(d[i] / 360.0, rr.get("time_s").get(i - 1).asDouble(), 1e-4);
        }
    }

    @Test
    void morphologyClassesAndScoresPerBeat() throws Exception {
        JsonNode m = getJson("/api/records/100/morphology");
        int[] cls = rec100.morphologyClasses();
        double[][] scores = rec100.morphologyScores();
        assertEquals(cls.length, m.get("beat_class").size());
        assertEquals(96, m.get("time_s").size());
        assertEquals(2, m.get("class_average").size());
        assertEquals(96, m.get("class_average").get(1).size());
        for (int k = 0; k < cls.length; k++) {
            assertEquals(cls[k], m.get("beat_class").get(k).asInt());
            assertEquals(scores[0][k], m.get("pc1").get(k).asDouble(), 1e-6);
            assertEquals(scores[1][k], m.get("pc2").get(k).asDouble(), 1e-6);
            assertEquals(rec100.detectedSamples[k + 1] / 360.0, m.get("beat_time_s").get(k).asDouble(), 1e-4);
        }
        assertTrue(m.get("class_count").get(1).asInt() > 0, "the ventricular class");
    }

    @Test
    void theLiveDetectorFindsTheBeatsAndScoresThemInTheWindow() throws Exception {
        JsonNode d = getJson("/api/records/100/detect?start=0&end=60&lead=0&sensitivity=0.5");
        int refBeats = 0;
        for (int i = 0; i < rec100.referenceSamples.length; i++) {
            if (!rec100.referenceSymbols[i].equals("+") && rec100.referenceSamples[i] < 60 * 360) {
                refBeats++;
            }
        }
        // a clean synthetic ECG: every beat found (also the one the stored detections miss), nothing else
        assertEquals(refBeats, d.get("tp").asInt(), d.toString());
        assertEquals(0, d.get("fp").asInt());
        assertEquals(0, d.get("fn").asInt());
        assertEquals(1.0, d.get("se").asDouble());
        assertEquals(refBeats, d.get("time_s").size());
        for (JsonNode t : d.get("time_s")) {
            double sec = t.asDouble();
            long nearest = java.util.Arrays.stream(rec100.referenceSamples)
                    .reduce((a, b) -> Math.abs(a / 360.0 - sec) <= Math.abs(b / 360.0 - sec) ? a : b).orElseThrow();
            assertTrue(Math.abs(nearest / 360.0 - sec) < 0.03, "on an R peak: " + sec);
        }
        assertEquals(refBeats, d.get("reference_outcomes").asText().chars().filter(c -> c == 'm').count());
        // the least sensitive setting still finds these tall beats; the V beats of lead V5 are smaller
        JsonNode low = getJson("/api/records/100/detect?start=0&end=60&lead=1&sensitivity=0.05");
        assertTrue(low.get("time_s").size() <= refBeats, low.toString());
        JsonNode noRef = getJson("/api/records/200/detect?start=0&end=20");
        assertFalse(noRef.has("tp"), "no reference, no score");
        assertTrue(noRef.get("time_s").size() > 30, "110 bpm for 20 s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/records/100/detect?sensitivity=0", "/api/records/100/detect?sensitivity=1.5",
            "/api/records/100/detect?lead=7", "/api/records/100/samples.csv?start=5&end=4",
            "/api/records/100/samples.csv?start=-1"})
    void liveDetectorAndCsvValidateTheirParameters(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(400, r.statusCode(), path + " -> " + r.body());
    }

    @Test
    void csvExportHasTheRawSamplesOfEveryLead() throws Exception {
        HttpResponse<String> r = get("/api/records/100/samples.csv?start=2&end=3");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains("filename=\"100_720-1080.csv\""));
        List<String> lines = r.body().lines().toList();
        assertEquals("sample,time_s,MLII_mV,V5_mV", lines.get(0));
        // the 300 s limit applies to what is served: past the end of a 30 s record is clipped, not refused
        assertEquals(30 * 250 + 1, get("/api/records/200/samples.csv?start=0&end=301").body().lines().count());
        assertEquals(361, lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            int sample = 720 + i - 1;
            assertEquals(sample, Integer.parseInt(f[0]));
            assertEquals(sample / 360.0, Double.parseDouble(f[1]), 1e-6);
            assertEquals(rec100.millivolts(0, sample), Double.parseDouble(f[2]), 1e-5);
            assertEquals(rec100.millivolts(1, sample), Double.parseDouble(f[3]), 1e-5);
        }
    }

    @Test
    void servesTheDatasetSummaryAsWritten() throws Exception {
        assertEquals(2, getJson("/api/summary").get("records").asInt());
    }

    @Test
    void servesThePageAndUplotFromTheWebJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<select id=\"record\""), "the record chooser");
        assertTrue(page.body().contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"));
        HttpResponse<String> js = get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.body().contains("uPlot"));
        assertEquals(200, get("/webjars/uplot/1.6.30/dist/uPlot.min.css").statusCode());
        assertEquals(200, get("/app.js").statusCode());
    }

    static HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/records/100/trace?start=30&end=40", "/api/records/100/beats?start=30&end=40"})
    void windowAnswersAreGzippedWithAnETagAndRevalidate(String path) throws Exception {
        HttpResponse<byte[]> plain = getBytes(path);
        assertEquals(200, plain.statusCode());
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty(), "no gzip unless asked for");
        HttpResponse<byte[]> gz = getBytes(path, "Accept-Encoding", "gzip, deflate");
        assertEquals(200, gz.statusCode());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
        assertEquals("Accept-Encoding", gz.headers().firstValue("Vary").orElse(""));
        byte[] unzipped;
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(gz.body()))) {
            unzipped = in.readAllBytes();
        }
        assertEquals(json.readTree(plain.body()), json.readTree(unzipped), "same document either way");
        assertTrue(gz.body().length * 2 < plain.body().length, gz.body().length + " vs " + plain.body().length);

        String etag = gz.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.startsWith("\"") && etag.endsWith("\""), etag);
        assertFalse(etag.equals(plain.headers().firstValue("ETag").orElseThrow()), "one tag per encoding");
        HttpResponse<byte[]> again = getBytes(path, "Accept-Encoding", "gzip", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
        // the same window asked in other words (seconds that round to the same samples) shares the tag
        String other = path.replace("start=30&end=40", "start=30.0&end=40.000");
        assertEquals(etag, getBytes(other, "Accept-Encoding", "gzip").headers().firstValue("ETag").orElseThrow());
        // another window is another tag, and a stale tag gets the full answer
        String moved = path.replace("start=30", "start=31");
        HttpResponse<byte[]> next = getBytes(moved, "Accept-Encoding", "gzip", "If-None-Match", etag);
        assertEquals(200, next.statusCode());
        assertFalse(etag.equals(next.headers().firstValue("ETag").orElseThrow()));
    }

    @Test
    void refusedGzipIsNotSent() {
        assertFalse(WindowResponses.acceptsGzip("gzip;q=0, identity"));
        assertFalse(WindowResponses.acceptsGzip("br"));
        assertFalse(WindowResponses.acceptsGzip(null));
        assertTrue(WindowResponses.acceptsGzip("br;q=1.0, gzip;q=0.8"));
        assertTrue(WindowResponses.matches("\"x\", W/\"y\"", "\"y\""));
        assertFalse(WindowResponses.matches("\"x\"", "\"y\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/app.js", "/api/records", "/api/records/100/trace", "/api/records/999",
            "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"})
    void everyAnswerCarriesSecurityHeaders(String path) throws Exception {
        HttpResponse<byte[]> r = getBytes(path);
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'"), path + ": " + csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains("*"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), path);
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..%2F..%2F..%2Fetc%2Fpasswd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
            "/webjars/..%2F..%2F..%2Fetc%2Fpasswd", "/api/records/..%2F..%2F..%2Fetc%2Fpasswd",
            "/api/records/%2e%2e/trace", "/public/app.js/../../ecgpipe/dashboard/DashboardApp.class"})
    void noPathLeadsOutOfTheServedFiles(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, path + " -> " + r.statusCode());
        assertFalse(r.body().contains("root:"), path);
        assertFalse(r.body().contains("Exception"), "no stack trace: " + r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"start=1e308&end=1e309", "start=0&end=Infinity", "end=-5", "start=&end=",
            "maxPoints=99999999999", "lead=x"})
    void absurdWindowsAre400WithAMessage(String query) throws Exception {
        HttpResponse<String> r = get("/api/records/100/trace?" + query);
        assertEquals(400, r.statusCode(), query + " -> " + r.body());
        assertFalse(r.body().isBlank());
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
    }
}
