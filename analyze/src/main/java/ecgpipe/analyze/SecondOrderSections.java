package ecgpipe.analyze;

import java.util.ArrayList;
import java.util.List;

/**
 * An IIR filter as a cascade of biquads, each {@code (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)}.
 * Cascaded second-order sections stay numerically stable at orders and cut-offs where a single
 * high-order polynomial would not (a 0.5 Hz corner at 1000 Hz puts poles very close to z = 1).
 */
public final class SecondOrderSections {
    /** Rows of {b0, b1, b2, a1, a2}. */
    private final double[][] sections;

    SecondOrderSections(List<double[]> sections) {
        this.sections = sections.toArray(new double[0][]);
    }

    public int size() {
        return sections.length;
    }

    /** Magnitude of the frequency response at {@code f} Hz for sampling rate {@code fs}. */
    public double gainAt(double f, double fs) {
        Complex z1 = Complex.polar(1, -2 * Math.PI * f / fs); // z^-1 on the unit circle
        double g = 1;
        for (double[] s : sections) {
            g *= sectionResponse(s, z1).abs();
        }
        return g;
    }

    private static Complex sectionResponse(double[] s, Complex z1) {
        Complex z2 = z1.times(z1);
        Complex num = Complex.of(s[0]).plus(z1.times(s[1])).plus(z2.times(s[2]));
        Complex den = Complex.of(1).plus(z1.times(s[3])).plus(z2.times(s[4]));
        return num.dividedBy(den);
    }

    /** Scales every section so that its gain at {@code f} Hz is one (a Butterworth filter's pass-band gain). */
    static List<double[]> normalize(List<double[]> sections, double f, double fs) {
        Complex z1 = Complex.polar(1, -2 * Math.PI * f / fs);
        List<double[]> out = new ArrayList<>();
        for (double[] s : sections) {
            double g = sectionResponse(s, z1).abs();
            out.add(new double[] {s[0] / g, s[1] / g, s[2] / g, s[3], s[4]});
        }
        return out;
    }

    /*
     * The recurrences below use fused multiply-adds: the loop-carried chain of a biquad (output -> state ->
     * next output) is then two FMAs instead of a multiply and three adds, which halves the time per sample
     * on processors with FMA (x86 since Haswell, every ARMv8); the result differs from the unfused one only
     * in the last bits.
     */

    /** Causal filtering (transposed direct form II), starting from rest. */
    public double[] filter(double[] x) {
        double[] y = x.clone();
        for (double[] s : sections) {
            run(s, y, 0, 0);
        }
        return y;
    }

