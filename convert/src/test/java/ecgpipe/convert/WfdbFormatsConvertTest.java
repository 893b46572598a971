package ecgpipe.convert;

import static ecgpipe.common.wfdb.ExpectedJson.list;
import static ecgpipe.common.wfdb.ExpectedJson.longs;
import static ecgpipe.common.wfdb.ExpectedJson.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.testing.Prerequisites;
import ecgpipe.common.wfdb.ExpectedJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * convert.jar's output for wfdb-python's sample records (WFDB_FORMATS_DIR, read in place) against the values
 * wfdb-python decodes: every record in every storage format, with samples per frame, skew, byte offsets and
 * both multi-segment layouts; FLAC records refused; annotations of every annotator present.
 */
class WfdbFormatsConvertTest {
    @TempDir
    Path out;

    private static Path formatsDir() {
        String d = System.getenv("WFDB_FORMATS_DIR");
        boolean ok = d != null && Files.isDirectory(Path.of(d, "expected"));
        Prerequisites.require(ok, "WFDB_FORMATS_DIR is not set to the wfdb-python sample records with expected/");
        return Path.of(d);
    }

    @Test
    void everySampleRecordConvertsToWhatTheReferenceReaderDecodes() throws IOException {
        Path dir = formatsDir();
        // The two "_frame" headers reuse test01_00s.dat with a stale initial value (a true mismatch): --no-verify.
        ConvertRun run = ConvertRun.of(dir.toString(), out.resolve("top").toString(), "--no-verify");
        List<String> failed = run.errLines();
        assertEquals(ExitCode.PARTIAL, run.exitCode(), run.toString());
        // Refused: the FLAC records, and the two records whose signal files are not in the snapshot.
        assertEquals(5, failed.size(), run.err());
        for (String flac : List.of("flac_3_constant", "flacformats", "mixedsignals")) {
            assertTrue(failed.stream().anyMatch(l -> l.contains(flac + ".hea: signal 0: unsupported storage format 5")
                    && l.contains("FLAC")), flac + " in\n" + run.err());
        }
        assertTrue(failed.stream().anyMatch(l -> l.contains("1003.dat: no such file")), run.err());
        assertTrue(failed.stream().anyMatch(l -> l.contains("12726.dat: no such file")), run.err());

        int checked = 0;
        try (var files = Files.list(dir.resolve("expected"))) {
            for (Path json : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = json.getFileName().toString().replace(".json", "");
                Map<String, Object> j = map(ExpectedJson.read(json));
                if (name.startsWith("_") || j.containsKey("extension") || list(j.get("signals")).stream()
                        .anyMatch(s -> ((String) map(s).get("fmt")).startsWith("5"))) {
                    continue;
                }
                checkRecordFile(out.resolve("top/" + name + ".h5"), j, dir, name);
                checked++;
            }
        }
        assertEquals(24, checked, "single-segment records with signals");
        try (var outputs = Files.list(out.resolve("top"))) {
            assertEquals(24, outputs.count(), "one file per converted record, nothing else");
        }

        for (String sub : List.of("041s", "s25047")) {
            Path in = dir.resolve("multi-segment/" + sub);
            ConvertRun m = ConvertRun.of(in.toString(), out.resolve(sub).toString());
            assertEquals(0, m.exitCode(), m.toString());
        }
        try (var outputs = Files.list(out.resolve("s25047"))) {
            assertEquals(List.of("s25047-2704-05-04-10-44.h5", "s25047-2704-05-04-10-44n.h5"),
                    outputs.map(p -> p.getFileName().toString()).sorted().toList(), "segments are not records");
        }
        checkRecordFile(out.resolve("041s/041s.h5"),
                map(ExpectedJson.read(dir.resolve("expected/multi-segment/041s/041s.json"))), dir, "041s");
        checkRecordFile(out.resolve("s25047/s25047-2704-05-04-10-44n.h5"), map(ExpectedJson.read(
                dir.resolve("expected/multi-segment/s25047/s25047-2704-05-04-10-44n.json"))), dir, "s25047n");
        checkVariableLayout(out.resolve("s25047/s25047-2704-05-04-10-44.h5"), map(ExpectedJson.read(
                dir.resolve("expected/multi-segment/s25047/s25047-2704-05-04-10-44.json"))));
    }

