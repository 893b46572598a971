package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.testing.Prerequisites;
import io.jhdf.HdfFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage end to end: record files in convert's layout in, results files and summary.json out. */
class AnalyzeCommandTest {
    static final double FS = 360;
    /** Six minutes, so one minute is scored after the 5:00 learning period. */
    static final double SECONDS = 360;

    @TempDir
    Path tmp;
    Path in;
    Path out;
    SyntheticEcg withReference;
    SyntheticEcg withoutReference;

    static Run run(String... args) {
        return Run.analyze(args);
    }

    @BeforeEach
    void records() throws Exception {
        in = Files.createDirectories(tmp.resolve("h5"));
        out = tmp.resolve("results");
        withReference = SyntheticEcg.generate(FS, SECONDS, 0.8, 0.5, 0.02, 1);
        withoutReference = SyntheticEcg.generate(FS, SECONDS, 1.0, 0.5, 0.02, 2);
        RecordFileFixture.write(in.resolve("r1.h5"), "r1", FS, RecordFileFixture.digitize(withReference.mv),
                withReference.rPeaks);
        RecordFileFixture.write(in.resolve("r2.h5"), "r2", FS, RecordFileFixture.digitize(withoutReference.mv), null);
    }

    @Test
    void analysesEveryRecordAndWritesResultsAndSummary() throws Exception {
        Run r = run(in.toString(), out.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("analyzed 2, up to date 0, failed 0 records"), r.out());
        assertTrue(r.out().contains("pooled over 1 records from 5:00: Se 100.00% +P 100.00%"), r.out());

        long afterStart = Arrays.stream(withReference.rPeaks).filter(s -> s >= 300 * FS).count();
        try (HdfFile h = new HdfFile(out.resolve("r1.h5"))) {
            assertEquals(Hdf5Layout.LAYOUT_RESULTS, h.getAttribute(Hdf5Layout.ATTR_LAYOUT).getData());
            assertEquals("r1", h.getAttribute(Hdf5Layout.ATTR_RECORD).getData());
            assertEquals(FS, h.getAttribute(Hdf5Layout.ATTR_FS).getData());
            assertEquals(Analyzer.producer(), h.getAttribute(Hdf5Layout.ATTR_PRODUCER).getData());
            assertArrayEquals(new String[] {"r1.h5"}, (String[]) h.getAttribute(Hdf5Layout.ATTR_SOURCE_FILES).getData());
            assertArrayEquals(new String[] {Analyzer.sha256(in.resolve("r1.h5"))},
                    (String[]) h.getAttribute(Hdf5Layout.ATTR_SOURCE_SHA256).getData());
            assertEquals("08:00:00", h.getAttribute(Hdf5Layout.ATTR_BASE_TIME).getData());
            // Signals and annotations are copied unchanged, attributes included.
            short[][] digital = (short[][]) h.getDatasetByPath(Hdf5Layout.SIGNALS_DIGITAL).getData();
            assertArrayEquals(RecordFileFixture.digitize(withReference.mv), digital);
            assertArrayEquals(new double[] {200, 200}, (double[]) h.getDatasetByPath(Hdf5Layout.SIGNALS_DIGITAL)
                    .getAttribute(Hdf5Layout.SIG_GAIN).getData());
            long[] annSamples = (long[]) h.getDatasetByPath("annotations/atr/sample").getData();
            assertEquals(withReference.rPeaks.length + 1, annSamples.length);
            assertEquals("+", ((String[]) h.getDatasetByPath("annotations/atr/symbol").getData())[0]);
            // Detections sit on the R peaks.
            long[] qrs = (long[]) h.getDatasetByPath(Hdf5Layout.QRS_SAMPLE).getData();
            assertEquals(withReference.rPeaks.length, qrs.length);
            for (int i = 0; i < qrs.length; i++) {
                assertTrue(Math.abs(qrs[i] - withReference.rPeaks[i]) <= 2, "beat " + i);
            }
            assertEquals(QrsDetector.NAME, h.getByPath(Hdf5Layout.QRS_GROUP).getAttribute(Hdf5Layout.QRS_DETECTOR).getData());
            assertEquals(0, h.getByPath(Hdf5Layout.QRS_GROUP).getAttribute(Hdf5Layout.QRS_CHANNEL).getData());
            double[] rr = (double[]) h.getDatasetByPath(Hdf5Layout.RR_INTERVAL_S).getData();
            double[] bpm = (double[]) h.getDatasetByPath(Hdf5Layout.HR_BPM).getData();
            double[] t = (double[]) h.getDatasetByPath(Hdf5Layout.HR_TIME_S).getData();
            assertEquals(qrs.length - 1, rr.length);
            assertEquals((qrs[1] - qrs[0]) / FS, rr[0], 1e-12);
            assertEquals(60 / rr[5], bpm[5], 1e-9);
            assertEquals(qrs[1] / FS, t[0], 1e-12);
            // Metrics of detections and of the reference agree with the truth.
            var metrics = h.getByPath(Hdf5Layout.METRICS_GROUP);
            double trueMeanRr = 1000 * (withReference.rPeaks[withReference.rPeaks.length - 1] - withReference.rPeaks[0])
                    / FS / (withReference.rPeaks.length - 1);
            assertEquals(trueMeanRr, (double) metrics.getAttribute(ResultsLayout.MEAN_RR_MS).getData(), 0.1);
            assertEquals(trueMeanRr, (double) metrics.getAttribute("ref_" + ResultsLayout.MEAN_RR_MS).getData(), 1e-9);
            assertEquals((long) withReference.rPeaks.length, metrics.getAttribute("ref_" + ResultsLayout.BEATS).getData());
            assertEquals(SECONDS, (double) metrics.getAttribute(ResultsLayout.DURATION_S).getData(), 1e-9);
            var eval = h.getByPath(Hdf5Layout.EVALUATION_GROUP);
            assertEquals(afterStart, eval.getAttribute("tp").getData());
            assertEquals(0L, eval.getAttribute("fp").getData());
            assertEquals(0L, eval.getAttribute("fn").getData());
            assertEquals((long) withReference.rPeaks.length, eval.getAttribute("tp_all").getData());
            assertEquals(1.0, eval.getAttribute("sensitivity").getData());
            assertEquals(150.0, eval.getAttribute("window_ms").getData());
            assertEquals(300.0, eval.getAttribute("start_s").getData());
            // Smoothed rate, the new HRV metrics and the morphology group for the dashboard.
            double[] smooth = (double[]) h.getDatasetByPath(ResultsLayout.HR_BPM_SMOOTHED).getData();
            assertEquals(bpm.length, smooth.length);
            assertEquals("MLII", metrics.getAttribute(ResultsLayout.LEAD).getData());
            for (String name : new String[] {ResultsLayout.SDANN_MS, ResultsLayout.TRIANGULAR_INDEX,
                    ResultsLayout.VLF_MS2, ResultsLayout.LF_MS2, ResultsLayout.HF_MS2, ResultsLayout.LF_HF}) {
                assertTrue(metrics.getAttribute(name) != null, name);
            }
            assertTrue((double) metrics.getAttribute(ResultsLayout.HF_MS2).getData() > 0);
            String m = ResultsLayout.MORPHOLOGY_GROUP + "/";
            long[] segmented = (long[]) h.getDatasetByPath(m + ResultsLayout.MORPH_SAMPLE).getData();
            assertTrue(segmented.length >= qrs.length - 2, "all beats but those at the very ends");
            double[][] scores = (double[][]) h.getDatasetByPath(m + ResultsLayout.MORPH_SCORES).getData();
            assertEquals(BeatPca.COMPONENTS, scores.length);
            assertEquals(segmented.length, scores[0].length);
            double[][] components = (double[][]) h.getDatasetByPath(m + ResultsLayout.MORPH_COMPONENTS).getData();
            assertEquals(BeatMatrix.POINTS, components[0].length);
            int[] classes = (int[]) h.getDatasetByPath(m + ResultsLayout.MORPH_CLASS).getData();
            long[] counts = (long[]) h.getDatasetByPath(m + ResultsLayout.MORPH_CLASS_COUNT).getData();
            double[][] averages = (double[][]) h.getDatasetByPath(m + ResultsLayout.MORPH_CLASS_AVERAGE).getData();
            assertEquals(segmented.length, classes.length);
            assertEquals(counts.length, averages.length);
            assertEquals(segmented.length, Arrays.stream(counts).sum());
            long[][] confusion = (long[][]) h.getDatasetByPath(m + ResultsLayout.MORPH_AAMI_CONFUSION).getData();
            assertEquals(5, confusion[0].length);
            assertEquals(segmented.length, Arrays.stream(confusion).flatMapToLong(Arrays::stream).sum(),
                    "every segmented beat matched a reference N beat");
            assertEquals(segmented.length, Arrays.stream(confusion).mapToLong(row -> row[0]).sum());
        }
        try (HdfFile h = new HdfFile(out.resolve("r2.h5"))) {
            assertNull(RecordFileReader.nodeOrNull(h, Hdf5Layout.EVALUATION_GROUP));
            assertNull(RecordFileReader.nodeOrNull(h, Hdf5Layout.ANNOTATIONS_GROUP));
            assertNull(h.getByPath(Hdf5Layout.METRICS_GROUP).getAttribute("ref_" + ResultsLayout.BEATS));
            assertEquals(withoutReference.rPeaks.length,
                    ((long[]) h.getDatasetByPath(Hdf5Layout.QRS_SAMPLE).getData()).length);
        }

        String json = Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"record\": \"r1\""), json);
        assertTrue(json.contains("\"record\": \"r2\""), json);
        assertTrue(json.contains("\"lf_hf\": "), json);
        assertTrue(json.contains("\"morph_n_sensitivity\": 1"), json);
        assertEquals(afterStart, number(json, "\"gross\": \\{.*?\"tp\": (\\d+)"));
        assertEquals(2, number(json, "\"gross\": \\{\"records\": (\\d+)"));
        assertEquals(1, number(json, "\"records_evaluated\": (\\d+)"));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporaries left");
        }
    }

    private static long number(String json, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(json);
        assertTrue(m.find(), regex + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void rerunSkipsUpToDateResultsUnlessForcedOrTheInputChanged() throws Exception {
        assertEquals(ExitCode.OK, run(in.toString(), out.toString()).code());
        FileTime old = FileTime.from(1, TimeUnit.DAYS);
        Files.setLastModifiedTime(out.resolve("r1.h5"), old);
        Files.setLastModifiedTime(out.resolve("r2.h5"), old);

        Run again = run(in.toString(), out.toString());
        assertEquals(ExitCode.OK, again.code());
        assertTrue(again.out().contains("analyzed 0, up to date 2"), again.out());
        assertTrue(again.out().contains("Se 100.00%"), "summary still pools skipped records: " + again.out());
        assertEquals(old, Files.getLastModifiedTime(out.resolve("r1.h5")));

        RecordFileFixture.write(in.resolve("r2.h5"), "r2", FS, RecordFileFixture.digitize(withReference.mv), null);
        Run changed = run(in.toString(), out.toString());
        assertTrue(changed.out().contains("analyzed 1, up to date 1"), changed.out());
        assertFalse(old.equals(Files.getLastModifiedTime(out.resolve("r2.h5"))));

        Run otherChannel = run(in.toString(), out.toString(), "--channel", "1");
        assertTrue(otherChannel.out().contains("analyzed 2, up to date 0"), otherChannel.out());

        Run forced = run(in.toString(), out.toString(), "--channel", "1", "--force");
        assertTrue(forced.out().contains("analyzed 2, up to date 0"), forced.out());
    }

    @Test
    void dryRunWritesNothing() {
        Run r = run(in.toString(), out.toString(), "--dry-run");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("r1: would analyze channel 0 (MLII) (2 signals, 360 Hz, 129600 samples)"), r.out());
        assertTrue(r.out().contains("dry run: 2 to analyze, 0 up to date, 0 failed; nothing written"), r.out());
        assertFalse(Files.exists(out));
    }

    @Test
    void missingOrEmptyInputIsInputMissing() throws Exception {
        Run missing = run(tmp.resolve("nope").toString(), out.toString());
        assertEquals(ExitCode.INPUT_MISSING, missing.code());
        assertEquals("analyze: error: input directory " + tmp.resolve("nope") + " does not exist or is not a directory",
                missing.err().strip());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Run none = run(empty.toString(), out.toString());
        assertEquals(ExitCode.INPUT_MISSING, none.code());
        assertTrue(none.err().contains("no record files (*.h5)"), none.err());
    }

    @Test
    void aFileThatIsNotARecordIsBadInputAndTheOthersStillSucceed() throws Exception {
        Path onlyBad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(onlyBad.resolve("x.h5"), "not hdf5 at all");
        Run bad = run(onlyBad.toString(), out.toString());
        assertEquals(ExitCode.BAD_INPUT, bad.code(), bad.err());
        assertEquals("analyze: error: " + onlyBad.resolve("x.h5")
                + ": not a readable ecgpipe record file (No valid HDF5 signature found)", bad.err().strip());
        assertFalse(Files.exists(out.resolve("x.h5")));

        // An HDF5 file of another layout (a results file) is not a record either.
        assertEquals(ExitCode.OK, run(in.toString(), out.toString()).code());
        Path mixed = Files.createDirectories(tmp.resolve("mixed"));
        Files.copy(out.resolve("r1.h5"), mixed.resolve("results.h5"));
        Files.copy(in.resolve("r2.h5"), mixed.resolve("r2.h5"));
        Path out2 = tmp.resolve("out2");
        Run partial = run(mixed.toString(), out2.toString());
        assertEquals(ExitCode.PARTIAL, partial.code());
        assertTrue(partial.err().contains("not an ecgpipe record file (root attribute layout is \"ecgpipe-results\""),
                partial.err());
        assertTrue(Files.exists(out2.resolve("r2.h5")));
        assertFalse(Files.exists(out2.resolve("results.h5")));
    }

    @Test
    void optionsAreValidated() throws Exception {
        assertEquals(ExitCode.USAGE, run(in.toString(), out.toString(), "--threads", "0").code());
        assertEquals(ExitCode.USAGE, run(in.toString()).code());
        assertEquals(ExitCode.USAGE, run(in.toString(), in.toString()).code());
        Run noSuchChannel = run(in.toString(), out.toString(), "--channel", "2");
        assertEquals(ExitCode.BAD_INPUT, noSuchChannel.code());
        assertTrue(noSuchChannel.err().contains("--channel 2 does not exist"), noSuchChannel.err());
    }

    @Test
    void helpListsOptionsAndExitCodes() {
        Run help = run("--help");
        assertEquals(ExitCode.OK, help.code());
        for (String s : new String[] {"INPUT_DIR", "OUTPUT_DIR", "--threads", "--channel", "--force", "--dry-run",
                "--verbose", "Exit Codes:", "Some records failed"}) {
            assertTrue(help.out().contains(s), s + " in\n" + help.out());
        }
    }

    @Test
    void resultsAreReadableByH5dump() throws Exception {
        Path h5dump = Prerequisites.tool("h5dump");
        assertEquals(ExitCode.OK, run(in.toString(), out.toString()).code());
        Process p = new ProcessBuilder(h5dump.toString(), "-A", out.resolve("r1.h5").toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), text);
        assertTrue(text.contains("ATTRIBUTE \"sdnn_ms\""), text);
        assertTrue(text.contains("GROUP \"evaluation\""), text);
        assertTrue(text.contains("\"ecgpipe-results\""), text);
    }
}
