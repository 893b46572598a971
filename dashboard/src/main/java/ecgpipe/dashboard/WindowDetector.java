package ecgpipe.dashboard;

import java.util.Arrays;

/**
 * A small QRS detector the dashboard runs on the visible window when the user moves the sensitivity
 * slider: the server-side callback. It is deliberately simple (and separate from the analyze stage, since
 * stages only share files): slope energy over a QRS-wide window, a threshold set by the sensitivity, a
 * refractory period, then the R peak as the largest deviation from the local baseline near each crossing.
 */
final class WindowDetector {
    /** No two beats closer than this: the ventricles cannot depolarise again sooner. */
    static final double REFRACTORY_S = 0.25;
    /** Energy integration width: about one QRS complex. */
    static final double INTEGRATION_S = 0.12;

    private WindowDetector() {
    }

    /**
     * Indices into {@code mv} of the detected R peaks, ascending. {@code sensitivity} in (0, 1): higher
     * finds smaller complexes (the threshold is {@code 1 - sensitivity} of a robust maximum of the energy).
     */
    static int[] detect(double[] mv, double fs, double sensitivity) {
        int n = mv.length;
        if (n < fs) {
            return new int[0];
        }
        // slope squared: QRS complexes are the steepest part of an ECG, and squaring favours them further
        double[] energy = new double[n];
        for (int i = 1; i < n - 1; i++) {
            double slope = (mv[i + 1] - mv[i - 1]) * fs / 2;
            energy[i] = slope * slope;
        }
        int w = Math.max(1, (int) Math.round(INTEGRATION_S * fs));
        double[] integrated = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += energy[i];
            if (i >= w) {
                sum -= energy[i - w];
            }
            integrated[i] = sum / w;
        }
        // the 99th percentile, not the maximum: one artefact must not silence the whole window
        double[] sorted = integrated.clone();
        Arrays.sort(sorted);
        double threshold = (1 - sensitivity) * sorted[(int) (0.99 * (n - 1))];
        int refractory = (int) Math.round(REFRACTORY_S * fs);
        int reach = (int) Math.round(0.1 * fs);
        int[] peaks = new int[n / Math.max(1, refractory) + 1];
        int count = 0;
        int last = -refractory;
        for (int i = 1; i < n; i++) {
            if (integrated[i] >= threshold && integrated[i - 1] < threshold && i - last >= refractory) {
                // the integrator lags the QRS by up to its width: search back over it and a little ahead
                int from = Math.max(0, i - w - reach / 2);
                int to = Math.min(n, i + reach / 2);
                double baseline = median(mv, Math.max(0, i - (int) fs / 2), Math.min(n, i + (int) fs / 2));
                int best = from;
                for (int k = from; k < to; k++) {
                    if (Math.abs(mv[k] - baseline) > Math.abs(mv[best] - baseline)) {
                        best = k;
                    }
                }
                if (best - last >= refractory) {
                    peaks[count++] = best;
                    last = best;
                }
            }
        }
        return Arrays.copyOf(peaks, count);
    }

    private static double median(double[] v, int from, int to) {
        double[] part = Arrays.copyOfRange(v, from, to);
        Arrays.sort(part);
        return part[part.length / 2];
    }
}