    private static void checkRecordFile(Path h5file, Map<String, Object> j, Path dir, String name) throws IOException {
        List<Object> sigs = list(j.get("signals"));
        boolean complete = Boolean.TRUE.equals(j.get("complete"));
        try (H5Reader h5 = new H5Reader(h5file)) {
            assertEquals(((Number) j.get("sig_len")).longValue(), h5.attr(Hdf5Layout.ATTR_N_SAMPLES), name);
            assertEquals(((Number) j.get("fs")).doubleValue(), (double) h5.attr(Hdf5Layout.ATTR_FS), 1e-9, name);
            int[][] digital = h5.digital();
            int[] spf = (int[]) h5.signalAttr(Hdf5Layout.SIG_SAMPLES_PER_FRAME);
            int[] missing = (int[]) h5.signalAttr(Hdf5Layout.SIG_MISSING_VALUE);
            boolean segmented = h5.has("segments");
            for (int i = 0; i < sigs.size(); i++) {
                Map<String, Object> sig = map(sigs.get(i));
                String what = name + " signal " + i;
                if (!segmented) {
                    // The frame layout as the header gives it.
                    assertEquals(sig.get("file_name"), ((Object[]) h5.signalAttr(Hdf5Layout.SIG_FILE))[i], what);
                    assertEquals(sig.get("skew") == null ? 0 : ((Number) sig.get("skew")).intValue(),
                            ((int[]) h5.signalAttr(Hdf5Layout.SIG_SKEW))[i], what + ": skew");
                    assertEquals(sig.get("byte_offset") == null ? 0 : ((Number) sig.get("byte_offset")).longValue(),
                            ((long[]) h5.signalAttr(Hdf5Layout.SIG_BYTE_OFFSET))[i], what + ": byte offset");
                    assertEquals(((Number) sig.get("block_size")).intValue(),
                            ((int[]) h5.signalAttr(Hdf5Layout.SIG_BLOCK_SIZE))[i], what + ": block size");
                    assertEquals(((Number) sig.get("adc_gain")).doubleValue(),
                            ((double[]) h5.signalAttr(Hdf5Layout.SIG_GAIN))[i], 1e-12, what + ": gain");
                    assertEquals(((Number) sig.get("baseline")).intValue(),
                            ((int[]) h5.signalAttr(Hdf5Layout.SIG_BASELINE))[i], what + ": baseline");
                    assertEquals(Integer.parseInt((String) sig.get("fmt")),
                            ((int[]) h5.signalAttr(Hdf5Layout.SIG_FORMAT))[i], what + ": format");
                }
                assertEquals(((Number) sig.get("samps_per_frame")).intValue(), spf[i], what + ": samples per frame");
                if (sig.get("invalid_value") != null) {
                    assertEquals(((Number) sig.get("invalid_value")).intValue(), missing[i], what + ": missing value");
                }
                int[] all = spf[i] == 1 ? digital[i] : widen(h5.dataset(Hdf5Layout.SIGNALS_EXPANDED + "/" + i).getData());
                Map<String, Object> stats = map(sig.get("e_d_signal_stats"));
                if (complete) {
                    assertArrayEquals(longs(list(j.get("e_d_signal")).get(i)), asLongs(all), what + ": every sample");
                }
                assertArrayEquals(longs(stats.get("first1000")), asLongs(Arrays.copyOf(all,
                        longs(stats.get("first1000")).length)), what + ": first samples");
                assertEquals(((Number) stats.get("sum")).longValue(), Arrays.stream(all).asLongStream().sum(), what);
                if (spf[i] > 1) {
                    // signals/digital: wfdb-python's smooth_frames, except that a frame with a missing sample is missing.
                    Map<String, Object> smooth = map(sig.get("d_signal_smoothed_stats"));
                    long[] first = longs(smooth.get("first1000"));
                    for (int t = 0; t < first.length; t++) {
                        boolean gap = false;
                        for (int k = 0; k < spf[i]; k++) {
                            gap |= all[t * spf[i] + k] == missing[i];
                        }
                        assertEquals(gap ? missing[i] : first[t], digital[i][t], what + " frame " + t);
                    }
                }
            }
        }
    }

    private static void checkVariableLayout(Path h5file, Map<String, Object> j) {
        try (H5Reader h5 = new H5Reader(h5file)) {
            int[][] digital = h5.digital();
            int[] missing = (int[]) h5.signalAttr(Hdf5Layout.SIG_MISSING_VALUE);
            long[] start = (long[]) h5.dataset("segments/start").getData();
            long[] length = (long[]) h5.dataset("segments/length").getData();
            double[][] gain = (double[][]) h5.dataset("segments/gain").getData();
            int[][] baseline = (int[][]) h5.dataset("segments/baseline").getData();
            assertEquals(19, start.length, "a gap and 18 segments");
            List<Object> sigs = list(j.get("signals"));
            for (int i = 0; i < sigs.size(); i++) {
                Map<String, Object> stats = map(map(sigs.get(i)).get("e_p_signal_stats"));
                List<Object> per = list(stats.get("per_segment"));
                for (int k = 0; k < start.length; k++) {
                    long nan = 0;
                    double sum = 0;
                    for (long t = start[k]; t < start[k] + length[k]; t++) {
                        int v = digital[i][(int) t];
                        if (Double.isNaN(gain[k][i]) || v == missing[i]) {
                            nan++;
                        } else {
                            sum += (v - baseline[k][i]) / gain[k][i];
                        }
                    }
                    Map<String, Object> e = map(per.get(k));
                    assertEquals(((Number) e.get("n_nan")).longValue(), nan, "signal " + i + " segment " + k);
                    double expected = ((Number) e.get("nansum")).doubleValue();
                    assertEquals(expected, sum, 1e-9 * Math.max(1, Math.abs(expected)), "signal " + i + " segment " + k);
                }
            }
        }
    }

    private static int[] widen(Object data) {
        if (data instanceof int[] ints) {
            return ints;
        }
        short[] s = (short[]) data;
        int[] out = new int[s.length];
        for (int k = 0; k < s.length; k++) {
            out[k] = s[k];
        }
        return out;
    }

    private static long[] asLongs(int[] v) {
        return Arrays.stream(v).asLongStream().toArray();
    }
}
