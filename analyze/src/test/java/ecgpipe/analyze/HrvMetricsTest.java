package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HrvMetricsTest {
    @Test
    void rrSeriesFromBeatSamples() {
        RrSeries rr = RrSeries.of(new long[] {100, 460, 700}, 200);
        assertArrayEquals(new double[] {1.8, 1.2}, rr.intervalS(), 1e-12);
        assertArrayEquals(new double[] {2.3, 3.5}, rr.timeS(), 1e-12);
        assertArrayEquals(new double[] {60 / 1.8, 50}, rr.bpm(), 1e-9);
        assertEquals(0, RrSeries.of(new long[] {5}, 200).intervalS().length);
    }

    @Test
    void statisticsOfAllNormalIntervalsByHand() {
        // RR 0.80 0.85 0.75 0.80 s: all within 20 % of the median 0.80.
        HrvMetrics h = HrvMetrics.of(new double[] {0.80, 0.85, 0.75, 0.80});
        assertEquals(5, h.beats());
        assertEquals(4, h.rrCount());
        assertEquals(4, h.nnCount());
        assertEquals(800, h.meanRrMs(), 1e-9);
        assertEquals(75, h.meanHrBpm(), 1e-9);
        assertEquals(800, h.meanNnMs(), 1e-9);
        // deviations 0, 50, -50, 0 ms: SD = sqrt(5000 / 3)
        assertEquals(Math.sqrt(5000.0 / 3), h.sdnnMs(), 1e-9);
        // successive differences 50, -100, 50 ms: RMSSD = sqrt(15000 / 3); > 50 ms: one of three
        assertEquals(Math.sqrt(5000), h.rmssdMs(), 1e-9);
        assertEquals(100.0 / 3, h.pnn50Pct(), 1e-9);
    }

    @Test
    void ectopicAndArtifactIntervalsAreExcludedFromVariability() {
        // A premature beat gives a short then a long (compensatory) interval; 2.5 s is a dropout; 0.2 s an artifact.
        double[] rr = {1.0, 1.0, 0.6, 1.4, 1.0, 1.0, 2.5, 1.0, 0.2, 1.0};
        boolean[] nn = HrvMetrics.normalMask(rr);
        assertArrayEquals(new boolean[] {true, true, false, false, true, true, false, true, false, true}, nn);
        HrvMetrics h = HrvMetrics.of(rr);
        assertEquals(6, h.nnCount());
        assertEquals(1000, h.meanNnMs(), 1e-9);
        assertEquals(0, h.sdnnMs(), 1e-9);
        // Successive pairs of NN: (0,1), (4,5) only; (7,9) are not adjacent.
        assertEquals(0, h.rmssdMs(), 1e-9);
        assertEquals(0, h.pnn50Pct(), 1e-9);
        // Mean RR and mean rate count every interval: ectopic beats are beats.
        assertEquals(1070, h.meanRrMs(), 1e-9);
    }

    @Test
    void tooShortSeriesGiveNaN() {
        HrvMetrics none = HrvMetrics.ofBeats(new long[0], 360);
        assertEquals(0, none.beats());
        assertTrue(Double.isNaN(none.meanHrBpm()));
        HrvMetrics one = HrvMetrics.ofBeats(new long[] {10}, 360);
        assertEquals(1, one.beats());
        assertTrue(Double.isNaN(one.sdnnMs()));
        HrvMetrics two = HrvMetrics.ofBeats(new long[] {0, 360}, 360);
        assertEquals(60, two.meanHrBpm(), 1e-9);
        assertTrue(Double.isNaN(two.sdnnMs()));
        assertTrue(Double.isNaN(two.rmssdMs()));
    }
}
