package ecgpipe.common.wfdb;

import static ecgpipe.common.wfdb.ExpectedJson.list;
import static ecgpipe.common.wfdb.ExpectedJson.longs;
import static ecgpipe.common.wfdb.ExpectedJson.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import ecgpipe.common.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Cross-checks the reader against the values wfdb-python (PhysioNet's reference reader) decodes from its own
 * sample records, kept outside this repository in the directory named by WFDB_FORMATS_DIR. Every JSON file under
 * its {@code expected/} becomes one test, so a record added there is checked without a change here: header
 * fields, every decoded sample (or, for long records, length, exact sum, first and last 1000 samples, invalid
 * count), verification, multi-segment merging, and every field of every annotation.
 */
class WfdbFormatsCrossCheckTest {

    private static Path formatsDir() {
        String d = System.getenv("WFDB_FORMATS_DIR");
        boolean ok = d != null && Files.isDirectory(Path.of(d, "expected"));
        Prerequisites.require(ok, "WFDB_FORMATS_DIR is not set to the wfdb-python sample records with expected/");
        return Path.of(d);
    }

    @TestFactory
    Stream<DynamicTest> everyExpectedFileAgrees() throws IOException {
        Path dir = formatsDir();
        Path expected = dir.resolve("expected");
        List<Path> files;
        try (Stream<Path> s = Files.walk(expected)) {
            files = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        }
        assertTrue(files.size() >= 60, "expected/ holds " + files.size() + " files");
        return files.stream().map(json -> {
            String rel = expected.relativize(json).toString();
            String path = rel.substring(0, rel.length() - ".json".length());
            return DynamicTest.dynamicTest(path, () -> {
                Map<String, Object> j = map(ExpectedJson.read(json));
                if (j.containsKey("extension")) {
                    checkAnnotations(dir, path, j);
                } else if (j.containsKey("n_seg")) {
                    checkMultiSegment(dir, path, j);
                } else {
                    checkRecord(dir, path, j);
                }
            });
        });
    }

    // ---- single-segment records

    private static void checkRecord(Path dir, String path, Map<String, Object> j) throws IOException {
        Path hea = dir.resolve(path + ".hea");
        RecordHeader h = RecordHeader.read(hea);
        List<Object> sigs = list(j.get("signals"));
        boolean flac = sigs.stream().anyMatch(s -> StorageFormat.isFlac(Integer.parseInt((String) map(s).get("fmt"))));
        if (flac) {
            PipelineException e = assertThrows(PipelineException.class, () -> WfdbReader.read(hea));
            assertEquals(ExitCode.BAD_INPUT, e.exitCode());
            assertTrue(e.getMessage().contains("unsupported storage format 5") && e.getMessage().contains("FLAC"),
                    e.getMessage());
            return;
        }
        WfdbRecord r = WfdbReader.read(hea);
        checkHeader(h, r, j, path);
        boolean complete = Boolean.TRUE.equals(j.get("complete"));
        List<Object> all = complete ? list(j.get("e_d_signal")) : null;
        Set<String> expectedMismatches = new TreeSet<>();
        for (int i = 0; i < sigs.size(); i++) {
            Map<String, Object> sig = map(sigs.get(i));
            Map<String, Object> stats = map(sig.get("e_d_signal_stats"));
            String what = path + " signal " + i;
            if (complete) {
                assertArrayEquals(longs(all.get(i)), asLongs(r.samples()[i]), what + ": every sample");
            }
            checkStats(stats, r.samples()[i], what);
            if (sig.get("invalid_value") != null) {
                long invalid = ((Number) sig.get("invalid_value")).longValue();
                assertEquals(invalid, r.invalidValue(i), what + ": invalid value");
                assertEquals(((Number) stats.get("n_invalid")).longValue(),
                        Arrays.stream(r.samples()[i]).filter(v -> v == invalid).count(), what + ": invalid samples");
            }
            // Header checksums and initial values describe the samples in file order, skew or not. The JSON
            // gives the file-order sum of a skewed signal but not its first sample: only its checksum is derived.
            boolean skewed = orZero(sig.get("skew")) != 0;
            Map<String, Object> stored = skewed ? map(sig.get("stored_order_stats")) : stats;
            if (!skewed && ((Number) sig.get("init_value")).longValue() != longs(stats.get("first1000"))[0]
                    && !"8".equals(sig.get("fmt"))) {
                expectedMismatches.add(i + " initial value");
            }
            if (!Boolean.TRUE.equals(stored.get("checksum16_matches_header"))) {
                expectedMismatches.add(i + " checksum");
            }
        }
        Set<String> ours = new TreeSet<>();
        SignalVerifier.verify(r).forEach(m -> ours.add(m.signal() + " " + m.what()));
        assertEquals(expectedMismatches, ours, path + ": verification");
    }

    private static void checkHeader(RecordHeader h, WfdbRecord r, Map<String, Object> j, String path) {
        assertEquals(((Number) j.get("fs")).doubleValue(), h.samplingFrequency(), 1e-9, path + ": fs");
        assertEquals(orZero(j.get("counter_freq")), h.counterFrequency(), 1e-9, path + ": counter frequency");
        assertEquals(orZero(j.get("base_counter")), h.baseCounter(), 1e-9, path + ": base counter");
        assertEquals(((Number) j.get("sig_len")).longValue(), r.numberOfSamples(), path + ": length");
        assertEquals(j.get("base_time") == null ? "" : seconds((String) j.get("base_time")),
                h.baseTime().isEmpty() ? "" : seconds(h.baseTime()), path + ": base time");
        assertEquals(j.get("base_date") == null ? "" : j.get("base_date"), isoDate(h.baseDate()), path + ": base date");
        assertEquals(list(j.get("comments")), new ArrayList<Object>(h.comments()), path + ": comments");
        List<Object> sigs = list(j.get("signals"));
        assertEquals(sigs.size(), h.numberOfSignals(), path + ": signals");
        for (int i = 0; i < sigs.size(); i++) {
            Map<String, Object> e = map(sigs.get(i));
            SignalSpec s = h.signals().get(i);
            String what = path + " signal " + i + ": ";
            assertEquals(e.get("name"), s.description(), what + "name");
            assertEquals(e.get("file_name"), s.fileName(), what + "file");
            assertEquals(Integer.parseInt((String) e.get("fmt")), s.format(), what + "format");
            assertEquals(((Number) e.get("samps_per_frame")).intValue(), s.samplesPerFrame(), what + "samples per frame");
            assertEquals((long) orZero(e.get("skew")), s.skew(), what + "skew");
            assertEquals((long) orZero(e.get("byte_offset")), s.byteOffset(), what + "byte offset");
            assertEquals(((Number) e.get("adc_gain")).doubleValue(), s.gain(), 1e-12, what + "gain");
            assertEquals(((Number) e.get("baseline")).intValue(), s.baseline(), what + "baseline");
            if (s.units().chars().allMatch(c -> c < 128)) {
                assertEquals(e.get("units"), s.units(), what + "units");
            }
            int adcRes = ((Number) e.get("adc_res")).intValue();
            if (adcRes != 0) {
                assertEquals(adcRes, s.adcResolution(), what + "ADC resolution");
            }
            assertEquals(((Number) e.get("adc_zero")).intValue(), s.adcZero(), what + "ADC zero");
            assertEquals(((Number) e.get("init_value")).intValue(), s.initialValue(), what + "initial value");
            assertEquals(((Number) e.get("checksum")).intValue() & 0xFFFF, s.declaredChecksum().orElseThrow() & 0xFFFF,
                    what + "checksum");
            assertEquals(((Number) e.get("block_size")).intValue(), s.blockSize(), what + "block size");
        }
    }

    private static void checkStats(Map<String, Object> stats, int[] actual, String what) {
        assertEquals(((Number) stats.get("n_samples")).longValue(), actual.length, what + ": length");
        long sum = 0;
        for (int v : actual) {
            sum += v;
        }
        assertEquals(((Number) stats.get("sum")).longValue(), sum, what + ": sum");
        long[] first = longs(stats.get("first1000"));
        long[] last = longs(stats.get("last1000"));
        assertArrayEquals(first, asLongs(Arrays.copyOf(actual, first.length)), what + ": first samples");
        assertArrayEquals(last, asLongs(Arrays.copyOfRange(actual, actual.length - last.length, actual.length)),
                what + ": last samples");
    }

    // ---- multi-segment records

    private static void checkMultiSegment(Path dir, String path, Map<String, Object> j) {
        Path hea = dir.resolve(path + ".hea");
        RecordHeader master = RecordHeader.read(hea);
        MultiSegmentRecord m = MultiSegmentReader.read(master, hea.getParent(), path, true);
        WfdbRecord r = m.record();
        assertEquals(j.get("layout"), m.layout(), path + ": layout");
        assertEquals(((Number) j.get("sig_len")).longValue(), r.numberOfSamples(), path + ": length");
        List<Object> segs = list(j.get("segments"));
        List<Object> spans = segs.stream().filter(s -> ((Number) map(s).get("seg_len")).longValue() > 0
                || !((String) map(s).get("seg_name")).endsWith("_layout")).toList();
        assertEquals(spans.size(), m.spans().size(), path + ": segments");
        for (int k = 0; k < spans.size(); k++) {
            Map<String, Object> e = map(spans.get(k));
            MultiSegmentRecord.Span s = m.spans().get(k);
            assertEquals(e.get("seg_name"), s.name());
            assertEquals(((Number) e.get("start")).longValue(), s.start(), path + " segment " + k + ": start");
            assertEquals(((Number) e.get("end")).longValue(), s.start() + s.length(), path + " segment " + k + ": end");
        }
        List<Object> sigs = list(j.get("signals"));
        assertEquals(sigs.size(), r.numberOfSignals());
        for (int i = 0; i < sigs.size(); i++) {
            Map<String, Object> sig = map(sigs.get(i));
            String what = path + " signal " + i;
            assertEquals(sig.get("name"), r.header().signals().get(i).description(), what + ": name");
            assertEquals(((Number) sig.get("samps_per_frame")).intValue(), r.header().signals().get(i).samplesPerFrame());
            if (Boolean.TRUE.equals(j.get("complete"))) {
                assertArrayEquals(longs(list(j.get("e_d_signal")).get(i)), asLongs(r.samples()[i]), what + ": every sample");
                Map<String, Object> stats = map(sig.get("e_d_signal_stats"));
                checkStats(stats, r.samples()[i], what);
                List<Object> per = list(stats.get("per_segment"));
                int spf = r.header().signals().get(i).samplesPerFrame();
                for (int k = 0; k < per.size(); k++) {
                    MultiSegmentRecord.Span s = m.spans().get(k);
                    long sum = 0;
                    for (long t = s.start() * spf; t < (s.start() + s.length()) * spf; t++) {
                        sum += r.samples()[i][(int) t];
                    }
                    assertEquals(((Number) map(per.get(k)).get("sum")).longValue(), sum, what + " segment " + k);
                }
            } else {
                checkPhysical(m, i, map(sig.get("e_p_signal_stats")), what);
            }
        }
    }

    /** wfdb-python's physical values: (d - baseline) / gain with each segment's own gain, NaN where missing. */
    private static void checkPhysical(MultiSegmentRecord m, int i, Map<String, Object> stats, String what) {
        int[] d = m.record().samples()[i];
        int invalid = m.record().invalidValue(i);
        double[] x = new double[d.length];
        List<double[]> perSegment = new ArrayList<>();
        for (MultiSegmentRecord.Span s : m.spans()) {
            double nansum = 0;
            long nan = 0;
            for (long t = s.start(); t < s.start() + s.length(); t++) {
                int v = d[(int) t];
                double p = Double.isNaN(s.gain()[i]) || v == invalid ? Double.NaN : (v - s.baseline()[i]) / s.gain()[i];
                x[(int) t] = p;
                if (Double.isNaN(p)) {
                    nan++;
                } else {
                    nansum += p;
                }
            }
            perSegment.add(new double[] {nan, nansum});
        }
        assertEquals(((Number) stats.get("n_samples")).longValue(), x.length, what + ": length");
        assertEquals(((Number) stats.get("n_nan")).longValue(), Arrays.stream(x).filter(Double::isNaN).count(),
                what + ": missing samples");
        double nansum = Arrays.stream(x).filter(v -> !Double.isNaN(v)).sum();
        assertEquals(((Number) stats.get("nansum")).doubleValue(), nansum, 1e-9 * Math.max(1, Math.abs(nansum)),
                what + ": sum");
        List<Object> first = list(stats.get("first1000"));
        List<Object> last = list(stats.get("last1000"));
        for (int t = 0; t < first.size(); t++) {
            assertPhysical(first.get(t), x[t], what + " sample " + t);
        }
        for (int t = 0; t < last.size(); t++) {
            int at = x.length - last.size() + t;
            assertPhysical(last.get(t), x[at], what + " sample " + at);
        }
        List<Object> per = list(stats.get("per_segment"));
        assertEquals(per.size(), perSegment.size(), what + ": segments");
        for (int k = 0; k < per.size(); k++) {
            Map<String, Object> e = map(per.get(k));
            assertEquals(((Number) e.get("n_nan")).longValue(), (long) perSegment.get(k)[0], what + " segment " + k);
            assertEquals(((Number) e.get("nansum")).doubleValue(), perSegment.get(k)[1],
                    1e-9 * Math.max(1, Math.abs(perSegment.get(k)[1])), what + " segment " + k);
        }
    }

    private static void assertPhysical(Object expected, double actual, String what) {
        if (expected == null) {
            assertTrue(Double.isNaN(actual), what + ": missing, not " + actual);
        } else {
            assertEquals(((Number) expected).doubleValue(), actual, 1e-12, what);
        }
    }

    // ---- annotations

    private static void checkAnnotations(Path dir, String path, Map<String, Object> j) {
        Path file = dir.resolve(path);
        AnnotationFile f = AnnotationFile.read(file);
        List<Annotation> ours = new ArrayList<>(f.annotations());
        // wfdb-python also drops the NOTE annotations at sample 0 after the header block (gqrs writes its command
        // line there); WFDB's rdann and this reader keep them.
        ours.removeIf(a -> a.sample() == 0 && a.code() == AnnotationCodes.NOTE);
        assertArrayEquals(longs(j.get("sample")), ours.stream().mapToLong(Annotation::sample).toArray(), "sample");
        assertArrayEquals(longs(j.get("label_store")), ours.stream().mapToLong(Annotation::code).toArray(), "code");
        assertArrayEquals(longs(j.get("subtype")), ours.stream().mapToLong(Annotation::subtype).toArray(), "subtype");
        assertArrayEquals(longs(j.get("chan")), ours.stream().mapToLong(Annotation::chan).toArray(), "chan");
        assertArrayEquals(longs(j.get("num")), ours.stream().mapToLong(Annotation::num).toArray(), "num");
        List<Object> aux = list(j.get("aux_note"));
        List<Object> symbols = list(j.get("symbol"));
        for (int k = 0; k < ours.size(); k++) {
            // wfdb-python keeps a terminating NUL that WFDB counts in some files; it is not part of the text.
            assertEquals(((String) aux.get(k)).replaceAll("\u0000+$", ""), ours.get(k).aux(), path + " aux " + k);
            // wfdb-python has no symbol (null) for a code without a standard mnemonic, even where the file
            // defines one ("42 CAL Calibration" in 12726.wabp); this reader uses the file's, as WFDB's rdann does.
            Object sym = symbols.get(k);
            String[] def = f.definitions().get(ours.get(k).code());
            String expect = sym != null ? (String) sym : def != null ? def[0] : "[" + ours.get(k).code() + "]";
            assertEquals(expect, ours.get(k).symbol(), path + " symbol " + k);
        }
        Object fs = j.get("fs");
        String record = path.substring(0, path.lastIndexOf('.'));
        Path hea = dir.resolve(record + ".hea");
        double resolution = f.timeResolution() > 0 ? f.timeResolution()
                : Files.exists(hea) ? RecordHeader.read(hea).samplingFrequency() : Double.NaN;
        if (fs == null) {
            assertTrue(Double.isNaN(resolution), path + ": no time resolution");
        } else {
            assertEquals(((Number) fs).doubleValue(), resolution, 1e-9, path + ": time resolution");
        }
        if (j.get("custom_labels") != null) {
            Map<String, Object> custom = map(j.get("custom_labels"));
            long[] codes = longs(custom.get("label_store"));
            List<Object> syms = list(custom.get("symbol"));
            assertEquals(codes.length, f.definitions().size(), path + ": definitions");
            for (int k = 0; k < codes.length; k++) {
                assertEquals(syms.get(k), f.definitions().get((int) codes[k])[0], path + ": definition of " + codes[k]);
            }
        } else {
            assertTrue(f.definitions().keySet().stream().allMatch(c -> AnnotationCodes.mnemonic(c).startsWith("[")),
                    path + ": only codes without a standard mnemonic are defined: " + f.definitions().keySet());
        }
    }

    // ---- helpers

    private static long[] asLongs(int[] v) {
        return Arrays.stream(v).asLongStream().toArray();
    }

    private static double orZero(Object o) {
        return o == null ? 0 : ((Number) o).doubleValue();
    }

    /** "8:26:04" and "08:26:04.000" alike: seconds since midnight. */
    private static String seconds(String time) {
        String[] t = time.split(":");
        double s = 0;
        for (String part : t) {
            s = s * 60 + Double.parseDouble(part);
        }
        return String.format(java.util.Locale.ROOT, "%.6f", s);
    }

    /** WFDB's "dd/mm/yyyy" as ISO "yyyy-mm-dd" ("" stays ""). */
    private static String isoDate(String date) {
        if (date.isEmpty()) {
            return "";
        }
        String[] d = date.split("/");
        return String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", Integer.parseInt(d[2]), Integer.parseInt(d[1]),
                Integer.parseInt(d[0]));
    }
}
