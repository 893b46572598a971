package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What real recordings throw at a detector: noise bursts, pacemaker spikes, tall T waves, amplitude drops. */
class DetectorRobustnessTest {
    static final double FS = 360;

    @Test
    void aNoiseBurstCostsOnlyTheBeatsInsideIt() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 120, 0.8, 0.2, 0.02, 21);
        double[] x = ecg.mv.clone();
        // Four seconds of 0.5 mV (RMS) broadband noise at 60 s: muscle artifact or electrode motion.
        Random rnd = new Random(4);
        int from = (int) (60 * FS);
        int to = (int) (64 * FS);
        for (int i = from; i < to; i++) {
            x[i] += 0.5 * rnd.nextGaussian();
        }
        long[] det = QrsDetector.detect(x, FS);
        long margin = Math.round(1.0 * FS);
        long[] refOutside = Arrays.stream(ecg.rPeaks).filter(r -> r < from - margin || r > to + margin).toArray();
        long[] detOutside = Arrays.stream(det).filter(d -> d < from - margin || d > to + margin).toArray();
        Score s = BeatComparator.compare(refOutside, QrsDetectorTest.codesOfNormalBeats(refOutside.length), detOutside,
                FS).all();
        assertEquals(refOutside.length, s.tp(), "every beat outside the burst: " + s);
        assertEquals(0, s.fp(), "nothing spurious outside the burst: " + s);
    }

    @ParameterizedTest
    @ValueSource(doubles = {250, 360, 500})
    void pacemakerSpikesBeforeEachQrsGiveOneDetectionPerBeat(double fs) {
        SyntheticEcg ecg = SyntheticEcg.generate(fs, 60, 0.85, 0.1, 0.02, 22);
        double[] x = ecg.mv.clone();
        // A 1 ms, 4 mV pacing spike 40 ms before each R peak, as on records 102, 104, 107 and 217.
        int width = Math.max(1, (int) Math.round(0.001 * fs));
        for (long r : ecg.rPeaks) {
            int at = (int) (r - Math.round(0.040 * fs));
            for (int i = at; i < at + width && i >= 0; i++) {
                x[i] += 4;
            }
        }
        long[] det = QrsDetector.detect(x, fs);
        Score s = BeatComparator.compare(ecg.rPeaks, QrsDetectorTest.codesOfNormalBeats(ecg.rPeaks.length), det, fs)
                .all();
        assertEquals(ecg.rPeaks.length, s.tp(), s.toString());
        assertEquals(0, s.fp(), s.toString());
    }

    @Test
    void tallTWavesAreNotBeats() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 60, 0.8, 0.1, 0.02, 23);
        double[] x = ecg.mv.clone();
        // T waves as tall as the R wave (hyperkalaemia, some precordial leads): add 0.9 mV at +280 ms.
        for (long r : ecg.rPeaks) {
            double centre = r + 0.28 * FS;
            double sigma = 0.05 * FS;
            for (int i = (int) Math.max(0, centre - 5 * sigma); i < Math.min(x.length, centre + 5 * sigma); i++) {
                double z = (i - centre) / sigma;
                x[i] += 0.9 * Math.exp(-0.5 * z * z);
            }
        }
        long[] det = QrsDetector.detect(x, FS);
        Score s = BeatComparator.compare(ecg.rPeaks, QrsDetectorTest.codesOfNormalBeats(ecg.rPeaks.length), det, FS)
                .all();
        assertEquals(ecg.rPeaks.length, s.tp(), s.toString());
        assertEquals(0, s.fp(), s.toString());
    }

    @Test
    void aLongStretchOfLowAmplitudeKeepsItsBeats() {
        // Two minutes at full amplitude, then two at 5 %: the record-wide offset of the published method
        // (8 % of the mean energy, dominated by the loud part) would hide the quiet beats; the local one does not.
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 240, 0.8, 0.05, 0.005, 24);
        double[] x = ecg.mv.clone();
        for (int i = (int) (120 * FS); i < x.length; i++) {
            x[i] *= 0.05;
        }
        long[] det = QrsDetector.detect(x, FS);
        // The local level is a centred 10 s mean: for up to 5 s after the drop it still remembers the loud part.
        long settle = Math.round((120 + QrsDetector.LOCAL_WINDOW_S / 2) * FS);
        long drop = Math.round(120 * FS);
        long[] ref = Arrays.stream(ecg.rPeaks).filter(r -> r < drop || r > settle).toArray();
        long[] found = Arrays.stream(det).filter(r -> r < drop || r > settle).toArray();
        Score s = BeatComparator.compare(ref, QrsDetectorTest.codesOfNormalBeats(ref.length), found, FS).all();
        assertEquals(ref.length, s.tp(), s.toString());
        assertEquals(0, s.fp(), s.toString());
    }

    @Test
    void searchBackRecoversAWeakBeatInALongGap() {
        // One beat at a fifth of the amplitude among normal ones: missed at the full offset, found by search-back.
        long[] confident = {0, 300, 600, 1200, 1500, 1800};
        long[] weak = {0, 300, 600, 700, 900, 1200, 1500, 1800};
        long[] merged = QrsDetector.searchBack(confident, weak, 360);
        // 700 is 100 samples after a beat (a T wave's place, a third of an RR): refused; 900 is mid-gap: taken.
        assertTrue(Arrays.equals(new long[] {0, 300, 600, 900, 1200, 1500, 1800}, merged), Arrays.toString(merged));
    }
}
