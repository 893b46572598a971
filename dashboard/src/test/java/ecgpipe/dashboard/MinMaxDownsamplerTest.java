package ecgpipe.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MinMaxDownsamplerTest {

    private static MinMaxDownsampler.Points reduce(int[] values, long from, int maxPoints) {
        MinMaxDownsampler d = new MinMaxDownsampler(from, from + values.length, maxPoints);
        for (int i = 0; i < values.length; i++) {
            d.accept(from + i, values[i]);
        }
        return d.finish();
    }

    @Test
    void passesShortWindowsThroughUntouched() {
        int[] values = new Random(1).ints(500, -1000, 1000).toArray();
        MinMaxDownsampler.Points p = reduce(values, 7000, 500);
        assertFalse(p.downsampled());
        assertArrayEquals(values, p.values());
        assertArrayEquals(LongStream.range(7000, 7500).toArray(), p.samples());
    }

    @Test
    void keepsEachBucketsMinimumAndMaximumInTimeOrder() {
        int[] values = new Random(2).ints(100_003, -30000, 30000).toArray();
        int maxPoints = 1000;
        MinMaxDownsampler.Points p = reduce(values, 0, maxPoints);
        assertTrue(p.downsampled());
        assertTrue(p.samples().length <= maxPoints, "at most maxPoints points");
        for (int i = 1; i < p.samples().length; i++) {
            assertTrue(p.samples()[i] > p.samples()[i - 1], "strictly increasing sample order");
        }
        // every bucket's extremes are present, at their own samples
        int buckets = maxPoints / 2;
        for (int b = 0; b < buckets; b++) {
            int lo = (int) ((long) b * values.length / buckets);
            int hi = (int) ((long) (b + 1) * values.length / buckets);
            int[] bucket = Arrays.copyOfRange(values, lo, hi);
            int min = Arrays.stream(bucket).min().orElseThrow();
            int max = Arrays.stream(bucket).max().orElseThrow();
            assertTrue(containsAt(p, values, lo, hi, min), "bucket " + b + " keeps its minimum");
            assertTrue(containsAt(p, values, lo, hi, max), "bucket " + b + " keeps its maximum");
        }
        for (int i = 0; i < p.samples().length; i++) {
            assertEquals(values[(int) p.samples()[i]], p.values()[i], "a kept point is a real sample");
        }
    }

    @Test
    void keepsANarrowSpikeAtAnyReduction() {
        int[] values = new int[650_000];
        values[123_457] = 900;
        values[400_001] = -700;
        for (int maxPoints : new int[] {10, 101, 2000, 20000}) {
            MinMaxDownsampler.Points p = reduce(values, 0, maxPoints);
            assertEquals(900, Arrays.stream(p.values()).max().orElseThrow(), "maxPoints " + maxPoints);
            assertEquals(-700, Arrays.stream(p.values()).min().orElseThrow(), "maxPoints " + maxPoints);
            assertTrue(p.samples().length <= maxPoints);
        }
    }

    @Test
    void anEmptyWindowHasNoPoints() {
        MinMaxDownsampler.Points p = new MinMaxDownsampler(50, 50, 100).finish();
        assertEquals(0, p.samples().length);
    }

    private static boolean containsAt(MinMaxDownsampler.Points p, int[] values, int lo, int hi, int v) {
        for (int i = 0; i < p.samples().length; i++) {
            if (p.samples()[i] >= lo && p.samples()[i] < hi && p.values()[i] == v) {
                return true;
            }
        }
        return false;
    }
}
