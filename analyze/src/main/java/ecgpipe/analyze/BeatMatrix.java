package ecgpipe.analyze;

import java.util.Arrays;

/**
 * Beats cut out around their fiducial points, one row per beat, on a common time axis: from
 * {@link #BEFORE_S} before the R peak to {@link #AFTER_S} after it (P wave, QRS and T wave of a beat at
 * rates up to about 100 beats/min), resampled by linear interpolation to {@link #POINTS} points whatever
 * the sampling frequency, so beats of records at 250 and 1000 Hz are comparable and PCA stays small.
 * The signal is the detector's wide-band ECG (0.5-40 Hz): no baseline wander, QRS shape kept; each beat's
 * mean over its window is removed.
 *
 * @param samples fiducial sample of each row (beats whose window leaves the record are left out)
 * @param rows    {@code rows[beat][point]}, mV
 */
public record BeatMatrix(long[] samples, double[][] rows) {
    public static final double BEFORE_S = 0.25;
    public static final double AFTER_S = 0.40;
    public static final int POINTS = 96;

    /** Time of each point relative to the fiducial, seconds. */
    public static double[] timeAxis() {
        double[] t = new double[POINTS];
        for (int j = 0; j < POINTS; j++) {
            t[j] = -BEFORE_S + j * (BEFORE_S + AFTER_S) / (POINTS - 1);
        }
        return t;
    }

    /** Beats of the lead with each beat's own mean removed (see {@link #segment(double[], double, long[], boolean)}). */
    public static BeatMatrix segment(double[] signal, double fs, long[] fiducials) {
        return segment(signal, fs, fiducials, true);
    }

    /**
     * @param centre subtract each beat's mean over its window: what is left of baseline wander after the
     *               0.5 Hz high-pass shifts whole beats up or down, which is no change of shape and would
     *               otherwise spread one morphology along a line in component space
     */
    public static BeatMatrix segment(double[] signal, double fs, long[] fiducials, boolean centre) {
        double[] axis = timeAxis();
        long[] used = new long[fiducials.length];
        double[][] rows = new double[fiducials.length][];
        int n = 0;
        for (long f : fiducials) {
            double first = f + axis[0] * fs;
            double last = f + axis[POINTS - 1] * fs;
            if (first < 0 || Math.ceil(last) >= signal.length) {
                continue;
            }
            double[] row = new double[POINTS];
            double sum = 0;
            for (int j = 0; j < POINTS; j++) {
                double pos = f + axis[j] * fs;
                int i = (int) Math.floor(pos);
                double w = pos - i;
                row[j] = w == 0 ? signal[i] : (1 - w) * signal[i] + w * signal[i + 1];
                sum += row[j];
            }
            if (centre) {
                double mean = sum / POINTS;
                for (int j = 0; j < POINTS; j++) {
                    row[j] -= mean;
                }
            }
            used[n] = f;
            rows[n++] = row;
        }
        return new BeatMatrix(Arrays.copyOf(used, n), Arrays.copyOf(rows, n));
    }

    public int beats() {
        return samples.length;
    }
}
