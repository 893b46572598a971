package ecgpipe.common.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The real MIT-BIH Arrhythmia Database records in MITDB_DIR. */
class MitdbRecordsTest {

    private static List<Path> headers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".hea")).sorted().toList();
        }
    }

    @Test
    void everyRecordDecodesAndVerifiesAgainstItsHeader() throws IOException {
        Path dir = Prerequisites.mitdbDir();
        List<Path> headers = headers(dir);
        assertTrue(headers.size() >= 1);
        for (Path hea : headers) {
            WfdbRecord r = WfdbReader.read(hea);
            RecordHeader h = r.header();
            assertEquals(2, h.numberOfSignals(), hea.toString());
            assertEquals(360.0, h.samplingFrequency());
            assertEquals(650000, h.numberOfSamples());
            for (SignalSpec s : h.signals()) {
                assertEquals(212, s.format());
                assertEquals(200.0, s.gain());
                assertEquals(1024, s.adcZero());
                assertTrue(s.declaredChecksum().isPresent() && s.declaredInitialValue().isPresent());
            }
            assertEquals(650000, r.samples()[0].length);
            assertEquals(List.of(), SignalVerifier.verify(r), hea.toString());
            // 11-bit ADC: every stored sample is in 0..2047.
            for (int[] sig : r.samples()) {
                for (int v : sig) {
                    assertTrue(v >= 0 && v <= 2047, hea + ": sample " + v);
                }
            }
        }
    }

    @Test
    void everyReferenceAnnotationFileIsConsistent() throws IOException {
        Path dir = Prerequisites.mitdbDir();
        for (Path hea : headers(dir)) {
            String name = hea.getFileName().toString().replace(".hea", "");
            List<Annotation> ann = AnnotationReader.read(dir.resolve(name + ".atr"));
            long beats = ann.stream().filter(Annotation::isBeat).count();
            // A 30-minute adult ECG has roughly 1,500 to 3,500 beats.
            assertTrue(beats > 1500 && beats < 3500, name + ": " + beats + " beats");
            for (int i = 0; i < ann.size(); i++) {
                Annotation a = ann.get(i);
                assertTrue(a.sample() >= 0 && a.sample() < 650000, name + ": " + a);
                assertTrue(i == 0 || a.sample() >= ann.get(i - 1).sample(), name + ": out of order at " + i);
            }
            assertTrue(ann.stream().anyMatch(a -> a.code() == AnnotationCodes.RHYTHM && a.aux().startsWith("(")),
                    name + " has rhythm annotations");
            // Writing what was read and reading it again gives the same annotations.
            assertEquals(ann, AnnotationReader.parse(AnnotationWriter.encode(ann), name));
        }
    }

    @Test
    void beatCountsMatchTheDatabaseDirectory() {
        // Counts as tabulated in the MIT-BIH Arrhythmia Database Directory (and as this reader finds them).
        Path dir = Prerequisites.mitdbDir();
        Prerequisites.require(Files.exists(dir.resolve("101.atr")) && Files.exists(dir.resolve("208.atr")),
                "MITDB_DIR lacks records 101 and 208");
        assertEquals(Map.of("+", 1, "A", 3, "N", 1860, "Q", 2, "|", 4, "~", 4), counts(dir.resolve("101.atr")));
        Map<String, Integer> c208 = counts(dir.resolve("208.atr"));
        assertEquals(1586, c208.get("N"));
        assertEquals(992, c208.get("V"));
        assertEquals(373, c208.get("F"));
        assertEquals(2, c208.get("S"));
        assertEquals(2955, AnnotationReader.read(dir.resolve("208.atr")).stream().filter(Annotation::isBeat).count());
    }

    private static Map<String, Integer> counts(Path atr) {
        Map<String, Integer> c = new TreeMap<>();
        for (Annotation a : AnnotationReader.read(atr)) {
            c.merge(a.symbol(), 1, Integer::sum);
        }
        return c;
    }
}
