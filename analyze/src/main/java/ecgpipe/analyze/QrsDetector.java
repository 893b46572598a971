package ecgpipe.analyze;

import java.util.Arrays;

/**
 * QRS detection: Elgendi's "two moving averages / blocks of interest" method (M. Elgendi, "Fast QRS
 * detection with an optimized knowledge-based method", PLoS ONE 8(9): e73557, 2013) made adaptive in two
 * ways, each a published idea rather than a per-record tuning. Every constant is a duration in seconds or a
 * dimensionless ratio, so the detector behaves the same at any sampling rate.
 *
 * <ol>
 *   <li>Band-pass 8-20 Hz (Butterworth, 3rd-order prototype, zero-phase): keeps the QRS, removes baseline
 *       wander, most of P and T, and mains noise.</li>
 *   <li>Square: energy, positive whatever the QRS polarity, large deflections emphasized.</li>
 *   <li>Two centred moving averages of the energy: over one QRS (W1 = 97 ms) and over one beat
 *       (W2 = 611 ms). Where the first exceeds the second plus an offset lies a "block of interest"; a block
 *       at least W1 long is a QRS, shorter ones are noise spikes.</li>
 *   <li><b>Local offset</b> (our change): Elgendi's offset is beta = 0.08 times the record's mean energy, one
 *       number for 30 minutes. Where the lead's amplitude drops (electrode contact, posture, a change of
 *       axis) that number hides every beat. Here the offset is beta times the smaller of the record's mean
 *       energy and {@link #LOCAL_CAP} times the mean over {@link #LOCAL_WINDOW_S} around the sample: it
 *       follows the signal down but never rises above Elgendi's, so loud stretches lose nothing.</li>
 *   <li>Each QRS sits at its block's largest band-passed deviation; blocks closer than 200 ms (the
 *       ventricular refractory period) are one complex and the stronger one stays.</li>
 *   <li><b>Search-back</b> (Pan and Tompkins 1985): where the interval between two detections exceeds
 *       {@link #SEARCHBACK_RR_RATIO} times the median of the last {@link #RR_HISTORY} intervals, blocks found
 *       with half the offset inside it are accepted as beats, if they keep half a typical interval from the
 *       beats around them (so a T wave is not taken).</li>
 *   <li>The fiducial point is then moved onto the sharpest major wave of the 0.5-40 Hz lead within
 *       {@link #PEAK_SEARCH_S} of the energy peak ({@link #sharpestMajorWave}): the R (or S) spike of a normal
 *       QRS, the first sharp deflection of a wide one or of a paced beat, at the middle of that wave's top
 *       ({@link #waveTopMiddle}). The lead may be another one of the record than the detection lead (lead II, see
 *       {@link LeadSelector#fiducialLead}).</li>
 *   <li><b>Second lead</b> (optional, {@link #fillLostStretches}): where the primary lead has lost the ECG for
 *       several beats, the regular beats of another ECG lead fill the stretch.</li>
 * </ol>
 * Missing samples (NaN) hold the last valid value, so a gap is flat: it adds no energy and no beats.
 */
public final class QrsDetector {
    public static final String NAME = "elgendi-adaptive";

