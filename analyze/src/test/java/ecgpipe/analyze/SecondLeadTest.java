package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The second lead fills only stretches where the first lost the ECG, never pauses or noise. */
class SecondLeadTest {
    static final double FS = 360;

    @Test
    void aStretchWhereTheFirstLeadLostTheSignalIsFilledFromTheSecond() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 120, 0.8, 0.1, 0.02, 31);
        double[] lead0 = ecg.mv.clone();
        double[] lead1 = Arrays.stream(ecg.mv).map(v -> -0.6 * v).toArray();
        // Lead 0 saturates for 10 s: a slow drift, no QRS.
        int from = (int) (50 * FS);
        int to = (int) (60 * FS);
        for (int i = from; i < to; i++) {
            lead0[i] = 2.0 + 0.3 * (i - from) / FS / 10;
        }
        long[] primary = QrsDetector.detect(lead0, FS);
        long[] filled = QrsDetector.fillLostStretches(primary, () -> lead1, FS);
        Score before = score(ecg.rPeaks, primary);
        Score after = score(ecg.rPeaks, filled);
        assertEquals(ecg.rPeaks.length, after.tp(), "before: " + before + ", after: " + after);
        // The step where lead 0 saturates may itself be detected once; filling adds no false beat.
        assertEquals(before.fp(), after.fp(), after.toString());
        assertEquals(true, before.fn() >= 10, "the stretch did lose beats on lead 0: " + before);
    }

    @Test
    void aPauseOrNoiseOnTheSecondLeadAddsNothing() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 120, 0.8, 0.1, 0.02, 32);
        // A 4-second sinus pause on both leads: remove the beats between 50 and 54 s.
        double[] x = new double[ecg.mv.length];
        long[] kept = Arrays.stream(ecg.rPeaks).filter(r -> r < 50 * FS || r > 54 * FS).toArray();
        for (long r : kept) {
            SyntheticEcg.addBeat(x, r, FS, 1.0);
        }
        double[] lead1 = Arrays.stream(x).map(v -> 0.7 * v).toArray();
        long[] primary = QrsDetector.detect(x, FS);
        assertArrayEquals(primary, QrsDetector.fillLostStretches(primary, () -> lead1, FS), "a pause is a pause");
        // Lead 0 lost for 10 s while lead 1 carries only noise bursts there: nothing regular to take.
        double[] lost = x.clone();
        double[] noisy = lead1.clone();
        Random rnd = new Random(5);
        for (int i = (int) (70 * FS); i < (int) (80 * FS); i++) {
            lost[i] = 0;
            noisy[i] = rnd.nextGaussian() * (((i / 200) % 3 == 0) ? 1.0 : 0.01);
        }
        long[] p2 = QrsDetector.detect(lost, FS);
        long[] f2 = QrsDetector.fillLostStretches(p2, () -> noisy, FS);
        assertArrayEquals(p2, f2, "irregular detections on the second lead are not beats");
        assertArrayEquals(p2, QrsDetector.fillLostStretches(p2, () -> null, FS), "no second lead, nothing to fill");
    }

    private static Score score(long[] truth, long[] det) {
        return BeatComparator.compare(truth, QrsDetectorTest.codesOfNormalBeats(truth.length), det, FS).all();
    }
}
