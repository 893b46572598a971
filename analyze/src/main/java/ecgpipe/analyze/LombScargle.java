package ecgpipe.analyze;

/**
 * The Lomb-Scargle periodogram of an unevenly sampled series (Lomb 1976, Scargle 1982), as a power spectral
 * density: the RR (NN) series is sampled at the beats, so it is uneven by nature, and ectopic or artifact
 * intervals leave holes that resampling would have to invent values for. Lomb-Scargle fits sinusoids at the
 * actual sample times instead.
 *
 * <p>Scaling: {@code psd(f) = 2 P(f) / (N * df0)} with {@code P} the classical (unnormalised) Lomb power,
 * N the number of samples and {@code df0 = 1/T} the natural resolution of a series spanning T seconds. For
 * evenly sampled data this makes the integral of the PSD over (0, Nyquist] equal the variance (Parseval),
 * so band powers come out in the series' unit squared (ms^2 for RR in ms), as the Task Force reports them.
 *
 * <p>The frequency grid is evenly spaced, so the sines and cosines of every sample are advanced from one
 * frequency to the next by one complex rotation (Press and Rybicki's recurrence) instead of being computed
 * anew: O(N M) multiplications and no trigonometric call in the inner loop.
 */
public final class LombScargle {
    private LombScargle() {
    }

    /** A spectrum on the grid {@code f[k] = (k + 1) * df}; {@code psd} in value-unit^2 per Hz. */
    public record Spectrum(double df, double[] frequency, double[] psd) {
        /** The integral of the PSD over {@code [lo, hi)} by the rectangle rule on the grid. */
        public double power(double lo, double hi) {
            double sum = 0;
            for (int k = 0; k < frequency.length; k++) {
                if (frequency[k] >= lo && frequency[k] < hi) {
                    sum += psd[k];
                }
            }
            return sum * df;
        }
    }

    /**
     * @param t          sample times, seconds (any order, any spacing)
     * @param y          values
     * @param maxHz      highest frequency of the grid
     * @param oversample grid points per natural resolution step 1/T (4 is customary)
     */
    public static Spectrum periodogram(double[] t, double[] y, double maxHz, int oversample) {
        int n = t.length;
        if (n < 3) {
            return new Spectrum(Double.NaN, new double[0], new double[0]);
        }
        double tMin = Double.POSITIVE_INFINITY;
        double tMax = Double.NEGATIVE_INFINITY;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            tMin = Math.min(tMin, t[i]);
            tMax = Math.max(tMax, t[i]);
            mean += y[i];
        }
        mean /= n;
        double span = tMax - tMin;
        if (!(span > 0)) {
            return new Spectrum(Double.NaN, new double[0], new double[0]);
        }
        double df0 = 1 / span;
        double df = df0 / oversample;
        int m = (int) Math.floor(maxHz / df);
        double[] freq = new double[m];
        double[] psd = new double[m];
        // Per sample: the centred value, cos/sin of the current angle and of one grid step.
        double[] v = new double[n];
        double[] c = new double[n];
        double[] s = new double[n];
        double[] stepC = new double[n];
        double[] stepS = new double[n];
        for (int i = 0; i < n; i++) {
            double tt = t[i] - tMin; // times from the start keep the angles small and the rotations accurate
            v[i] = y[i] - mean;
            double step = 2 * Math.PI * df * tt;
            stepC[i] = Math.cos(step);
            stepS[i] = Math.sin(step);
            c[i] = stepC[i]; // the grid starts at f = df
            s[i] = stepS[i];
        }
        double scale = 2 / (n * df0);
        for (int k = 0; k < m; k++) {
            double yc = 0;
            double ys = 0;
            double c2 = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                yc += v[i] * c[i];
                ys += v[i] * s[i];
                c2 += c[i] * c[i] - s[i] * s[i]; // cos 2wt
                s2 += 2 * c[i] * s[i];           // sin 2wt
            }
            // tau: tan(2 w tau) = sum sin 2wt / sum cos 2wt makes the fit independent of the time origin.
            double norm = Math.hypot(c2, s2);
            double cos2Tau = norm == 0 ? 1 : c2 / norm;
            double sin2Tau = norm == 0 ? 0 : s2 / norm;
            double cosTau = Math.sqrt(Math.max(0, (1 + cos2Tau) / 2));
            double sinTau = Math.copySign(Math.sqrt(Math.max(0, (1 - cos2Tau) / 2)), sin2Tau);
            double num1 = yc * cosTau + ys * sinTau;
            double num2 = ys * cosTau - yc * sinTau;
            // sum cos^2 w(t - tau) = (n + sum cos 2w(t - tau)) / 2, and sum cos 2w(t - tau) = norm.
            double den1 = (n + norm) / 2;
            double den2 = (n - norm) / 2;
            double p = 0.5 * ((den1 > 0 ? num1 * num1 / den1 : 0) + (den2 > 0 ? num2 * num2 / den2 : 0));
            freq[k] = (k + 1) * df;
            psd[k] = scale * p;
            for (int i = 0; i < n; i++) {
                double cn = c[i] * stepC[i] - s[i] * stepS[i];
                s[i] = s[i] * stepC[i] + c[i] * stepS[i];
                c[i] = cn;
            }
        }
        return new Spectrum(df, freq, psd);
    }
}
