package ecgpipe.analyze;

/** Centred moving averages by running sums: O(n) whatever the window. */
final class MovingAverage {
    private MovingAverage() {
    }

    /**
     * The mean of {@code x} over a window of {@code width} samples centred on each sample (odd widths are
     * exactly centred). Near the ends the window is truncated to the samples that exist, so the ends are
     * not pulled towards zero.
     */
    static double[] centred(double[] x, int width) {
        int n = x.length;
        double[] out = new double[n];
        if (n == 0) {
            return out;
        }
        int w = Math.max(1, width);
        int before = (w - 1) / 2;
        int after = w - 1 - before;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + x[i];
        }
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - before);
            int hi = Math.min(n, i + after + 1);
            out[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
        }
        return out;
    }
}
