package ecgpipe.common.synth;

import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic two-lead ECG from the dynamical model of McSharry, Clifford, Tarassenko and Smith, "A dynamical
 * model for generating synthetic electrocardiogram signals", IEEE Trans. Biomed. Eng. 50(3), 2003 (ECGSYN).
 *
 * <p>A point (x, y) circles a limit cycle of radius 1 at the angular speed 2&pi;/RR of the current beat; the
 * ECG z is pushed by five Gaussian "events" at fixed angles on the cycle (P, Q, R, S, T) and relaxes back to a
 * baseline z0 that moves with respiration. The RR intervals follow a tachogram whose spectrum has a Mayer-wave
 * peak (0.1 Hz) and a respiratory sinus arrhythmia peak (0.25 Hz). Premature ventricular beats come early,
 * lack a P wave, have a wide QRS and an inverted T, and are followed by a compensatory pause.
 *
 * <p>All state equations are integrated together with the classical fourth-order Runge-Kutta method at one
 * step per output sample. Everything random comes from one seeded generator, so a seed gives one record.
 */
public final class EcgSynth {

    /**
     * What to generate.
     *
     * @param recordName      WFDB record name of the result
     * @param fs              samples per second (100 to 2000)
     * @param durationSeconds length of the record (up to a day; memory use is about 40 bytes per frame)
     * @param meanHeartRate   mean heart rate, beats per minute
     * @param heartRateStd    standard deviation of the heart rate, beats per minute
     * @param noiseMv         standard deviation of additive white noise, millivolts
     * @param ectopicFraction fraction of beats that are premature ventricular contractions (0 to 0.5)
     * @param seed            seed of the random generator
     */
    public record Params(String recordName, double fs, double durationSeconds, double meanHeartRate,
                         double heartRateStd, double noiseMv, double ectopicFraction, long seed) {
        public Params {
            if (recordName == null || !recordName.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("record name must be letters, digits, '_' or '-': " + recordName);
            }
            check(fs >= 100 && fs <= 2000, "sampling frequency must be 100..2000 Hz: " + fs);
            check(durationSeconds > 0 && durationSeconds <= 24 * 3600, "duration must be 0..24 h: " + durationSeconds);
            check(meanHeartRate >= 30 && meanHeartRate <= 200, "mean heart rate must be 30..200 bpm: " + meanHeartRate);
            check(heartRateStd >= 0 && heartRateStd <= meanHeartRate / 4, "heart rate std must be 0..HR/4: "
                    + heartRateStd);
            check(noiseMv >= 0 && noiseMv <= 1, "noise must be 0..1 mV: " + noiseMv);
            check(ectopicFraction >= 0 && ectopicFraction <= 0.5, "ectopic fraction must be 0..0.5: "
                    + ectopicFraction);
        }

        /** A typical resting record: 360 Hz, 70 +- 2 bpm, 0.01 mV of noise, no ectopic beats. */
        public static Params of(String recordName, double durationSeconds, long seed) {
            return new Params(recordName, 360, durationSeconds, 70, 2, 0.01, 0, seed);
        }

        public Params withFs(double newFs) {
            return new Params(recordName, newFs, durationSeconds, meanHeartRate, heartRateStd, noiseMv,
                    ectopicFraction, seed);
        }

        public Params withHeartRate(double mean, double std) {
            return new Params(recordName, fs, durationSeconds, mean, std, noiseMv, ectopicFraction, seed);
        }

        public Params withNoise(double mv) {
            return new Params(recordName, fs, durationSeconds, meanHeartRate, heartRateStd, mv, ectopicFraction, seed);
        }

        public Params withEctopicFraction(double f) {
            return new Params(recordName, fs, durationSeconds, meanHeartRate, heartRateStd, noiseMv, f, seed);
        }

        public Params withName(String name) {
            return new Params(name, fs, durationSeconds, meanHeartRate, heartRateStd, noiseMv, ectopicFraction, seed);
        }

        public long numberOfSamples() {
            return Math.round(durationSeconds * fs);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** The generated signals in millivolts (two leads) and the beats with their true R-peak samples. */
    public record Ecg(double[][] millivolts, List<Annotation> beats) {
    }

    // Event angles (rad) on the limit cycle, and per lead the amplitudes a and widths b, for P Q R S T.
    private static final double[] THETA_NORMAL = {-Math.PI / 3, -Math.PI / 12, 0, Math.PI / 12, Math.PI / 2};
    private static final double[] B_NORMAL = {0.25, 0.1, 0.1, 0.1, 0.4};
    private static final double[][] A_NORMAL = {
        {1.2, -5.0, 30.0, -7.5, 0.75},   // lead 0: the published parameters (a limb lead such as MLII)
        {0.9, -2.0, 14.0, -14.0, 0.6},   // lead 1: a different projection, deeper S (a precordial lead)
    };
    // A premature ventricular beat: no P wave, wide and tall QRS, T opposite to the QRS.
    private static final double[] THETA_PVC = {-Math.PI / 3, -Math.PI / 10, 0, Math.PI / 8, Math.PI / 2 + 0.2};
    private static final double[] B_PVC = {0.25, 0.15, 0.22, 0.2, 0.5};
    private static final double[][] A_PVC = {
        {0.0, -2.0, 11.0, -2.5, -0.9},
        {0.0, -1.0, 5.0, -8.0, 0.6},
    };
    /** Height of the median normal R wave of lead 0, which fixes the model's scale in millivolts. */
    private static final double R_AMPLITUDE_MV = 1.2;
    /** Respiratory and slow baseline wander of z0, millivolts. */
    private static final double RESPIRATION_MV = 0.04;
    private static final double DRIFT_MV = 0.06;
    private static final double PREMATURITY = 0.7;

    private EcgSynth() {
    }

    /** Generates the record {@code p} describes. */
    public static Ecg generate(Params p) {
        SplittableRandom rnd = new SplittableRandom(p.seed());
        double rrMean = 60.0 / p.meanHeartRate();
        double rrStd = 60.0 * p.heartRateStd() / (p.meanHeartRate() * p.meanHeartRate());
        Tachogram tachogram = new Tachogram(rnd.split(), Math.max(p.durationSeconds(), 300.0));
        Beats beats = Beats.plan(p, rrMean, rrStd, tachogram, rnd.split());

        int n = Math.toIntExact(p.numberOfSamples());
        double h = 1.0 / p.fs();
        double driftPhase = rnd.nextDouble() * 2 * Math.PI;
        double respirationPhase = rnd.nextDouble() * 2 * Math.PI;
        // Events are narrower in angle at slower rates and wider at faster ones, so that their duration in
        // seconds changes less than the RR interval does (as in ECGSYN).
        double hrFactor = Math.sqrt(p.meanHeartRate() / 60.0);

        Model model = new Model(beats, hrFactor, h, n, driftPhase, respirationPhase);
        double[][] z = new double[2][n];
        double[] wander = new double[n];
        double[] s = model.initialState();
        double[] k1 = new double[5];
        double[] k2 = new double[5];
        double[] k3 = new double[5];
        double[] k4 = new double[5];
        double[] tmp = new double[5];
        for (int i = 0; i < n; i++) {
            z[0][i] = s[2];
            z[1][i] = s[3];
            wander[i] = s[4];
            rk4Step(model, 2 * i, h, s, k1, k2, k3, k4, tmp);
        }

        // Scale z to millivolts so that the median normal R wave of lead 0 is R_AMPLITUDE_MV high.
        int window = (int) Math.ceil(0.06 * p.fs());
        // Sample of each beat's R peak in z (-1 for beats too close to either end of the record to annotate).
        List<Integer> rSamples = new ArrayList<>();
        List<Double> normalHeights = new ArrayList<>();
        for (int b = 0; b < beats.count(); b++) {
            long centre = Math.round(beats.rTime(b) * p.fs());
            if (centre - window < 0 || centre + window >= n) {
                rSamples.add(-1);
                continue;
            }
            int peak = argMax(z[0], (int) centre - window, (int) centre + window);
            rSamples.add(peak);
            if (!beats.isPvc(b)) {
                normalHeights.add(z[0][peak]);
            }
        }
        double scale = R_AMPLITUDE_MV / median(normalHeights, 0.05);
        // In place: a day at 1 kHz is 86 million frames, so no more arrays than needed.
        double[][] mv = z;
        for (int lead = 0; lead < 2; lead++) {
            for (int i = 0; i < n; i++) {
                mv[lead][i] = scale * z[lead][i] + wander[i];
            }
        }

        // The true R peak of each beat: the maximum of the clean lead 0 near the model's R event.
        List<Annotation> annotations = new ArrayList<>();
        for (int b = 0; b < beats.count(); b++) {
            long centre = Math.round(beats.rTime(b) * p.fs());
            if (rSamples.get(b) < 0) {
                continue;
            }
            int peak = argMax(mv[0], (int) centre - window, (int) centre + window);
            annotations.add(Annotation.of(peak, beats.isPvc(b) ? AnnotationCodes.PVC : AnnotationCodes.NORMAL));
        }

        if (p.noiseMv() > 0) {
            for (int lead = 0; lead < 2; lead++) {
                for (int i = 0; i < n; i++) {
                    mv[lead][i] += p.noiseMv() * rnd.nextGaussian();
                }
            }
        }
        return new Ecg(mv, annotations);
    }

    /** One classical Runge-Kutta step from time {@code halfSteps * h / 2} to one step later. */
    private static void rk4Step(Model model, int halfSteps, double h, double[] s, double[] k1, double[] k2,
                                double[] k3, double[] k4, double[] tmp) {
        model.derivative(halfSteps, s, k1);
        for (int j = 0; j < 5; j++) {
            tmp[j] = s[j] + 0.5 * h * k1[j];
        }
        model.derivative(halfSteps + 1, tmp, k2);
        for (int j = 0; j < 5; j++) {
            tmp[j] = s[j] + 0.5 * h * k2[j];
        }
        model.derivative(halfSteps + 1, tmp, k3);
        for (int j = 0; j < 5; j++) {
            tmp[j] = s[j] + h * k3[j];
        }
        model.derivative(halfSteps + 2, tmp, k4);
        for (int j = 0; j < 5; j++) {
            s[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
        }
    }

    private static int argMax(double[] v, int from, int to) {
        int best = from;
        for (int i = from + 1; i <= to; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double median(List<Double> values, double fallback) {
        if (values.isEmpty()) {
            return fallback;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v[v.length / 2];
    }

    /**
     * The RR tachogram's fluctuation: a sum of sinusoids whose powers follow the two-peaked spectrum of the
     * paper (Mayer waves at 0.1 Hz, RSA at 0.25 Hz, widths 0.01 Hz, LF/HF power ratio 0.5) with random
     * phases, normalised to zero mean and unit variance over the record.
     */
    static final class Tachogram {
        private static final double F_LF = 0.1;
        private static final double F_HF = 0.25;
        private static final double WIDTH = 0.01;
        private static final double LF_HF_RATIO = 0.5;

        private final double[] freq;
        private final double[] amp;
        private final double[] phase;
        private final double mean;
        private final double std;

        Tachogram(SplittableRandom rnd, double span) {
            double df = 1.0 / span;
            List<double[]> parts = new ArrayList<>();
            for (double f = df; f <= 0.5; f += df) {
                double lf = LF_HF_RATIO * Math.exp(-(f - F_LF) * (f - F_LF) / (2 * WIDTH * WIDTH));
                double hf = Math.exp(-(f - F_HF) * (f - F_HF) / (2 * WIDTH * WIDTH));
                double power = lf + hf;
                double ph = rnd.nextDouble() * 2 * Math.PI;
                if (power > 1e-4) {
                    parts.add(new double[] {f, Math.sqrt(power), ph});
                }
            }
            freq = parts.stream().mapToDouble(x -> x[0]).toArray();
            amp = parts.stream().mapToDouble(x -> x[1]).toArray();
            phase = parts.stream().mapToDouble(x -> x[2]).toArray();
            double sum = 0;
            double sum2 = 0;
            int k = 0;
            for (double t = 0; t < span; t += 0.5, k++) {
                double v = raw(t);
                sum += v;
                sum2 += v * v;
            }
            mean = sum / k;
            double var = sum2 / k - mean * mean;
            std = var > 0 ? Math.sqrt(var) : 1;
        }

        private double raw(double t) {
            double v = 0;
            for (int i = 0; i < freq.length; i++) {
                v += amp[i] * Math.cos(2 * Math.PI * freq[i] * t + phase[i]);
            }
            return v;
        }

        /** The normalised fluctuation at time t (seconds). */
        double at(double t) {
            return (raw(t) - mean) / std;
        }
    }

    /** R-event times and beat types, planned before integration (the angular speed depends on them). */
    static final class Beats {
        private final double[] rTimes;
        private final double[] rr;
        private final boolean[] pvc;

        private Beats(double[] rTimes, double[] rr, boolean[] pvc) {
            this.rTimes = rTimes;
            this.rr = rr;
            this.pvc = pvc;
        }

        static Beats plan(Params p, double rrMean, double rrStd, Tachogram tachogram, SplittableRandom rnd) {
            // A run of "no two PVCs in a row" has stationary PVC fraction q/(1+q) for per-beat chance q.
            double q = p.ectopicFraction() / (1 - p.ectopicFraction());
            List<Double> times = new ArrayList<>();
            List<Double> intervals = new ArrayList<>();
            List<Boolean> types = new ArrayList<>();
            // Beat 0 lies before the record so that the record starts in the middle of a cycle.
            double first = rrAt(0, rrMean, rrStd, tachogram);
            double t = -0.6 * first;
            double end = p.durationSeconds() + 2.5;
            double carry = 0;
            boolean previousPvc = false;
            while (t < end) {
                double rrNow = rrAt(Math.max(t, 0), rrMean, rrStd, tachogram) + carry;
                carry = 0;
                times.add(t);
                types.add(previousPvc);
                boolean nextPvc = !previousPvc && types.size() > 1 && rnd.nextDouble() < q;
                if (nextPvc) {
                    // Premature by 30 %, then a compensatory pause, so the mean rate is unchanged.
                    carry = (1 - PREMATURITY) * rrNow;
                    rrNow *= PREMATURITY;
                }
                intervals.add(rrNow);
                t += rrNow;
                previousPvc = nextPvc;
            }
            return new Beats(times.stream().mapToDouble(Double::doubleValue).toArray(),
                    intervals.stream().mapToDouble(Double::doubleValue).toArray(),
                    toArray(types));
        }

        private static boolean[] toArray(List<Boolean> list) {
            boolean[] out = new boolean[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i);
            }
            return out;
        }

        private static double rrAt(double t, double rrMean, double rrStd, Tachogram tachogram) {
            double rr = rrMean + rrStd * tachogram.at(t);
            return Math.max(0.25, Math.min(2.5, rr));
        }

        int count() {
            return rTimes.length;
        }

        double rTime(int b) {
            return rTimes[b];
        }

        double rr(int b) {
            return rr[b];
        }

        boolean isPvc(int b) {
            return pvc[b];
        }

        /** The beat interval containing t, searching forward from {@code hint}. */
        int intervalAt(double t, int hint) {
            int b = Math.max(0, Math.min(hint, rTimes.length - 1));
            while (b + 1 < rTimes.length && rTimes[b + 1] <= t) {
                b++;
            }
            while (b > 0 && rTimes[b] > t) {
                b--;
            }
            return b;
        }
    }

    /**
     * Right-hand side of the state equations; state = (x, y, z lead 0, z lead 1, w). The paper's
     * {@code dz/dt = -sum(...) - (z - z0)} is linear in z, so its z splits into the part driven by the events
     * (z, in model units, scaled to millivolts afterwards) and the part driven by z0 (w, in millivolts).
     */
    private static final class Model {
        private final Beats beats;
        private final double h;
        private final double meanOmega;
        /** z0 at every half step, t = k h / 2: RK4 evaluates nowhere else. */
        private final double[] z0;
        // Per wave, for normal [0] and ventricular [1] beats: angle, 1/(2 b^2), cut-off angle, lead amplitudes.
        private final double[][] theta = new double[2][5];
        private final double[][] inv2b2 = new double[2][5];
        private final double[][] cutoff = new double[2][5];
        private final double[][][] amp = new double[2][2][5];
        private int hint;

        Model(Beats beats, double hrFactor, double h, int n, double driftPhase, double respirationPhase) {
            this.beats = beats;
            this.h = h;
            this.meanOmega = 2 * Math.PI * hrFactor * hrFactor / 60;
            for (int type = 0; type < 2; type++) {
                double[] thetas = type == 0 ? THETA_NORMAL : THETA_PVC;
                double[] widths = type == 0 ? B_NORMAL : B_PVC;
                double[][] amps = type == 0 ? A_NORMAL : A_PVC;
                for (int i = 0; i < 5; i++) {
                    // P and T sit further from R in angle at faster rates, since PR and QT shorten less than RR.
                    theta[type][i] = (i == 0 || i == 4) ? thetas[i] * Math.sqrt(hrFactor) : thetas[i];
                    double b = widths[i] * hrFactor;
                    inv2b2[type][i] = 1 / (2 * b * b);
                    // Beyond 6 widths a Gaussian event contributes less than 1e-7 of its peak.
                    cutoff[type][i] = 6 * b;
                    amp[type][0][i] = amps[0][i];
                    amp[type][1][i] = amps[1][i];
                }
            }
            z0 = new double[2 * n + 3];
            for (int k = 0; k < z0.length; k++) {
                double t = k * h / 2;
                z0[k] = RESPIRATION_MV * Math.sin(2 * Math.PI * 0.25 * t + respirationPhase)
                        + DRIFT_MV * Math.sin(2 * Math.PI * 0.03 * t + driftPhase);
            }
        }

        double[] initialState() {
            int b = beats.intervalAt(0, 0);
            double phi = 2 * Math.PI * (0 - beats.rTime(b)) / beats.rr(b);
            return new double[] {Math.cos(phi), Math.sin(phi), 0, 0, z0[0]};
        }

        /** Derivative at time {@code halfSteps * h / 2}. */
        void derivative(int halfSteps, double[] s, double[] d) {
            double t = halfSteps * h / 2;
            int b = beats.intervalAt(t, hint);
            hint = b;
            double omega = 2 * Math.PI / beats.rr(b);
            double x = s[0];
            double y = s[1];
            double alpha = 1 - Math.sqrt(x * x + y * y);
            d[0] = alpha * x - omega * y;
            d[1] = alpha * y + omega * x;
            double angle = Math.atan2(y, x);
            // Phase since this interval's R event, to tell which beat each wave belongs to: past half a cycle
            // after its own angle, a wave is the next beat's (its P, Q and R approach from the left).
            double phi = omega * (t - beats.rTime(b));
            int thisType = beats.isPvc(b) ? 1 : 0;
            int nextType = b + 1 < beats.count() && beats.isPvc(b + 1) ? 1 : 0;
            double f0 = 0;
            double f1 = 0;
            for (int i = 0; i < 5; i++) {
                int type = phi - THETA_NORMAL[i] >= Math.PI ? nextType : thisType;
                double dt = angle - theta[type][i];
                if (dt > Math.PI) {
                    dt -= 2 * Math.PI;
                } else if (dt < -Math.PI) {
                    dt += 2 * Math.PI;
                }
                if (Math.abs(dt) > cutoff[type][i]) {
                    continue;
                }
                double g = dt * Math.exp(-dt * dt * inv2b2[type][i]);
                f0 -= amp[type][0][i] * g;
                f1 -= amp[type][1][i] * g;
            }
            // The paper's event term is per unit time, so the rise of a wave before a change of angular speed and
            // its fall after it would differ and leave a step in z; the speed changes at each R event, in the
            // middle of the R wave. Weighting the term by omega/meanOmega makes each wave depend on the angle
            // it spans only, so every wave returns z to where it was.
            double speed = omega / meanOmega;
            d[2] = speed * f0 - s[2];
            d[3] = speed * f1 - s[3];
            d[4] = -(s[4] - z0[halfSteps]);
        }
    }
}
