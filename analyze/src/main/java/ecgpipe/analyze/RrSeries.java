package ecgpipe.analyze;

import java.util.Arrays;

/**
 * RR intervals between consecutive beats and the instantaneous heart rate they imply. The rate is
 * reported at the beat that closes each interval, so {@code timeS[i]} is when {@code bpm[i]} became known.
 */
public record RrSeries(double[] intervalS, double[] timeS, double[] bpm) {
    /** The smoothed rate is the running median of this many instantaneous rates, centred. */
    public static final int SMOOTHING_BEATS = 9;

    /**
     * The instantaneous rate smoothed by a running median of {@link #SMOOTHING_BEATS} values (fewer at the
     * ends): a premature beat and its compensatory pause (one high, one low value) or a single missed beat
     * cannot move a median of nine, while a real change of rate shows within half the window.
     */
    public double[] smoothedBpm() {
        int m = bpm.length;
        double[] out = new double[m];
        double[] window = new double[SMOOTHING_BEATS];
        int half = SMOOTHING_BEATS / 2;
        for (int i = 0; i < m; i++) {
            int lo = Math.max(0, i - half);
            int hi = Math.min(m, i + half + 1);
            int w = hi - lo;
            System.arraycopy(bpm, lo, window, 0, w);
            Arrays.sort(window, 0, w);
            out[i] = w % 2 == 1 ? window[w / 2] : (window[w / 2 - 1] + window[w / 2]) / 2;
        }
        return out;
    }

    public static RrSeries of(long[] beats, double fs) {
        int m = Math.max(0, beats.length - 1);
        double[] rr = new double[m];
        double[] t = new double[m];
        double[] hr = new double[m];
        for (int i = 0; i < m; i++) {
            rr[i] = (beats[i + 1] - beats[i]) / fs;
            t[i] = beats[i + 1] / fs;
            hr[i] = 60 / rr[i];
        }
        return new RrSeries(rr, t, hr);
    }
}