    /** The published band: QRS energy is concentrated in 8-20 Hz; P/T waves and baseline wander lie below. */
    static final double BAND_LOW_HZ = 8;
    static final double BAND_HIGH_HZ = 20;
    static final int BAND_ORDER = 3;
    /** The band's upper corner must stay well below Nyquist. */
    public static final double MIN_FS = 2.5 * BAND_HIGH_HZ;
    /** W1: about one QRS duration. */
    static final double QRS_WINDOW_S = 0.097;
    /** W2: about one beat. */
    static final double BEAT_WINDOW_S = 0.611;
    /** beta: offset of the threshold as a fraction of the mean energy. */
    static final double OFFSET_RATIO = 0.08;
    /** The local energy level is the mean over this window (several beats, shorter than amplitude drifts). */
    static final double LOCAL_WINDOW_S = 10;
    /** The offset follows the local level up to this multiple of it (beta * min(record mean, cap * local mean)). */
    static final double LOCAL_CAP = 2;
    /** The search-back threshold: the offset halved, as Pan and Tompkins halve theirs. */
    static final double SEARCHBACK_SCALE = 0.5;
    /** A gap longer than this many typical RR intervals is searched again (Pan-Tompkins use 1.66 x mean). */
    static final double SEARCHBACK_RR_RATIO = 1.5;
    /** A beat found by search-back keeps at least this fraction of the typical RR from its neighbours. */
    static final double SEARCHBACK_MIN_SEPARATION = 0.5;
    /** The typical RR interval is the median of this many recent intervals. */
    static final int RR_HISTORY = 8;
    /** Two QRS complexes cannot be closer than the ventricular refractory period. */
    static final double REFRACTORY_S = 0.2;
    /**
     * The fiducial point is searched for in the wide-band signal (baseline wander and mains-frequency noise
     * removed, QRS shape kept) within this distance of the energy peak: half the refractory period, so that the
     * search covers the widest QRS (a ventricular beat lasts up to about 0.16 s) but never reaches the next
     * complex. The band-passed signal's extremum may fall on a steep slope rather than on a wave.
     */
    static final double PEAK_SEARCH_S = REFRACTORY_S / 2;
    /**
     * A major wave (local extremum of the deviation from the baseline) reaches this fraction of the largest one
     * in the search window; a Q wave, a P wave or a T wave usually does not. The fiducial is chosen among the
     * largest wave and the major waves before it ({@link #sharpestMajorWave}). See docs/analyze.md for the
     * offsets this gives against the reference.
     */
    static final double MAJOR_WAVE_RATIO = 0.7;
    /**
     * The fiducial is the middle of the wave's top: of the samples around its extremum that stay above this
     * fraction of it. One sample of a broad or asymmetric wave (a paced complex, an R wave falling more slowly
     * than it rose) is a noisy, early estimate of where the wave is; the middle of its top is the centre the
     * eye takes. On a sharp symmetric peak it is the extremum itself.
     */
    static final double WAVE_TOP_LEVEL = 0.9;
    /** The top is looked for at most this far on either side of the extremum: within one wave of a QRS. */
    static final double WAVE_TOP_REACH_S = 0.02;
    static final double WIDE_BAND_LOW_HZ = 0.5;
    static final double WIDE_BAND_HIGH_HZ = 40;
    static final int WIDE_BAND_ORDER = 2;
    /** Padding for the zero-phase filters, long enough for their start-up transients to die out. */
    static final double PAD_S = 1.0;

    private QrsDetector() {
    }

    /**
     * Detects QRS complexes in {@code ecg} (physical units, NaN where the signal is missing) sampled at
     * {@code fs} Hz, and returns the fiducial sample of each (its sharpest major wave, see
     * {@link #sharpestMajorWave}), ascending.
     */
    public static long[] detect(double[] ecg, double fs) {
        return detectOnLead(ecg, fs).beats();
    }

    /**
     * The detections and the wide-band lead they were placed on, which the morphology analysis cuts beats
     * from (computed once for both).
     */
    public record Detection(long[] beats, double[] wideBand) {
    }

    /** Only gaps longer than this many typical RR intervals are candidates: pauses and dropped beats are shorter. */
    static final double LOST_MIN_INTERVALS = 3;
    /** The other lead's beats must continue the rhythm: every interval within this fraction of the typical one. */
    static final double REGULAR = 0.3;

