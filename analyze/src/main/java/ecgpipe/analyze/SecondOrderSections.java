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

    /** Causal filtering (transposed direct form II), starting from rest. */
    public double[] filter(double[] x) {
        double[] y = x.clone();
        for (double[] s : sections) {
            run(s, y, 0, y.length, 0, 0, 1);
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
        cascadeFromSteadyState(y, true);
        cascadeFromSteadyState(y, false);
        double[] out = new double[n];
        System.arraycopy(y, pad, out, 0, n);
        return out;
    }

    private void cascadeFromSteadyState(double[] y, boolean forward) {
        int first = forward ? 0 : y.length - 1;
        for (double[] s : sections) {
            // Steady state of a section fed a constant u: y = G u with G its DC gain; from the
            // recurrences s2 = b2 u - a2 y and s1 = b1 u - a1 y + s2.
            double u = y[first];
            double dcGain = (s[0] + s[1] + s[2]) / (1 + s[3] + s[4]);
            double out = dcGain * u;
            double z2 = s[2] * u - s[4] * out;
            double z1 = s[1] * u - s[3] * out + z2;
            if (forward) {
                run(s, y, 0, y.length, z1, z2, 1);
            } else {
                run(s, y, y.length - 1, -1, z1, z2, -1);
            }
        }
    }

    private static void run(double[] s, double[] y, int from, int to, double z1, double z2, int step) {
        double b0 = s[0], b1 = s[1], b2 = s[2], a1 = s[3], a2 = s[4];
        for (int i = from; i != to; i += step) {
            double in = y[i];
            double out = b0 * in + z1;
            z1 = b1 * in - a1 * out + z2;
            z2 = b2 * in - a2 * out;
            y[i] = out;
        }
    }
}
