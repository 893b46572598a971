package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QrsDetectorTest {
    /** Each true R peak has exactly one detection within {@code toleranceS}, and there is no other detection. */
    private static void assertFindsEveryBeatOnItsPeak(SyntheticEcg ecg, long[] detected, double toleranceS) {
        Evaluation e = BeatComparator.compare(ecg.rPeaks, codesOfNormalBeats(ecg.rPeaks.length), detected, ecg.fs);
        assertEquals(ecg.rPeaks.length, e.all().tp(), "beats found");
        assertEquals(0, e.all().fp(), "extra detections");
        assertEquals(0, e.all().fn(), "missed beats");
        long tol = Math.round(toleranceS * ecg.fs);
        for (int i = 0; i < detected.length; i++) {
            assertTrue(Math.abs(detected[i] - ecg.rPeaks[i]) <= tol,
                    "beat " + i + " at " + detected[i] + ", R peak at " + ecg.rPeaks[i] + " (fs " + ecg.fs + ")");
        }
    }

    static int[] codesOfNormalBeats(int n) {
        int[] codes = new int[n];
        Arrays.fill(codes, 1);
        return codes;
    }

    @ParameterizedTest
    @ValueSource(doubles = {125, 250, 360, 500, 1000})
    void findsEveryBeatOnTheRPeakAtAnySamplingRate(double fs) {
        SyntheticEcg ecg = SyntheticEcg.generate(fs, 60, 0.8, 0, 0.01, 7);
        long[] detected = QrsDetector.detect(ecg.mv, fs);
        // One sample at 125 Hz is 8 ms: allow it, and nothing more at the higher rates.
        assertFindsEveryBeatOnItsPeak(ecg, detected, Math.max(1 / fs, 0.004));
    }

    @ParameterizedTest
    @ValueSource(doubles = {125, 360, 1000})
    void baselineWanderAndNoiseDoNotMatter(double fs) {
        SyntheticEcg ecg = SyntheticEcg.generate(fs, 120, 0.9, 1.5, 0.05, 11);
        assertFindsEveryBeatOnItsPeak(ecg, QrsDetector.detect(ecg.mv, fs), 0.010);
    }

    @Test
    void fastAndSlowRhythms() {
        SyntheticEcg tachy = SyntheticEcg.generate(360, 60, 0.35, 0.3, 0.02, 3); // about 170 beats/min
        assertFindsEveryBeatOnItsPeak(tachy, QrsDetector.detect(tachy.mv, 360), 0.010);
        SyntheticEcg brady = SyntheticEcg.generate(360, 120, 1.7, 0.3, 0.02, 5); // about 35 beats/min
        assertFindsEveryBeatOnItsPeak(brady, QrsDetector.detect(brady.mv, 360), 0.010);
    }

    @Test
    void amplitudeScaleDoesNotMatter() {
        SyntheticEcg ecg = SyntheticEcg.generate(360, 60, 0.8, 0, 0.01, 13);
        double[] microvolts = Arrays.stream(ecg.mv).map(v -> v * 1000).toArray();
        assertEquals(Arrays.toString(QrsDetector.detect(ecg.mv, 360)),
                Arrays.toString(QrsDetector.detect(microvolts, 360)));
    }

    @Test
    void negativeQrsIsFoundOnItsDeepestPoint() {
        SyntheticEcg ecg = SyntheticEcg.generate(360, 60, 0.8, 0, 0.01, 17);
        double[] inverted = Arrays.stream(ecg.mv).map(v -> -v).toArray();
        assertFindsEveryBeatOnItsPeak(ecg, QrsDetector.detect(inverted, 360), 0.004);
    }

    @Test
    void flatOrMissingSignalGivesNoBeats() {
        double[] flat = new double[360 * 60];
        assertEquals(0, QrsDetector.detect(flat, 360).length);
        Arrays.fill(flat, 3.7);
        assertEquals(0, QrsDetector.detect(flat, 360).length);
        double[] missing = new double[360 * 60];
        Arrays.fill(missing, Double.NaN);
        assertEquals(0, QrsDetector.detect(missing, 360).length);
        assertEquals(0, QrsDetector.detect(new double[0], 360).length);
        assertEquals(0, QrsDetector.detect(new double[] {1, 2}, 360).length);
    }

    @Test
    void aGapOfMissingSamplesLosesOnlyTheBeatsInIt() {
        SyntheticEcg ecg = SyntheticEcg.generate(360, 60, 0.8, 0.2, 0.02, 19);
        double[] x = ecg.mv.clone();
        Arrays.fill(x, 20 * 360, 30 * 360, Double.NaN);
        long[] detected = QrsDetector.detect(x, 360);
        long[] outside = Arrays.stream(ecg.rPeaks).filter(r -> r < 20 * 360 - 36 || r > 30 * 360 + 36).toArray();
        Evaluation e = BeatComparator.compare(outside, codesOfNormalBeats(outside.length), detected, 360);
        assertEquals(outside.length, e.all().tp());
        assertEquals(0, e.all().fn());
        assertTrue(e.all().fp() <= 1, "at most one spurious beat at the step into the gap, got " + e.all().fp());
    }

    @Test
    void samplingRateMustResolveTheQrsBand() {
        assertThrows(IllegalArgumentException.class, () -> QrsDetector.detect(new double[100], 40));
    }

    @Test
    void theFiducialIsTheSharpestOfTheLargestWaveAndTheMajorWavesBeforeIt() {
        // A wide complex: a first deflection at 20 (0.8 of the largest), a small notch at 30, the largest at 50.
        double[] x = new double[80];
        x[20] = -0.8;
        x[30] = 0.3;
        x[50] = 1.0;
        // The QRS band there: the first deflection sharp, the largest broad, the notch sharpest of all.
        double[] band = new double[80];
        band[20] = 0.9;
        band[30] = 2.0;
        band[50] = 0.4;
        assertEquals(20, QrsDetector.sharpestMajorWave(x, band, 0, x.length));
        // Below the 70 % level a deflection is not major (a Q wave), however sharp: the largest.
        x[20] = -0.6;
        assertEquals(50, QrsDetector.sharpestMajorWave(x, band, 0, x.length));
        // A major deflection broader than the largest (a notched R before a sharp S): the largest.
        x[20] = -0.8;
        band[20] = 0.3;
        assertEquals(50, QrsDetector.sharpestMajorWave(x, band, 0, x.length));
        // A sharper wave after the largest ends the complex: not a candidate.
        band[20] = 0.9;
        x[60] = 0.9;
        band[60] = 3.0;
        assertEquals(20, QrsDetector.sharpestMajorWave(x, band, 0, x.length));
        // Nothing before the largest in the window: the largest.
        assertEquals(50, QrsDetector.sharpestMajorWave(x, band, 40, x.length));
    }
}