    /**
     * Fills the stretches where the primary lead lost the ECG (electrode off, amplifier saturated, a lead
     * drifting out of range, as in MIT-BIH 116) with the beats detected on another ECG lead of the same record:
     * a gap of more than {@link #LOST_MIN_INTERVALS} typical intervals (the median of the last
     * {@link #RR_HISTORY}) between two primary beats, in which the other lead has at least two beats (half a
     * typical interval or more from the primary beats around the gap) that continue the rhythm: every
     * interval between them within {@link #REGULAR} of the typical one.
     * A sinus pause or a block has no such regular beats on the other lead, and noise on the other lead does
     * not make them regular; elsewhere the other lead is not used at all. It is only analysed when the primary
     * lead has such a gap.
     *
     * @return the primary beats with the filled-in ones, ascending
     */
    public static long[] fillLostStretches(long[] beats, java.util.function.Supplier<double[]> otherLead, double fs) {
        if (beats.length < 4) {
            return beats;
        }
        double[] recent = new double[RR_HISTORY];
        java.util.List<long[]> gaps = new java.util.ArrayList<>();
        for (int k = 1; k < beats.length; k++) {
            long a = beats[k - 1];
            long b = beats[k];
            int have = Math.min(k - 1, RR_HISTORY);
            if (have >= 3) {
                double typical = median(recent, have);
                if (b - a > LOST_MIN_INTERVALS * typical) {
                    gaps.add(new long[] {a, b, Math.round(typical)});
                }
            }
            recent[(k - 1) % RR_HISTORY] = b - a;
        }
        if (gaps.isEmpty()) {
            return beats;
        }
        double[] lead = otherLead.get();
        if (lead == null) {
            return beats;
        }
        long[] other = detect(lead, fs);
        long[] out = Arrays.copyOf(beats, beats.length + other.length);
        int count = beats.length;
        for (long[] g : gaps) {
            // The other lead's beats in the gap, at least half a typical interval from the beats around it
            // (closer ones are those same beats, or a step where the lead saturated).
            long margin = Math.round(SEARCHBACK_MIN_SEPARATION * g[2]);
            int q = Arrays.binarySearch(other, g[0] + margin);
            q = q < 0 ? -q - 1 : q;
            int end = q;
            while (end < other.length && other[end] <= g[1] - margin) {
                end++;
            }
            boolean regular = end - q >= 2;
            for (int k = q + 1; k < end && regular; k++) {
                double ratio = (double) (other[k] - other[k - 1]) / g[2];
                regular = ratio >= 1 - REGULAR && ratio <= 1 + REGULAR;
            }
            for (int k = q; regular && k < end; k++) {
                out[count++] = other[k];
            }
        }
        long[] merged = Arrays.copyOf(out, count);
        Arrays.sort(merged);
        return merged;
    }

    /** {@link #detect} that also returns the wide-band lead, for morphology. */
    public static Detection detectOnLead(double[] ecg, double fs) {
        return detectOnLead(ecg, fs, null);
    }

