package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SDANN, the triangular index, Lomb-Scargle band powers and the smoothed rate against hand-computed values. */
class HrvFrequencyAndLongTermTest {
    @Test
    void sdannIsTheSdOfCompleteFiveMinuteSegmentMeans() {
        double[] nnMs = {800, 900, 600, 700, 1000};
        double[] nnT = {10, 20, 310, 320, 610};
        // Three complete segments (0-300, 300-600, 600-900): means 850, 650, 1000.
        double mean = (850 + 650 + 1000) / 3.0;
        double expected = Math.sqrt((sq(850 - mean) + sq(650 - mean) + sq(1000 - mean)) / 2);
        assertEquals(expected, HrvMetrics.sdann(nnMs, nnT, 0, 900), 1e-9);
        // Ending at 899 s the third segment is incomplete and left out: SD of 850 and 650.
        assertEquals(Math.sqrt(2 * sq(100)), HrvMetrics.sdann(nnMs, nnT, 0, 899), 1e-9);
        // One segment has no spread to measure.
        assertTrue(Double.isNaN(HrvMetrics.sdann(nnMs, nnT, 0, 599)));
    }

    @Test
    void triangularIndexIsCountOverTallestBinOfOneOver128Seconds() {
        // Bins of 7.8125 ms: 800 and 801 -> bin 102, 805 and 810 -> bin 103, 900 -> bin 115. Tallest 2.
        assertEquals(2.5, HrvMetrics.triangularIndex(new double[] {800, 801, 805, 810, 900}), 1e-12);
        // 1000 ms is exactly 128 bins: on the edge, it belongs to bin 128 with 1005 ms.
        assertEquals(1.5, HrvMetrics.triangularIndex(new double[] {1000, 1005, 992}), 1e-12);
    }

    @Test
    void lombScarglePowerOfSinusoidsOnUnevenBeatTimesIsHalfTheirSquaredAmplitude() {
        // RR modulated at 0.1 Hz (LF, 30 ms amplitude) and 0.25 Hz (HF, 40 ms), sampled at the beats
        // themselves, so unevenly: power of a sinusoid = amplitude^2 / 2.
        int n = 1000;
        double[] rr = new double[n];
        double[] t = new double[n];
        double now = 0;
        for (int i = 0; i < n; i++) {
            double ms = 800 + 30 * Math.sin(2 * Math.PI * 0.1 * now) + 40 * Math.sin(2 * Math.PI * 0.25 * now);
            rr[i] = ms / 1000;
            now += rr[i];
            t[i] = now;
        }
        HrvMetrics h = HrvMetrics.of(rr, t);
        assertEquals(rr.length, h.nnCount());
        assertEquals(30 * 30 / 2.0, h.lfMs2(), 0.05 * 450);
        assertEquals(40 * 40 / 2.0, h.hfMs2(), 0.05 * 800);
        assertEquals(450.0 / 800, h.lfHf(), 0.05 * 450 / 800);
        assertTrue(h.vlfMs2() < 0.02 * 800, "VLF holds only leakage: " + h.vlfMs2());
    }

    @Test
    void lombScargleOfEvenSamplesIntegratesToTheVariance() {
        // Even samples (2 Hz) of a 0.3 Hz cosine of amplitude 2: variance 2, all of it near 0.3 Hz.
        int n = 600;
        double[] t = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.5;
            y[i] = 5 + 2 * Math.cos(2 * Math.PI * 0.3 * t[i]);
        }
        LombScargle.Spectrum s = LombScargle.periodogram(t, y, 1.0, 4);
        assertEquals(2.0, s.power(0, 1.0), 0.03 * 2);
        assertEquals(2.0, s.power(0.28, 0.32), 0.05 * 2);
        int peak = 0;
        for (int k = 1; k < s.psd().length; k++) {
            if (s.psd()[k] > s.psd()[peak]) {
                peak = k;
            }
        }
        assertEquals(0.3, s.frequency()[peak], s.df());
    }

    @Test
    void tooFewIntervalsGiveNoSpectrum() {
        HrvMetrics h = HrvMetrics.of(new double[] {0.8, 0.8, 0.8});
        assertTrue(Double.isNaN(h.lfMs2()) && Double.isNaN(h.hfMs2()) && Double.isNaN(h.lfHf()));
    }

    @Test
    void smoothedRateIgnoresOnePrematureBeat() {
        // 75 bpm, then a premature beat (0.48 s -> 125 bpm) and its pause (1.12 s -> 53.6 bpm).
        long[] beats = {0, 288, 576, 864, 1152, 1325, 1728, 2016, 2304, 2592, 2880};
        RrSeries rr = RrSeries.of(beats, 360);
        double[] smooth = rr.smoothedBpm();
        assertEquals(rr.bpm().length, smooth.length);
        double[] expected = new double[smooth.length];
        java.util.Arrays.fill(expected, 75);
        assertArrayEquals(expected, smooth, 1e-9);
        assertEquals(360.0 * 60 / 173, rr.bpm()[4], 1e-9);
    }

    private static double sq(double x) {
        return x * x;
    }
}
