package ecgpipe.common.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-checks the reader against the values wfdb-python (PhysioNet's reference reader) decodes from its own
 * sample records, kept outside this repository in the directory named by WFDB_FORMATS_DIR (with the expected
 * values as JSON under {@code expected/}).
 */
class WfdbFormatsCrossCheckTest {
    private static final Pattern SIGNAL_STATS = Pattern.compile(
            "\"e_d_signal_stats\":\\{\"n_samples\":(\\d+),\"sum\":(-?\\d+).*?"
                    + "\"first1000\":\\[([^\\]]*)\\],\"last1000\":\\[([^\\]]*)\\]");

    private static Path formatsDir() {
        String d = System.getenv("WFDB_FORMATS_DIR");
        boolean ok = d != null && Files.isDirectory(Path.of(d, "expected"));
        Prerequisites.require(ok, "WFDB_FORMATS_DIR is not set to the wfdb-python sample records with expected/");
        return Path.of(d);
    }

    private record Stats(long n, long sum, long[] first, long[] last) {
    }

    private static List<Stats> expectedSignals(Path json) throws IOException {
        String text = Files.readString(json);
        List<Stats> out = new ArrayList<>();
        Matcher m = SIGNAL_STATS.matcher(text);
        while (m.find()) {
            out.add(new Stats(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), longs(m.group(3)),
                    longs(m.group(4))));
        }
        return out;
    }

    private static long[] longs(String csv) {
        if (csv.isBlank()) {
            return new long[0];
        }
        return Arrays.stream(csv.split(",")).mapToLong(s -> Long.parseLong(s.strip())).toArray();
    }

    private static void assertSignalEquals(Stats expected, int[] actual, String what) {
        assertEquals(expected.n(), actual.length, what + ": length");
        long sum = 0;
        for (int v : actual) {
            sum += v;
        }
        assertEquals(expected.sum(), sum, what + ": sum");
        int k = expected.first().length;
        long[] head = Arrays.stream(Arrays.copyOf(actual, k)).asLongStream().toArray();
        long[] tail = Arrays.stream(Arrays.copyOfRange(actual, actual.length - expected.last().length,
                actual.length)).asLongStream().toArray();
        assertArrayEquals(expected.first(), head, what + ": first samples");
        assertArrayEquals(expected.last(), tail, what + ": last samples");
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "100skew", "100-no-len", "100_3chan", "03700181", "test01_00s",
        "test01_00s_frame", "test01_00s_skew", "test01_00s_skewframe", "3000003_0003", "p10143", "a103l",
        "a103l-no-len", "s0010_re", "v102s", "test_generator_2"})
    void decodesLikeTheReferenceReader(String record) throws IOException {
        Path dir = formatsDir();
        WfdbRecord r = WfdbReader.read(dir.resolve(record + ".hea"));
        List<Stats> expected = expectedSignals(dir.resolve("expected/" + record + ".json"));
        assertEquals(expected.size(), r.numberOfSignals());
        for (int i = 0; i < expected.size(); i++) {
            assertSignalEquals(expected.get(i), r.samples()[i], record + " signal " + i);
        }
        // Header checksums describe the samples in file order, skew or not. The "_frame" variants are headers
        // written by hand for the same signal file whose initial values were not updated: a true mismatch.
        List<SignalVerifier.Mismatch> mismatches = SignalVerifier.verify(r);
        if (record.endsWith("frame")) {
            assertEquals(List.of("signal 2 (ECG_3): initial value -57 declared, -66 computed"),
                    mismatches.stream().map(SignalVerifier.Mismatch::message).toList());
        } else {
            assertEquals(List.of(), mismatches, record);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"binformats"})
    void decodesEveryFormatThisReaderSupports(String record) throws IOException {
        Path dir = formatsDir();
        RecordHeader all = RecordHeader.read(dir.resolve(record + ".hea"));
        List<Stats> expected = expectedSignals(dir.resolve("expected/" + record + ".json"));
        List<SignalSpec> supported = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < all.numberOfSignals(); i++) {
            if (StorageFormat.of(all.signals().get(i).format()).isPresent()) {
                supported.add(all.signals().get(i));
                index.add(i);
            }
        }
        assertEquals(8, supported.size(), "all but formats 310 and 311");
        WfdbRecord r = WfdbReader.read(all.withSignals(supported), dir, record);
        for (int k = 0; k < supported.size(); k++) {
            assertSignalEquals(expected.get(index.get(k)), r.samples()[k], record + " signal " + index.get(k));
        }
        assertEquals(List.of(), SignalVerifier.verify(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.atr", "1003.atr", "12726.anI", "12726.wabp", "12726.wqrs", "huge.qrs",
        "03700181.sqrs", "03700181.gqrsh", "03700181.gqrsl", "100.qrs"})
    void readsAnnotationsLikeTheReferenceReader(String file) throws IOException {
        Path dir = formatsDir();
        List<Annotation> ours = new ArrayList<>(AnnotationReader.read(dir.resolve(file)));
        // wfdb-python also drops the program's command-line NOTE that gqrs writes at sample 0.
        ours.removeIf(a -> a.sample() == 0 && a.code() == AnnotationCodes.NOTE);
        String json = Files.readString(dir.resolve("expected/" + file + ".json"));
        assertArrayEquals(array(json, "sample"), ours.stream().mapToLong(Annotation::sample).toArray(), "sample");
        assertArrayEquals(array(json, "label_store"), ours.stream().mapToLong(Annotation::code).toArray(), "code");
        assertArrayEquals(array(json, "subtype"), ours.stream().mapToLong(Annotation::subtype).toArray(), "subtype");
        assertArrayEquals(array(json, "chan"), ours.stream().mapToLong(Annotation::chan).toArray(), "chan");
        assertArrayEquals(array(json, "num"), ours.stream().mapToLong(Annotation::num).toArray(), "num");
        Matcher m = Pattern.compile("\"n_aux_note_nonempty\":(\\d+)").matcher(json);
        assertTrue(m.find());
        assertEquals(Long.parseLong(m.group(1)), ours.stream().filter(a -> !a.aux().isEmpty()).count(), "aux notes");
    }

    /** The last array named {@code field}: "custom_labels" earlier in the file may have one of the same name. */
    private static long[] array(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\\[([^\\]]*)\\]").matcher(json);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertTrue(last != null, field);
        return longs(last);
    }
}
