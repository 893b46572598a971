package ecgpipe.analyze;

import java.util.Arrays;

/**
 * QRS detection by Elgendi's "two moving averages / blocks of interest" method (M. Elgendi, "Fast QRS
 * detection with an optimized knowledge-based method", PLoS ONE 8(9): e73557, 2013). Every constant is
 * a duration in seconds or a dimensionless ratio, so the detector behaves the same at any sampling rate.
 *
 * <ol>
 *   <li>Band-pass 8-20 Hz (Butterworth, 3rd-order prototype, zero-phase): keeps the QRS, removes baseline
 *       wander, most of P and T, and mains noise.</li>
 *   <li>Square: energy, positive whatever the QRS polarity, large deflections emphasized.</li>
 *   <li>Two centred moving averages of the energy: over one QRS (W1 = 97 ms) and over one beat
 *       (W2 = 611 ms). Where the first exceeds the second plus an offset (beta = 0.08 times the record's mean
 *       energy) lies a "block of interest"; a block at least W1 long is a QRS, shorter ones are noise spikes.
 *       The beat-long average makes the threshold follow the local amplitude; the offset keeps flat stretches
 *       (where both averages are near zero) from producing blocks.</li>
 *   <li>Each QRS sits at its block's largest band-passed deviation; blocks closer than 200 ms (the
 *       ventricular refractory period) are one complex and the stronger one stays. The fiducial point is
 *       then moved onto the R peak (see {@link #PEAK_SEARCH_S}).</li>
 * </ol>
 * Missing samples (NaN) hold the last valid value, so a gap is flat: it adds no energy and no beats.
 */
public final class QrsDetector {
    public static final String NAME = "elgendi2013";

    /** The published band: QRS energy is concentrated in 8-20 Hz; P/T waves and baseline wander lie below. */
    static final double BAND_LOW_HZ = 8;
    static final double BAND_HIGH_HZ = 20;
    static final int BAND_ORDER = 3;
    /** W1: about one QRS duration. */
    static final double QRS_WINDOW_S = 0.097;
    /** W2: about one beat. */
    static final double BEAT_WINDOW_S = 0.611;
    /** beta: offset of the threshold as a fraction of the mean energy. */
    static final double OFFSET_RATIO = 0.08;
    /** Two QRS complexes cannot be closer than the ventricular refractory period. */
    static final double REFRACTORY_S = 0.2;
    /**
     * The R peak is placed at the largest deviation from the baseline of the wide-band signal (baseline
     * wander and mains-frequency noise removed, QRS shape kept) within this distance of the energy peak:
     * the band-passed signal's extremum may fall on a Q or S wave, a steep slope, rather than on R.
     */
    static final double PEAK_SEARCH_S = 0.05;
    static final double WIDE_BAND_LOW_HZ = 0.5;
    static final double WIDE_BAND_HIGH_HZ = 40;
    static final int WIDE_BAND_ORDER = 2;
    /** Padding for the zero-phase filters, long enough for their start-up transients to die out. */
    static final double PAD_S = 1.0;

    private QrsDetector() {
    }

    /**
     * Detects QRS complexes in {@code ecg} (physical units, NaN where the signal is missing) sampled at
     * {@code fs} Hz, and returns the R-peak sample of each, ascending.
     */
    public static long[] detect(double[] ecg, double fs) {
        if (!(fs >= 2.5 * BAND_HIGH_HZ)) {
            throw new IllegalArgumentException("sampling frequency " + fs + " Hz is too low for QRS detection (need >= "
                    + 2.5 * BAND_HIGH_HZ + " Hz)");
        }
        int n = ecg.length;
        double[] x = fillGaps(ecg);
        int pad = (int) Math.round(PAD_S * fs);
        double[] band = Butterworth.bandPass(BAND_ORDER, BAND_LOW_HZ, BAND_HIGH_HZ, fs).filtfilt(x, pad);
        double[] energy = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            energy[i] = band[i] * band[i];
            sum += energy[i];
        }
        double[] maQrs = MovingAverage.centred(energy, samples(QRS_WINDOW_S, fs));
        double[] maBeat = MovingAverage.centred(energy, samples(BEAT_WINDOW_S, fs));
        double alpha = OFFSET_RATIO * (n == 0 ? 0 : sum / n);
        int minBlock = samples(QRS_WINDOW_S, fs);
        int refractory = samples(REFRACTORY_S, fs);

        long[] peaks = new long[16];
        double[] peakEnergy = new double[16];
        int count = 0;
        int i = 0;
        while (i < n) {
            if (!(maQrs[i] > maBeat[i] + alpha) || alpha <= 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && maQrs[i] > maBeat[i] + alpha) {
                i++;
            }
            int end = i; // exclusive
            if (end - start < minBlock) {
                continue;
            }
            int peak = argMaxAbs(band, start, end);
            double e = energy[peak];
            if (count > 0 && peak - peaks[count - 1] < refractory) {
                // Two blocks within one refractory period belong to one complex: keep the stronger one.
                if (e > peakEnergy[count - 1]) {
                    peaks[count - 1] = peak;
                    peakEnergy[count - 1] = e;
                }
                continue;
            }
            if (count == peaks.length) {
                peaks = Arrays.copyOf(peaks, 2 * count);
                peakEnergy = Arrays.copyOf(peakEnergy, 2 * count);
            }
            peaks[count] = peak;
            peakEnergy[count] = e;
            count++;
        }
        return placeOnRPeaks(x, fs, pad, Arrays.copyOf(peaks, count));
    }

    private static long[] placeOnRPeaks(double[] x, double fs, int pad, long[] energyPeaks) {
        if (energyPeaks.length == 0) {
            return energyPeaks;
        }
        double high = Math.min(WIDE_BAND_HIGH_HZ, 0.4 * fs);
        double[] wide = Butterworth.lowPass(WIDE_BAND_ORDER, high, fs)
                .filtfilt(Butterworth.highPass(WIDE_BAND_ORDER, WIDE_BAND_LOW_HZ, fs).filtfilt(x, pad), pad);
        int reach = samples(PEAK_SEARCH_S, fs);
        long[] r = new long[energyPeaks.length];
        int count = 0;
        for (long p : energyPeaks) {
            int from = (int) Math.max(0, p - reach);
            int to = (int) Math.min(x.length, p + reach + 1);
            int peak = argMaxAbs(wide, from, to);
            // Keep detections strictly increasing even where two search windows overlap.
            if (count == 0 || peak > r[count - 1]) {
                r[count++] = peak;
            }
        }
        return Arrays.copyOf(r, count);
    }

    static int samples(double seconds, double fs) {
        return Math.max(1, (int) Math.round(seconds * fs));
    }

    private static int argMaxAbs(double[] x, int from, int to) {
        int best = from;
        for (int k = from + 1; k < to; k++) {
            if (Math.abs(x[k]) > Math.abs(x[best])) {
                best = k;
            }
        }
        return best;
    }

    /** Missing samples (NaN) hold the last valid value, so gaps add no energy; leading gaps take the first. */
    static double[] fillGaps(double[] ecg) {
        double[] x = ecg.clone();
        double last = Double.NaN;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                last = v;
                break;
            }
        }
        if (Double.isNaN(last)) {
            Arrays.fill(x, 0);
            return x;
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                x[i] = last;
            } else {
                last = x[i];
            }
        }
        return x;
    }
}
