package ecgpipe.analyze;

import java.util.Arrays;

/**
 * Rate and time-domain variability statistics of one beat series (Task Force of the ESC/NASPE, 1996).
 * Variability is computed on NN intervals: RR intervals that survive {@link #isNormal the artifact and
 * ectopy rule}, because a single missed beat or premature contraction would otherwise dominate SDNN
 * and RMSSD. Values are NaN where the series is too short for them.
 *
 * @param beats      beats in the series
 * @param rrCount    RR intervals (beats - 1)
 * @param nnCount    RR intervals accepted as NN
 * @param meanRrMs   mean of all RR intervals
 * @param meanHrBpm  average rate over all RR intervals, 60000 / meanRrMs (ectopic beats count: they are beats)
 * @param meanNnMs   mean NN interval
 * @param sdnnMs     sample standard deviation (n - 1) of the NN intervals
 * @param rmssdMs    root mean square of differences between successive NN intervals
 * @param pnn50Pct   percentage of those successive differences larger than 50 ms
 */
public record HrvMetrics(long beats, long rrCount, long nnCount, double meanRrMs, double meanHrBpm, double meanNnMs,
        double sdnnMs, double rmssdMs, double pnn50Pct) {

    /** Physiologically plausible RR range: 30 to 200 beats/min. */
    public static final double MIN_RR_S = 0.3;
    public static final double MAX_RR_S = 2.0;
    /** An RR interval differing from the local median by more than this fraction is ectopic or an artifact. */
    public static final double MAX_DEVIATION = 0.2;
    /** The local median is taken over this many in-range intervals centred on the interval judged. */
    public static final int MEDIAN_SPAN = 11;
    /** Threshold of pNN50: differences larger than 50 ms count. */
    public static final double NN50_S = 0.05;
    /**
     * Differences of exactly 50 ms are common (18 samples at 360 Hz) and must not count, whatever the
     * rounding of the subtraction: they are compared with this margin.
     */
    private static final double ROUNDING_S = 1e-9;

    public static HrvMetrics of(double[] rrS) {
        int m = rrS.length;
        boolean[] normal = normalMask(rrS);
        double sumRr = 0;
        for (double v : rrS) {
            sumRr += v;
        }
        int nn = 0;
        double sumNn = 0;
        for (int i = 0; i < m; i++) {
            if (normal[i]) {
                nn++;
                sumNn += rrS[i];
            }
        }
        double meanNn = nn == 0 ? Double.NaN : sumNn / nn;
        double ss = 0;
        for (int i = 0; i < m; i++) {
            if (normal[i]) {
                ss += (rrS[i] - meanNn) * (rrS[i] - meanNn);
            }
        }
        double sdnn = nn < 2 ? Double.NaN : Math.sqrt(ss / (nn - 1));
        // Successive differences only between intervals adjacent in time, both NN: a difference across
        // a rejected interval would compare beats that are not neighbours.
        int diffs = 0;
        int over50 = 0;
        double sumSq = 0;
        for (int i = 0; i + 1 < m; i++) {
            if (normal[i] && normal[i + 1]) {
                double d = rrS[i + 1] - rrS[i];
                sumSq += d * d;
                diffs++;
                if (Math.abs(d) > NN50_S + ROUNDING_S) {
                    over50++;
                }
            }
        }
        double meanRr = m == 0 ? Double.NaN : sumRr / m;
        return new HrvMetrics(m == 0 ? 0 : m + 1, m, nn, 1000 * meanRr, 60 / meanRr, 1000 * meanNn, 1000 * sdnn,
                diffs == 0 ? Double.NaN : 1000 * Math.sqrt(sumSq / diffs),
                diffs == 0 ? Double.NaN : 100.0 * over50 / diffs);
    }

    /** Metrics of a beat series given as samples; {@code beats} counts the samples even when fewer than 2. */
    public static HrvMetrics ofBeats(long[] beats, double fs) {
        HrvMetrics h = of(RrSeries.of(beats, fs).intervalS());
        return new HrvMetrics(beats.length, h.rrCount, h.nnCount, h.meanRrMs, h.meanHrBpm, h.meanNnMs, h.sdnnMs,
                h.rmssdMs, h.pnn50Pct);
    }

    /**
     * The NN rule: an interval is normal when it lies in [{@link #MIN_RR_S}, {@link #MAX_RR_S}] and
     * within {@link #MAX_DEVIATION} of the median of the in-range intervals around it
     * ({@link #MEDIAN_SPAN} of them, centred, fewer near the ends).
     */
    public static boolean[] normalMask(double[] rrS) {
        int m = rrS.length;
        boolean[] normal = new boolean[m];
        int[] inRange = new int[m];
        int k = 0;
        for (int i = 0; i < m; i++) {
            if (rrS[i] >= MIN_RR_S && rrS[i] <= MAX_RR_S) {
                inRange[k++] = i;
            }
        }
        int half = MEDIAN_SPAN / 2;
        double[] window = new double[MEDIAN_SPAN];
        for (int j = 0; j < k; j++) {
            int lo = Math.max(0, j - half);
            int hi = Math.min(k, j + half + 1);
            int w = 0;
            for (int q = lo; q < hi; q++) {
                window[w++] = rrS[inRange[q]];
            }
            double median = median(window, w);
            double v = rrS[inRange[j]];
            normal[inRange[j]] = Math.abs(v - median) <= MAX_DEVIATION * median;
        }
        return normal;
    }

    private static double median(double[] v, int n) {
        double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