    /**
     * Zero-phase filtering, like MATLAB/SciPy {@code filtfilt}: forward, then backward, so the result has
     * no delay (detections fall where the waves are) and the squared magnitude response. The ends are
     * extended by odd reflection ({@code padSamples} each side) and each section starts in the steady state
     * of the first padded value, so the start-up transient dies in the padding instead of in the record.
     */
    public double[] filtfilt(double[] x, int padSamples) {
        int n = x.length;
        if (n == 0) {
            return new double[0];
        }
        int pad = Math.max(0, Math.min(padSamples, n - 1));
        double[] y = new double[n + 2 * pad];
        for (int i = 0; i < pad; i++) {
            y[i] = 2 * x[0] - x[pad - i];
            y[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        System.arraycopy(x, 0, y, pad, n);
        // Backward = forward over the reversed data: every loop runs upwards, a counted loop the JIT
        // compiles without bounds checks.
        cascadeFromSteadyState(y);
        reverse(y);
        cascadeFromSteadyState(y);
        double[] out = new double[n];
        int last = y.length - 1 - pad;
        for (int i = 0; i < n; i++) {
            out[i] = y[last - i];
        }
        return out;
    }

    /**
     * {@code filtfilt} of one signal through two filters at once: {@code [f.filtfilt(x), g.filtfilt(x)]}, for
     * the detector's pair: {@code f} a Butterworth band-pass of three sections, each {@code b0 (1 - z^-2)}, and
     * {@code g} a high-pass {@code b0 (1 - 2 z^-1 + z^-2)} then a low-pass {@code b0 (1 + 2 z^-1 + z^-2)} (any
     * other pair goes through {@link #filtfilt} twice). Three things make it much cheaper than two filtfilts,
     * with the same result up to rounding:
     * <ul>
     *   <li>both filters run in the same loop and share the input: a biquad's recurrence is a chain of dependent
     *       multiply-adds, and two independent filters fill each other's gaps;</li>
     *   <li>direct form I with the numerators' known zeros: a band-pass section is then
     *       {@code y = (x - x2) - a2 y2 - a1 y1}, three operations instead of the general five, and the
     *       sections' gains {@code b0} are applied once per filter, at the end of each pass (the loop is bound by
     *       the number of floating-point operations per sample, not by their latency);</li>
     *   <li>no padded copy: the two short odd reflections are filtered apart and the record itself goes
     *       straight into the output arrays, so each big array is written twice and nothing is copied.</li>
     * </ul>
     */
    public static double[][] filtfiltBoth(SecondOrderSections f, SecondOrderSections g, double[] x, int padSamples) {
        if (!f.isBandPass3() || !g.isHighThenLowPass() || x.length < 2) {
            return new double[][] {f.filtfilt(x, padSamples), g.filtfilt(x, padSamples)};
        }
        int n = x.length;
        int pad = Math.max(0, Math.min(padSamples, n - 1));
        double[] head = new double[pad];
        double[] tail = new double[pad];
        for (int i = 0; i < pad; i++) {
            head[i] = 2 * x[0] - x[pad - i];
            tail[i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        double[] a = new double[n];
        double[] b = new double[n];
        double[] headA = new double[pad];
        double[] headB = new double[pad];
        double[] tailA = new double[pad];
        double[] tailB = new double[pad];
        double[] k = coefficients(f, g);
        double start = pad > 0 ? head[0] : x[0];
        double[] zf = f.steadyStateDirectForm1(start);
        double[] zg = g.steadyStateDirectForm1(start);
        forwardBoth(k, zf, zg, head, headA, headB);
        forwardBoth(k, zf, zg, x, a, b);
        forwardBoth(k, zf, zg, tail, tailA, tailB);
        // Backward from the end of the padded, forward-filtered signal.
        zf = f.steadyStateDirectForm1(pad > 0 ? tailA[pad - 1] : a[n - 1]);
        zg = g.steadyStateDirectForm1(pad > 0 ? tailB[pad - 1] : b[n - 1]);
        backwardBoth(k, zf, zg, tailA, tailB);
        backwardBoth(k, zf, zg, a, b);
        return new double[][] {a, b};
    }

    /** Three sections, each {@code b0 (1 - z^-2)}: Butterworth's band-pass of order 3. */
    private boolean isBandPass3() {
        if (sections.length != 3) {
            return false;
        }
        for (double[] s : sections) {
            if (s[1] != 0 || s[2] != -s[0]) {
                return false;
            }
        }
        return true;
    }

    /** A Butterworth high-pass section then a low-pass one. */
    private boolean isHighThenLowPass() {
        return sections.length == 2 && sections[0][1] == -2 * sections[0][0] && sections[0][2] == sections[0][0]
                && sections[1][1] == 2 * sections[1][0] && sections[1][2] == sections[1][0];
    }

    /** {a1, a2} of f's three sections, then of g's two, then f's and g's overall gains (products of b0). */
    private static double[] coefficients(SecondOrderSections f, SecondOrderSections g) {
        double[][] fs = f.sections;
        double[][] gs = g.sections;
        return new double[] {fs[0][3], fs[0][4], fs[1][3], fs[1][4], fs[2][3], fs[2][4], gs[0][3], gs[0][4],
            gs[1][3], gs[1][4], fs[0][0] * fs[1][0] * fs[2][0], gs[0][0] * gs[1][0]};
    }

    /**
     * Direct-form-I state for a constant input u, gains not applied: the input's two last values, then each
     * section's two last outputs (the next section's inputs). A section's steady output is its unscaled
     * numerator's DC value over its denominator's, times its steady input.
     */
    private double[] steadyStateDirectForm1(double u) {
        double[] z = new double[2 + 2 * sections.length];
        z[0] = u;
        z[1] = u;
        for (int k = 0; k < sections.length; k++) {
            double[] s = sections[k];
            u = (1 + s[1] / s[0] + s[2] / s[0]) / (1 + s[3] + s[4]) * u;
            z[2 + 2 * k] = u;
            z[3 + 2 * k] = u;
        }
        return z;
    }

    /** Both cascades over {@code in} ascending, into {@code outF} and {@code outG}; states carried in zf, zg. */
    private static void forwardBoth(double[] k, double[] zf, double[] zg, double[] in, double[] outF, double[] outG) {
        double fa1 = k[0], fa2 = k[1], fb1 = k[2], fb2 = k[3], fc1 = k[4], fc2 = k[5];
        double ha1 = k[6], ha2 = k[7], la1 = k[8], la2 = k[9], gainF = k[10], gainG = k[11];
        // x: input; o, p, q: the band sections' outputs; h, l: the high- and low-pass outputs; 1 and 2: delays.
        // Both filters read the same input here, so they share its delays.
        double x1 = zf[0], x2 = zf[1], o1 = zf[2], o2 = zf[3], p1 = zf[4], p2 = zf[5], q1 = zf[6], q2 = zf[7];
        double h1 = zg[2], h2 = zg[3], l1 = zg[4], l2 = zg[5];
        int len = Math.min(in.length, Math.min(outF.length, outG.length));
        for (int i = 0; i < len; i++) {
            double x = in[i];
            double o = Math.fma(-fa1, o1, Math.fma(-fa2, o2, x - x2));
            double p = Math.fma(-fb1, p1, Math.fma(-fb2, p2, o - o2));
            double q = Math.fma(-fc1, q1, Math.fma(-fc2, q2, p - p2));
            double h = Math.fma(-ha1, h1, Math.fma(-ha2, h2, Math.fma(-2, x1, x + x2)));
            double l = Math.fma(-la1, l1, Math.fma(-la2, l2, Math.fma(2, h1, h + h2)));
            outF[i] = gainF * q;
            outG[i] = gainG * l;
            x2 = x1;
            x1 = x;
            o2 = o1;
            o1 = o;
            p2 = p1;
            p1 = p;
            q2 = q1;
            q1 = q;
            h2 = h1;
            h1 = h;
            l2 = l1;
            l1 = l;
        }
        zf[0] = x1; zf[1] = x2; zf[2] = o1; zf[3] = o2; zf[4] = p1; zf[5] = p2; zf[6] = q1; zf[7] = q2;
        zg[0] = x1; zg[1] = x2; zg[2] = h1; zg[3] = h2; zg[4] = l1; zg[5] = l2;
    }

    /** Both cascades over {@code yf} and {@code yg} descending, in place; states carried in zf, zg. */
    private static void backwardBoth(double[] k, double[] zf, double[] zg, double[] yf, double[] yg) {
        double fa1 = k[0], fa2 = k[1], fb1 = k[2], fb2 = k[3], fc1 = k[4], fc2 = k[5];
        double ha1 = k[6], ha2 = k[7], la1 = k[8], la2 = k[9], gainF = k[10], gainG = k[11];
        // Here the two filters have different inputs (each its own forward output): x for f, y for g.
        double x1 = zf[0], x2 = zf[1], o1 = zf[2], o2 = zf[3], p1 = zf[4], p2 = zf[5], q1 = zf[6], q2 = zf[7];
        double y1 = zg[0], y2 = zg[1], h1 = zg[2], h2 = zg[3], l1 = zg[4], l2 = zg[5];
        for (int i = Math.min(yf.length, yg.length) - 1; i >= 0; i--) {
            double x = yf[i];
            double y = yg[i];
            double o = Math.fma(-fa1, o1, Math.fma(-fa2, o2, x - x2));
            double p = Math.fma(-fb1, p1, Math.fma(-fb2, p2, o - o2));
            double q = Math.fma(-fc1, q1, Math.fma(-fc2, q2, p - p2));
            double h = Math.fma(-ha1, h1, Math.fma(-ha2, h2, Math.fma(-2, y1, y + y2)));
            double l = Math.fma(-la1, l1, Math.fma(-la2, l2, Math.fma(2, h1, h + h2)));
            yf[i] = gainF * q;
            yg[i] = gainG * l;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            o2 = o1;
            o1 = o;
            p2 = p1;
            p1 = p;
            q2 = q1;
            q1 = q;
            h2 = h1;
            h1 = h;
            l2 = l1;
            l1 = l;
        }
        zf[0] = x1; zf[1] = x2; zf[2] = o1; zf[3] = o2; zf[4] = p1; zf[5] = p2; zf[6] = q1; zf[7] = q2;
        zg[0] = y1; zg[1] = y2; zg[2] = h1; zg[3] = h2; zg[4] = l1; zg[5] = l2;
    }

    /** The sections of both filters, this one first: applying the result equals applying one after the other. */
    public SecondOrderSections then(SecondOrderSections next) {
        List<double[]> all = new ArrayList<>(List.of(sections));
        all.addAll(List.of(next.sections));
        return new SecondOrderSections(all);
    }

    /**
     * All sections in one pass over the data, each starting in the steady state of the constant input
     * {@code y[first]} (a section's steady input is the previous one's steady output). One pass instead of
     * one per section: the sections' recurrences are independent from sample to sample, so the processor
     * overlaps them, and the data is read and written once.
     */
    static void reverse(double[] y) {
        for (int i = 0, j = y.length - 1; i < j; i++, j--) {
            double t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
    }

    private void cascadeFromSteadyState(double[] y) {
        int m = sections.length;
        double[] b0 = new double[m];
        double[] b1 = new double[m];
        double[] b2 = new double[m];
        double[] a1 = new double[m];
        double[] a2 = new double[m];
        double[] z1 = new double[m];
        double[] z2 = new double[m];
        double u = y[0];
        for (int k = 0; k < m; k++) {
            double[] s = sections[k];
            b0[k] = s[0];
            b1[k] = s[1];
            b2[k] = s[2];
            a1[k] = s[3];
            a2[k] = s[4];
            // Steady state of a section fed a constant u: y = G u with G its DC gain; from the
            // recurrences s2 = b2 u - a2 y and s1 = b1 u - a1 y + s2.
            double dcGain = (s[0] + s[1] + s[2]) / (1 + s[3] + s[4]);
            double out = dcGain * u;
            z2[k] = s[2] * u - s[4] * out;
            z1[k] = s[1] * u - s[3] * out + z2[k];
            u = out;
        }
        switch (m) {
            case 1 -> run1(b0, b1, b2, a1, a2, z1, z2, y);
            case 2 -> run2(b0, b1, b2, a1, a2, z1, z2, y);
            case 3 -> run3(b0, b1, b2, a1, a2, z1, z2, y);
            default -> {
                for (int k = 0; k < m; k++) {
                    run(sections[k], y, z1[k], z2[k]);
                }
            }
        }
    }

    // Unrolled cascades of one, two and three sections: states in registers, no inner loop.

    private static void run1(double[] b0, double[] b1, double[] b2, double[] a1, double[] a2, double[] z1,
            double[] z2, double[] y) {
        run(new double[] {b0[0], b1[0], b2[0], a1[0], a2[0]}, y, z1[0], z2[0]);
    }

    private static void run2(double[] b0, double[] b1, double[] b2, double[] a1, double[] a2, double[] z1,
            double[] z2, double[] y) {
        double p0 = b0[0], p1 = b1[0], p2 = b2[0], pa1 = a1[0], pa2 = a2[0];
        double q0 = b0[1], q1 = b1[1], q2 = b2[1], qa1 = a1[1], qa2 = a2[1];
        double s1 = z1[0], s2 = z2[0], t1 = z1[1], t2 = z2[1];
        for (int i = 0; i < y.length; i++) {
            double in = y[i];
            double o = Math.fma(p0, in, s1);
            s1 = Math.fma(-pa1, o, Math.fma(p1, in, s2));
            s2 = Math.fma(-pa2, o, p2 * in);
            double o2 = Math.fma(q0, o, t1);
            t1 = Math.fma(-qa1, o2, Math.fma(q1, o, t2));
            t2 = Math.fma(-qa2, o2, q2 * o);
            y[i] = o2;
        }
    }

    private static void run3(double[] b0, double[] b1, double[] b2, double[] a1, double[] a2, double[] z1,
            double[] z2, double[] y) {
        double p0 = b0[0], p1 = b1[0], p2 = b2[0], pa1 = a1[0], pa2 = a2[0];
        double q0 = b0[1], q1 = b1[1], q2 = b2[1], qa1 = a1[1], qa2 = a2[1];
        double r0 = b0[2], r1 = b1[2], r2 = b2[2], ra1 = a1[2], ra2 = a2[2];
        double s1 = z1[0], s2 = z2[0], t1 = z1[1], t2 = z2[1], u1 = z1[2], u2 = z2[2];
        for (int i = 0; i < y.length; i++) {
            double in = y[i];
            double o = Math.fma(p0, in, s1);
            s1 = Math.fma(-pa1, o, Math.fma(p1, in, s2));
            s2 = Math.fma(-pa2, o, p2 * in);
            double o2 = Math.fma(q0, o, t1);
            t1 = Math.fma(-qa1, o2, Math.fma(q1, o, t2));
            t2 = Math.fma(-qa2, o2, q2 * o);
            double o3 = Math.fma(r0, o2, u1);
            u1 = Math.fma(-ra1, o3, Math.fma(r1, o2, u2));
            u2 = Math.fma(-ra2, o3, r2 * o2);
            y[i] = o3;
        }
    }

    private static void run(double[] s, double[] y, double z1, double z2) {
        double b0 = s[0], b1 = s[1], b2 = s[2], a1 = s[3], a2 = s[4];
        for (int i = 0; i < y.length; i++) {
            double in = y[i];
            double out = Math.fma(b0, in, z1);
            z1 = Math.fma(-a1, out, Math.fma(b1, in, z2));
            z2 = Math.fma(-a2, out, b2 * in);
            y[i] = out;
        }
    }
}
