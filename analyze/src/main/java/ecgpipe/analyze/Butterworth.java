package ecgpipe.analyze;

import java.util.ArrayList;
import java.util.List;

/**
 * Digital Butterworth filters designed the textbook way: analog prototype poles on the unit circle, an
 * analog frequency transformation at pre-warped corner frequencies, then the bilinear transform
 * {@code z = (2fs + s) / (2fs - s)}. The result is returned as second-order sections.
 */
public final class Butterworth {
    private Butterworth() {
    }

    /** Band-pass of prototype order {@code order} (the filter has 2*order poles) between f1 and f2 Hz. */
    public static SecondOrderSections bandPass(int order, double f1, double f2, double fs) {
        checkCorner(f1, fs);
        checkCorner(f2, fs);
        if (f1 >= f2) {
            throw new IllegalArgumentException("band-pass needs f1 < f2, got " + f1 + " and " + f2);
        }
        double w1 = prewarp(f1, fs);
        double w2 = prewarp(f2, fs);
        double bw = w2 - w1;
        double w0sq = w1 * w2;
        List<Complex> poles = new ArrayList<>();
        for (Complex p : prototypePoles(order)) {
            // s^2 - p bw s + w0^2 = 0 maps each low-pass pole to two band-pass poles.
            Complex half = p.times(bw / 2);
            Complex root = half.times(half).minus(Complex.of(w0sq)).sqrt();
            poles.add(bilinear(half.plus(root), fs));
            poles.add(bilinear(half.minus(root), fs));
        }
        // Each section gets one zero at z = 1 (from s = 0) and one at z = -1 (from s = infinity).
        List<double[]> sections = pairPoles(poles, new double[] {1, 0, -1});
        double centre = Math.atan(Math.sqrt(w0sq) / (2 * fs)) * fs / Math.PI;
        return new SecondOrderSections(SecondOrderSections.normalize(sections, centre, fs));
    }

    public static SecondOrderSections lowPass(int order, double fc, double fs) {
        checkCorner(fc, fs);
        double wc = prewarp(fc, fs);
        List<Complex> poles = new ArrayList<>();
        for (Complex p : prototypePoles(order)) {
            poles.add(bilinear(p.times(wc), fs));
        }
        return new SecondOrderSections(SecondOrderSections.normalize(pairPoles(poles, new double[] {1, 2, 1}), 0, fs));
    }

    public static SecondOrderSections highPass(int order, double fc, double fs) {
        checkCorner(fc, fs);
        double wc = prewarp(fc, fs);
        List<Complex> poles = new ArrayList<>();
        for (Complex p : prototypePoles(order)) {
            poles.add(bilinear(Complex.of(wc).dividedBy(p), fs));
        }
        return new SecondOrderSections(
                SecondOrderSections.normalize(pairPoles(poles, new double[] {1, -2, 1}), fs / 2, fs));
    }

    private static void checkCorner(double f, double fs) {
        if (!(f > 0 && f < fs / 2)) {
            throw new IllegalArgumentException("corner frequency " + f + " Hz must lie in (0, " + fs / 2 + ") Hz");
        }
    }

    /** Analog corner that lands on {@code f} after the bilinear transform's frequency warping. */
    private static double prewarp(double f, double fs) {
        return 2 * fs * Math.tan(Math.PI * f / fs);
    }

    /** Poles of the normalized analog Butterworth low-pass: the left half of the unit circle. */
    private static List<Complex> prototypePoles(int order) {
        if (order < 1) {
            throw new IllegalArgumentException("filter order must be at least 1, got " + order);
        }
        List<Complex> poles = new ArrayList<>();
        for (int k = 0; k < order; k++) {
            poles.add(Complex.polar(1, Math.PI * (2 * k + order + 1) / (2.0 * order)));
        }
        return poles;
    }

    private static Complex bilinear(Complex s, double fs) {
        Complex twoFs = Complex.of(2 * fs);
        return twoFs.plus(s).dividedBy(twoFs.minus(s));
    }

    /**
     * Groups poles into sections: each complex pole with its conjugate, real poles two by two. A lone real
     * pole (odd low/high-pass order) gets a first-order section whose numerator is the square root of the
     * given quadratic (its one zero).
     */
    private static List<double[]> pairPoles(List<Complex> poles, double[] quadraticZeros) {
        List<double[]> sections = new ArrayList<>();
        List<Double> real = new ArrayList<>();
        double tol = 1e-12;
        for (Complex p : poles) {
            if (Math.abs(p.im()) <= tol) {
                real.add(p.re());
            } else if (p.im() > 0) {
                sections.add(new double[] {quadraticZeros[0], quadraticZeros[1], quadraticZeros[2],
                        -2 * p.re(), p.re() * p.re() + p.im() * p.im()});
            }
        }
        for (int i = 0; i + 1 < real.size(); i += 2) {
            double a = real.get(i), b = real.get(i + 1);
            sections.add(new double[] {quadraticZeros[0], quadraticZeros[1], quadraticZeros[2], -(a + b), a * b});
        }
        if (real.size() % 2 == 1) {
            double a = real.get(real.size() - 1);
            double zero = quadraticZeros[1] / 2; // (1 + z^-1)^2 -> 1 + z^-1; (1 - z^-1)^2 -> 1 - z^-1
            sections.add(new double[] {1, zero, 0, -a, 0});
        }
        return sections;
    }
}
