package ecgpipe.common.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationCodes;
import ecgpipe.common.wfdb.AnnotationReader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.SignalVerifier;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticRecordTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {125, 250, 360, 500, 1000})
    void annotatedRPeaksAreTheMaximaOfLead0(double fs) {
        EcgSynth.Params p = new EcgSynth.Params("peaks", fs, 60, 72, 3, 0, 0.15, 11);
        SyntheticRecord r = SyntheticRecordWriter.write(dir, p);
        int[] lead0 = r.samples()[0];
        int half = (int) Math.round(0.1 * fs);
        List<Annotation> beats = r.beats();
        assertTrue(beats.size() > 60, beats.size() + " beats");
        for (Annotation b : beats) {
            int s = (int) b.sample();
            int from = Math.max(0, s - half);
            int to = Math.min(lead0.length - 1, s + half);
            int best = from;
            for (int i = from; i <= to; i++) {
                if (lead0[i] > lead0[best]) {
                    best = i;
                }
            }
            assertTrue(Math.abs(best - s) <= 2, "beat " + b + ": maximum at " + best);
            // An R wave stands well above the baseline: at least 0.5 mV at 200 adu/mV.
            assertTrue(lead0[s] - SyntheticRecordWriter.ADC_ZERO > 100, "R height at " + s + ": " + lead0[s]);
        }
    }

    @ParameterizedTest(name = "{0} bpm +- {1}, ectopic {2}")
    @CsvSource({"60,0,0", "72,3,0", "75,4,0.1", "120,5,0.05", "45,2,0"})
    void meanHeartRateOfTheBeatsIsTheRequestedOne(double hr, double std, double ectopic) {
        EcgSynth.Params p = new EcgSynth.Params("rate", 250, 300, hr, std, 0.02, ectopic, 5);
        SyntheticRecord r = SyntheticRecordWriter.write(dir, p);
        List<Annotation> beats = r.beats();
        double seconds = (beats.get(beats.size() - 1).sample() - beats.get(0).sample()) / p.fs();
        double measured = 60 * (beats.size() - 1) / seconds;
        assertEquals(hr, measured, 2.0, "mean heart rate");
        if (std > 0) {
            // The rate does vary beat to beat.
            double[] rr = new double[beats.size() - 1];
            for (int i = 1; i < beats.size(); i++) {
                rr[i - 1] = (beats.get(i).sample() - beats.get(i - 1).sample()) / p.fs();
            }
            double min = java.util.Arrays.stream(rr).min().orElseThrow();
            double max = java.util.Arrays.stream(rr).max().orElseThrow();
            assertTrue(max - min > 0.05, "RR range " + min + ".." + max);
        }
    }

    @Test
    void ectopicFractionIsRespectedAndVentricularBeatsComeEarly() {
        EcgSynth.Params p = new EcgSynth.Params("pvc", 360, 600, 70, 2, 0.01, 0.1, 3);
        List<Annotation> beats = SyntheticRecordWriter.write(dir, p).beats();
        long v = beats.stream().filter(b -> b.code() == AnnotationCodes.PVC).count();
        double fraction = (double) v / beats.size();
        assertTrue(fraction > 0.06 && fraction < 0.14, "PVC fraction " + fraction);
        double normalRr = 60.0 / 70 * p.fs();
        for (int i = 1; i < beats.size(); i++) {
            if (beats.get(i).code() == AnnotationCodes.PVC) {
                assertTrue(beats.get(i - 1).code() != AnnotationCodes.PVC, "no two PVCs in a row");
                long coupling = beats.get(i).sample() - beats.get(i - 1).sample();
                assertTrue(coupling < 0.85 * normalRr, "premature: " + coupling + " samples");
            }
        }
        EcgSynth.Params none = p.withEctopicFraction(0).withName("nopvc");
        assertTrue(SyntheticRecordWriter.write(dir, none).beats().stream()
                .allMatch(b -> b.code() == AnnotationCodes.NORMAL));
    }

    @Test
    void theSameSeedGivesTheSameFilesAndAnotherSeedDoesNot() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Path c = Files.createDirectory(dir.resolve("c"));
        EcgSynth.Params p = new EcgSynth.Params("det", 360, 30, 80, 4, 0.05, 0.1, 1234);
        SyntheticRecordWriter.write(a, p);
        SyntheticRecordWriter.write(b, p);
        SyntheticRecordWriter.write(c, new EcgSynth.Params("det", 360, 30, 80, 4, 0.05, 0.1, 1235));
        for (String ext : new String[] {".hea", ".dat", ".atr"}) {
            assertArrayEquals(Files.readAllBytes(a.resolve("det" + ext)), Files.readAllBytes(b.resolve("det" + ext)), ext);
        }
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("det.dat")),
                Files.readAllBytes(c.resolve("det.dat"))));
    }

    @Test
    void writesAnMitBihShapedRecordThatReadsBackExactly() {
        EcgSynth.Params p = new EcgSynth.Params("shape", 360, 20, 70, 2, 0.02, 0.1, 9);
        SyntheticRecord r = SyntheticRecordWriter.write(dir, p);
        WfdbRecord back = WfdbReader.read(r.headerFile());
        assertEquals(List.of(), SignalVerifier.verify(back));
        assertEquals(7200, back.numberOfSamples());
        assertEquals(360.0, back.header().samplingFrequency());
        for (int lead = 0; lead < 2; lead++) {
            SignalSpec s = back.header().signals().get(lead);
            assertEquals(212, s.format());
            assertEquals(200.0, s.gain());
            assertEquals(11, s.adcResolution());
            assertEquals(1024, s.adcZero());
            assertArrayEquals(r.samples()[lead], back.samples()[lead]);
            for (int v : back.samples()[lead]) {
                assertTrue(v >= 0 && v <= 2047);
            }
        }
        List<Annotation> atr = AnnotationReader.read(dir.resolve("shape.atr"));
        assertEquals(r.annotations(), atr);
        assertEquals(new Annotation(0, AnnotationCodes.RHYTHM, "+", 0, 0, 0, "(N"), atr.get(0));
        assertTrue(atr.subList(1, atr.size()).stream().allMatch(a -> a.symbol().equals("N") || a.symbol().equals("V")));
    }

    @Test
    void noiseHasTheRequestedStandardDeviation() {
        EcgSynth.Params clean = new EcgSynth.Params("clean", 500, 60, 70, 2, 0, 0, 77);
        double[] a = EcgSynth.generate(clean).millivolts()[1];
        double[] b = EcgSynth.generate(clean.withNoise(0.05)).millivolts()[1];
        double sum2 = 0;
        for (int i = 0; i < a.length; i++) {
            sum2 += (b[i] - a[i]) * (b[i] - a[i]);
        }
        assertEquals(0.05, Math.sqrt(sum2 / a.length), 0.002);
    }

    @Test
    void rejectsParametersOutsideTheModelsRange() {
        assertThrows(IllegalArgumentException.class, () -> new EcgSynth.Params("x", 50, 10, 70, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EcgSynth.Params("x", 360, 10, 70, 1, 0, 0.9, 1));
        assertThrows(IllegalArgumentException.class, () -> new EcgSynth.Params("a b", 360, 10, 70, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EcgSynth.Params("x", 360, -1, 70, 1, 0, 0, 1));
    }
}