    /**
     * {@link #detectOnLead(double[], double)} with the fiducial points placed on another lead of the same record
     * ({@code fiducialLead}, same length and clock; null: on {@code ecg}). The returned wide band is still
     * {@code ecg}'s, which the morphology analysis cuts beats from.
     */
    public static Detection detectOnLead(double[] ecg, double fs, double[] fiducialLead) {
        if (!(fs >= MIN_FS)) {
            throw new IllegalArgumentException("sampling frequency " + fs + " Hz is too low for QRS detection (need >= "
                    + MIN_FS + " Hz)");
        }
        int n = ecg.length;
        int pad = (int) Math.round(PAD_S * fs);
        // The QRS band for detection and the wide band for R peaks and morphology, filtered together.
        SecondOrderSections qrsBand = Butterworth.bandPass(BAND_ORDER, BAND_LOW_HZ, BAND_HIGH_HZ, fs);
        double[][] bands = SecondOrderSections.filtfiltBoth(qrsBand, wideBandFilter(fs), ecg, pad);
        if (n > 0 && Double.isNaN(bands[0][0])) {
            // A missing sample makes the recursive filters' state NaN from there to the end of the forward pass,
            // so the whole backward pass, down to its first output, is NaN: only then are gaps filled and the
            // lead filtered again (the usual lead, with no gap, is not scanned for them at all).
            bands = SecondOrderSections.filtfiltBoth(qrsBand, wideBandFilter(fs), fillGaps(ecg), pad);
        }
        double[] band = bands[0];
        double[] wide = bands[1];
        // Energy: the squared band-passed signal, kept only as running sums (the moving averages need no more).
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + band[i] * band[i];
        }
        double mean = n == 0 ? 0 : prefix[n] / n;
        if (!(mean > 0)) {
            return new Detection(new long[0], wide); // a flat (or wholly missing) signal has no QRS energy at all
        }
        // A block of interest is where MA_qrs - MA_beat exceeds the offset (confident) or the offset times the
        // search-back scale (weak). The offset is beta times the record's mean energy, lowered to beta times
        // LOCAL_CAP times the local mean where the signal is locally weaker (amplitude drops, lead changes);
        // never raised above the record-wide value, so loud noisy stretches do not hide beats after them. One
        // pass over the running sums computes all three averages and the blocks for both thresholds at once:
        // no division, no per-sample array.
        Blocks blocks = blocks(prefix, samples(QRS_WINDOW_S, fs), samples(BEAT_WINDOW_S, fs),
                samples(LOCAL_WINDOW_S, fs), mean);
        long[] confident = blockPeaks(band, blocks.confident, blocks.confidentCount, fs);
        long[] weak = blockPeaks(band, blocks.weak, blocks.weakCount, fs);
        long[] peaks = searchBack(confident, weak, fs);
        if (fiducialLead == null) {
            return new Detection(placeOnRPeaks(bands, bands, null, fs, peaks), wide);
        }
        // The fiducial lead's two bands: its waves (wide band) and how sharp each is (QRS band).
        double[] filled = fillGaps(fiducialLead);
        double[][] fiducialBands = SecondOrderSections.filtfiltBoth(qrsBand, wideBandFilter(fs), filled, pad);
        return new Detection(placeOnRPeaks(fiducialBands, bands, filled == fiducialLead ? null
                : missingBefore(fiducialLead), fs, peaks), wide);
    }

    /** The number of missing (NaN) samples before each index: {@code [i + 1] - [j]} counts those in [j, i]. */
    private static int[] missingBefore(double[] x) {
        int[] count = new int[x.length + 1];
        for (int i = 0; i < x.length; i++) {
            count[i + 1] = count[i] + (Double.isNaN(x[i]) ? 1 : 0);
        }
        return count;
    }

    /** Per-sample levels: above the offset, above the search-back offset only, or below both. */
    static final byte CONFIDENT = 2;
    static final byte WEAK = 1;

    /**
     * The blocks of interest of both thresholds as [start, end) pairs, built from the sequence of per-sample
     * levels: a block opens where the level rises to its threshold and closes where it falls below.
     */
    static final class Blocks {
        int[] weak = new int[64];
        int weakCount;
        int[] confident = new int[64];
        int confidentCount;
        private byte level;

        /** The level of sample i (samples visited in order). */
        void at(int i, byte next) {
            if (next != level) {
                change(i, next);
            }
        }

        private void change(int i, byte next) {
            if (level < WEAK && next >= WEAK || level >= WEAK && next < WEAK) {
                weak = add(weak, weakCount++, i);
            }
            if (level < CONFIDENT && next >= CONFIDENT || level >= CONFIDENT && next < CONFIDENT) {
                confident = add(confident, confidentCount++, i);
            }
            level = next;
        }

        /** Closes the blocks still open at the end, n. */
        Blocks end(int n) {
            change(n, (byte) 0);
            return this;
        }

        private static int[] add(int[] a, int k, int v) {
            int[] out = k == a.length ? Arrays.copyOf(a, 2 * k) : a;
            out[k] = v;
            return out;
        }
    }

    /**
     * Elgendi's blocks of interest ({@code bounds}: {@code count} boundaries, start and end of each block in
     * turn): the energy peak of each block at least one QRS long, blocks within a refractory period merged (the
     * stronger stays).
     */
    static long[] blockPeaks(double[] band, int[] bounds, int count, double fs) {
        int minBlock = samples(QRS_WINDOW_S, fs);
        int refractory = samples(REFRACTORY_S, fs);
        long[] peaks = new long[Math.max(1, count / 2)];
        double[] peakEnergy = new double[peaks.length];
        int found = 0;
        for (int k = 0; k + 1 < count; k += 2) {
            int start = bounds[k];
            int end = bounds[k + 1]; // exclusive
            if (end - start < minBlock) {
                continue;
            }
            int peak = argMaxAbs(band, start, end);
            double e = band[peak] * band[peak];
            if (found > 0 && peak - peaks[found - 1] < refractory) {
                // Two blocks within one refractory period belong to one complex: keep the stronger one.
                if (e > peakEnergy[found - 1]) {
                    peaks[found - 1] = peak;
                    peakEnergy[found - 1] = e;
                }
                continue;
            }
            peaks[found] = peak;
            peakEnergy[found] = e;
            found++;
        }
        return Arrays.copyOf(peaks, found);
    }

    /**
     * See {@link #detectOnLead}: centred means of widths wq, wb, wl from the prefix sums, combined per sample
     * into its level. {@code d > m} is the same test as Elgendi's {@code d / m > 1} (m is never negative: the
     * running sums only grow), and {@code d > 0.5 m} as {@code d / m > 0.5}, without the division.
     */
    private static Blocks blocks(double[] prefix, int wq, int wb, int wl, double mean) {
        int n = prefix.length - 1;
        Blocks out = new Blocks();
        int bq = (wq - 1) / 2;
        int aq = wq - 1 - bq;
        int bb = (wb - 1) / 2;
        int ab = wb - 1 - bb;
        int bl = (wl - 1) / 2;
        int al = wl - 1 - bl;
        int first = Math.min(n, Math.max(bq, Math.max(bb, bl)));
        int last = Math.max(first, n - Math.max(aq, Math.max(ab, al)));
        double cap = OFFSET_RATIO * mean;
        double capLocal = OFFSET_RATIO * LOCAL_CAP;
        for (int i = 0; i < first; i++) {
            out.at(i, levelAt(prefix, i, n, bq, aq, bb, ab, bl, al, cap, capLocal));
        }
        double iq = 1.0 / wq;
        double ib = 1.0 / wb;
        double il = 1.0 / wl;
        for (int i = first; i < last; i++) {
            double q = (prefix[i + aq + 1] - prefix[i - bq]) * iq;
            double b = (prefix[i + ab + 1] - prefix[i - bb]) * ib;
            double l = (prefix[i + al + 1] - prefix[i - bl]) * il;
            out.at(i, level(q - b, Math.min(cap, capLocal * l)));
        }
        for (int i = last; i < n; i++) {
            out.at(i, levelAt(prefix, i, n, bq, aq, bb, ab, bl, al, cap, capLocal));
        }
        return out.end(n);
    }

    private static byte level(double excess, double offset) {
        return excess > offset ? CONFIDENT : excess > SEARCHBACK_SCALE * offset ? WEAK : 0;
    }

    /** Near the ends the windows are truncated to the samples that exist. */
    private static byte levelAt(double[] prefix, int i, int n, int bq, int aq, int bb, int ab, int bl, int al,
            double cap, double capLocal) {
        double q = mean(prefix, i - bq, i + aq + 1, n);
        double b = mean(prefix, i - bb, i + ab + 1, n);
        double l = mean(prefix, i - bl, i + al + 1, n);
        return level(q - b, Math.min(cap, capLocal * l));
    }

    private static double mean(double[] prefix, int lo, int hi, int n) {
        lo = Math.max(0, lo);
        hi = Math.min(n, hi);
        return (prefix[hi] - prefix[lo]) / (hi - lo);
    }

    /**
     * Pan and Tompkins' search-back: where an interval between confident detections exceeds
     * {@link #SEARCHBACK_RR_RATIO} times the median of the last {@link #RR_HISTORY} intervals, a beat was
     * probably missed, and the detections of the lower threshold inside it are accepted when they keep at
     * least {@link #SEARCHBACK_MIN_SEPARATION} of that median from the beats on either side (so a T wave
     * right after a beat is not taken). Everywhere else only confident detections count.
     */
    static long[] searchBack(long[] confident, long[] weak, double fs) {
        if (confident.length < 2) {
            return confident;
        }
        long[] out = new long[confident.length + weak.length];
        int count = 0;
        double[] recent = new double[RR_HISTORY];
        int intervals = 0;
        out[count++] = confident[0];
        for (int k = 1; k < confident.length; k++) {
            long next = confident[k];
            double typical = intervals == 0 ? fs : median(recent, Math.min(intervals, RR_HISTORY));
            double separation = SEARCHBACK_MIN_SEPARATION * typical;
            if (next - out[count - 1] > SEARCHBACK_RR_RATIO * typical) {
                int q = Arrays.binarySearch(weak, out[count - 1] + 1);
                for (q = q < 0 ? -q - 1 : q; q < weak.length && weak[q] < next; q++) {
                    if (weak[q] - out[count - 1] >= separation && next - weak[q] >= separation) {
                        out[count++] = weak[q];
                    }
                }
            }
            recent[intervals % RR_HISTORY] = next - out[count - 1];
            intervals++;
            out[count++] = next;
        }
        return Arrays.copyOf(out, count);
    }

    private static double median(double[] v, int n) {
        double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Each energy peak moved onto its fiducial point on {@code fiducial} (QRS band, wide band), or on the detection
     * lead's {@code own} bands where the fiducial lead has missing samples ({@code missingBefore}, null: none) in
     * the search window: a gap holds the last value, which has no wave to time the beat on.
     */
    private static long[] placeOnRPeaks(double[][] fiducial, double[][] own, int[] missingBefore, double fs,
            long[] energyPeaks) {
        if (energyPeaks.length == 0) {
            return energyPeaks;
        }
        int reach = samples(PEAK_SEARCH_S, fs);
        int topReach = samples(WAVE_TOP_REACH_S, fs);
        long[] r = new long[energyPeaks.length];
        int count = 0;
        for (long p : energyPeaks) {
            int from = (int) Math.max(0, p - reach);
            int to = (int) Math.min(fiducial[1].length, p + reach + 1);
            double[][] lead = missingBefore == null || missingBefore[to] == missingBefore[from] ? fiducial : own;
            int peak = waveTopMiddle(lead[1], sharpestMajorWave(lead[1], lead[0], from, to), topReach);
            // Keep detections strictly increasing even where two search windows overlap.
            if (count == 0 || peak > r[count - 1]) {
                r[count++] = peak;
            }
        }
        return Arrays.copyOf(r, count);
    }

    /**
     * Of the largest wave of the wide band {@code x} in [from, to) and the major waves before it (local extrema
     * of |x| reaching {@link #MAJOR_WAVE_RATIO} of the largest), the sharpest: the one where the QRS band
     * ({@code band}, 8-20 Hz, zero-phase) is largest in magnitude. Near a wave's extremum the band-pass acts as a
     * second difference, so its value there measures how sharp the wave is, not how tall. The sharp spike of a
     * QRS is where a beat is timed: a notched or slurred R wave loses to a sharp S wave of similar height
     * (MIT-BIH 108), the first sharp deflection of a wide ventricular complex wins over its broad late wave
     * (208, 119), and the largest wave is kept when nothing before it is both major and sharper. Waves after the
     * largest are not candidates: they end the complex.
     */
    static int sharpestMajorWave(double[] x, double[] band, int from, int to) {
        int largest = argMaxAbs(x, from, to);
        double level = MAJOR_WAVE_RATIO * Math.abs(x[largest]);
        int best = largest;
        double sharpest = Math.abs(band[largest]);
        for (int k = Math.max(from, 1); k < largest; k++) {
            double a = Math.abs(x[k]);
            if (a >= level && a >= Math.abs(x[k - 1]) && a >= Math.abs(x[k + 1]) && Math.abs(band[k]) > sharpest) {
                best = k;
                sharpest = Math.abs(band[k]);
            }
        }
        return best;
    }

    /**
     * The middle of the top of the wave whose extremum is at {@code peak}: of the run of samples on either side,
     * at most {@code reach} away, with the wave's sign and at least {@link #WAVE_TOP_LEVEL} of its size (a
     * half-sample middle is rounded up).
     */
    static int waveTopMiddle(double[] x, int peak, int reach) {
        double sign = Math.signum(x[peak]);
        double level = WAVE_TOP_LEVEL * Math.abs(x[peak]);
        int lo = peak;
        int hi = peak;
        while (lo > 0 && peak - lo < reach && sign * x[lo - 1] >= level) {
            lo--;
        }
        while (hi + 1 < x.length && hi - peak < reach && sign * x[hi + 1] >= level) {
            hi++;
        }
        return (lo + hi + 1) / 2;
    }

    /**
     * The wide band ({@link #WIDE_BAND_LOW_HZ}-{@link #WIDE_BAND_HIGH_HZ} Hz, or 0.4 fs when lower): baseline
     * wander and high-frequency noise removed, QRS shape kept; where R peaks are placed and beats are cut out
     * for morphology. High-pass then low-pass as one cascade of two sections: one pass each way.
     */
    static SecondOrderSections wideBandFilter(double fs) {
        double high = Math.min(WIDE_BAND_HIGH_HZ, 0.4 * fs);
        return Butterworth.highPass(WIDE_BAND_ORDER, WIDE_BAND_LOW_HZ, fs)
                .then(Butterworth.lowPass(WIDE_BAND_ORDER, high, fs));
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
        boolean gaps = false;
        for (double v : ecg) {
            gaps |= Double.isNaN(v);
        }
        if (!gaps) {
            return ecg; // the usual case: nothing to fill, no copy (callers only read the result)
        }
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
