package ecgpipe.analyze;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
 * @param sdannMs    standard deviation (n - 1) of the mean NN interval of each complete 5-minute segment
 *                   (segments counted from the first beat; a segment without NN intervals is left out)
 * @param triangularIndex HRV triangular index: NN count divided by the height of the NN histogram with
 *                   bins of 1/128 s (7.8125 ms), the Task Force's standard bin
 * @param vlfMs2     Lomb-Scargle power of the NN series (ms, at the closing beat's time) in 0.0033-0.04 Hz
 * @param lfMs2      the same in 0.04-0.15 Hz
 * @param hfMs2      the same in 0.15-0.40 Hz
 * @param lfHf       LF / HF
 */
public record HrvMetrics(long beats, long rrCount, long nnCount, double meanRrMs, double meanHrBpm, double meanNnMs,
        double sdnnMs, double rmssdMs, double pnn50Pct, double sdannMs, double triangularIndex, double vlfMs2,
        double lfMs2, double hfMs2, double lfHf) {

    /** SDANN segment length (Task Force 1996: 5 minutes). */
    public static final double SEGMENT_S = 300;
    /** Histogram bin of the triangular index: 1/128 s, the sampling interval the Task Force assumes. */
    public static final double TRIANGULAR_BIN_S = 1.0 / 128;
    /** Task Force 1996 frequency bands, Hz: VLF [0.0033, 0.04), LF [0.04, 0.15), HF [0.15, 0.40]. */
    public static final double VLF_LOW_HZ = 0.0033;
    public static final double LF_LOW_HZ = 0.04;
    public static final double HF_LOW_HZ = 0.15;
    public static final double HF_HIGH_HZ = 0.40;
    /**
     * Periodogram grid points per natural resolution step 1/T: one, the resolution the data supports
     * (finer grids interpolate, they add no information to band powers and cost time in proportion).
     */
    public static final int OVERSAMPLE = 1;

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

    /** Metrics of consecutive RR intervals (no gaps): each interval ends at the running sum of the previous ones. */
    public static HrvMetrics of(double[] rrS) {
        double[] t = new double[rrS.length];
        double sum = 0;
        for (int i = 0; i < rrS.length; i++) {
            sum += rrS[i];
            t[i] = sum;
        }
        return of(rrS, t);
    }

    /**
     * @param rrS   RR intervals, seconds
     * @param timeS time of the beat closing each interval, seconds
     */
    public static HrvMetrics of(double[] rrS, double[] timeS) {
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
        double[] nnMs = new double[nn];
        double[] nnT = new double[nn];
        for (int i = 0, k = 0; i < m; i++) {
            if (normal[i]) {
                nnMs[k] = 1000 * rrS[i];
                nnT[k++] = timeS[i];
            }
        }
        double vlf = Double.NaN;
        double lf = Double.NaN;
        double hf = Double.NaN;
        if (nn >= MIN_SPECTRUM_NN) {
            LombScargle.Spectrum sp = LombScargle.periodogram(nnT, nnMs, HF_HIGH_HZ, OVERSAMPLE);
            vlf = sp.power(VLF_LOW_HZ, LF_LOW_HZ);
            lf = sp.power(LF_LOW_HZ, HF_LOW_HZ);
            // HF includes its upper edge: the grid may end exactly on 0.40 Hz.
            hf = sp.power(HF_LOW_HZ, HF_HIGH_HZ + 1e-12);
        }
        double firstBeat = m == 0 ? 0 : timeS[0] - rrS[0];
        return new HrvMetrics(m == 0 ? 0 : m + 1, m, nn, 1000 * meanRr, 60 / meanRr, 1000 * meanNn, 1000 * sdnn,
                diffs == 0 ? Double.NaN : 1000 * Math.sqrt(sumSq / diffs),
                diffs == 0 ? Double.NaN : 100.0 * over50 / diffs, sdann(nnMs, nnT, firstBeat, m == 0 ? 0 : timeS[m - 1]),
                triangularIndex(nnMs), vlf, lf, hf, lf / hf);
    }

    /** Fewer NN intervals than this give no spectrum (NaN band powers). */
    public static final int MIN_SPECTRUM_NN = 16;

    /**
     * SD of the segment means of NN intervals; segments of {@link #SEGMENT_S} from {@code start}, complete ones
     * only (ending by {@code end}); an interval belongs to the segment its closing beat falls in.
     */
    static double sdann(double[] nnMs, double[] nnT, double start, double end) {
        int segments = (int) Math.floor((end - start) / SEGMENT_S);
        if (segments < 2) {
            return Double.NaN;
        }
        double[] sum = new double[segments];
        int[] count = new int[segments];
        for (int i = 0; i < nnMs.length; i++) {
            int k = (int) Math.floor((nnT[i] - start) / SEGMENT_S);
            if (k >= 0 && k < segments) {
                sum[k] += nnMs[i];
                count[k]++;
            }
        }
        int used = 0;
        double mean = 0;
        for (int k = 0; k < segments; k++) {
            if (count[k] > 0) {
                mean += sum[k] / count[k];
                used++;
            }
        }
        if (used < 2) {
            return Double.NaN;
        }
        mean /= used;
        double ss = 0;
        for (int k = 0; k < segments; k++) {
            if (count[k] > 0) {
                double d = sum[k] / count[k] - mean;
                ss += d * d;
            }
        }
        return Math.sqrt(ss / (used - 1));
    }

    /** NN count over the tallest bin of the NN histogram (bins of 1/128 s from 0). */
    static double triangularIndex(double[] nnMs) {
        if (nnMs.length == 0) {
            return Double.NaN;
        }
        Map<Long, Integer> bins = new HashMap<>();
        int tallest = 0;
        for (double v : nnMs) {
            // A tiny margin keeps a value on a bin edge (exactly k/128 s) in bin k despite decimal rounding.
            long bin = (long) Math.floor(v / 1000 / TRIANGULAR_BIN_S + 1e-9);
            tallest = Math.max(tallest, bins.merge(bin, 1, Integer::sum));
        }
        return (double) nnMs.length / tallest;
    }

    /** Metrics of a beat series given as samples; {@code beats} counts the samples even when fewer than 2. */
    public static HrvMetrics ofBeats(long[] beats, double fs) {
        RrSeries rr = RrSeries.of(beats, fs);
        HrvMetrics h = of(rr.intervalS(), rr.timeS());
        return new HrvMetrics(beats.length, h.rrCount, h.nnCount, h.meanRrMs, h.meanHrBpm, h.meanNnMs, h.sdnnMs,
                h.rmssdMs, h.pnn50Pct, h.sdannMs, h.triangularIndex, h.vlfMs2, h.lfMs2, h.hfMs2, h.lfHf);
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
