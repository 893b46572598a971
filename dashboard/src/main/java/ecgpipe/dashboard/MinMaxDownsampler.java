package ecgpipe.dashboard;

import java.util.Arrays;

/**
 * Reduces a window of samples to at most {@code maxPoints} points for plotting, keeping each bucket's
 * minimum and maximum in the order they occur. An R peak is the extreme of its bucket, so it survives any
 * reduction, where taking every n-th sample or averaging would clip or drop it. A window with no more
 * samples than {@code maxPoints} is passed through untouched.
 *
 * <p>Feed the samples of {@code [from, to)} in order through {@link #accept}, then call {@link #finish}.
 */
final class MinMaxDownsampler implements ResultsFile.SampleSink {
    private final long from;
    private final long count;
    private final long buckets;
    private long[] samples;
    private int[] values;
    private int size;

    private long bucket = -1;
    private long minSample;
    private long maxSample;
    private int min;
    private int max;

    /** Result: the kept sample indices and their stored values, in time order. */
    record Points(long[] samples, int[] values, boolean downsampled) {
    }

    MinMaxDownsampler(long from, long to, int maxPoints) {
        if (to < from || maxPoints < 2) {
            throw new IllegalArgumentException("bad window [" + from + ", " + to + ") or maxPoints " + maxPoints);
        }
        this.from = from;
        this.count = to - from;
        this.buckets = count <= maxPoints ? count : maxPoints / 2;
        int capacity = (int) Math.min(count, maxPoints);
        this.samples = new long[capacity];
        this.values = new int[capacity];
    }

    boolean downsampling() {
        return buckets < count;
    }

    @Override
    public void accept(long sample, int value) {
        if (!downsampling()) {
            add(sample, value);
            return;
        }
        // bucket b holds samples [from + floor(b*count/buckets), from + floor((b+1)*count/buckets)): their
        // sizes differ by at most one; this is the largest b whose start is at or before the sample
        long b = ((sample - from + 1) * buckets - 1) / count;
        if (b != bucket) {
            flush();
            bucket = b;
            minSample = maxSample = sample;
            min = max = value;
        } else if (value < min) {
            min = value;
            minSample = sample;
        } else if (value > max) {
            max = value;
            maxSample = sample;
        }
    }

    Points finish() {
        flush();
        bucket = -1;
        return new Points(Arrays.copyOf(samples, size), Arrays.copyOf(values, size), downsampling());
    }

    private void flush() {
        if (bucket < 0) {
            return;
        }
        if (minSample == maxSample) {
            add(minSample, min);
        } else if (minSample < maxSample) {
            add(minSample, min);
            add(maxSample, max);
        } else {
            add(maxSample, max);
            add(minSample, min);
        }
    }

    private void add(long sample, int value) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2 + 2);
            values = Arrays.copyOf(values, size * 2 + 2);
        }
        samples[size] = sample;
        values[size] = value;
        size++;
    }
}
