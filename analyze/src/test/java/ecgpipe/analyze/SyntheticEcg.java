package ecgpipe.analyze;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A test ECG made of Gaussian P, Q, R, S and T waves around known R peaks (the wave model of McSharry et
 * al.'s ECGSYN, summed in time instead of integrated), with optional baseline wander and white noise.
 * Every shape constant is in seconds or mV, so the same rhythm is produced at any sampling rate.
 */
final class SyntheticEcg {
    /** Waves relative to the R peak: amplitude (mV), centre (s), width (s). */
    private static final double[][] WAVES = {
        {0.15, -0.20, 0.025}, // P
        {-0.12, -0.035, 0.010}, // Q
        {1.20, 0.0, 0.011}, // R
        {-0.25, 0.035, 0.010}, // S
        {0.35, 0.28, 0.055}, // T
    };

    final double[] mv;
    final long[] rPeaks;
    final double fs;

    private SyntheticEcg(double[] mv, long[] rPeaks, double fs) {
        this.mv = mv;
        this.rPeaks = rPeaks;
        this.fs = fs;
    }

    /**
     * @param seconds  duration
     * @param meanRr   mean RR interval (s); each interval varies uniformly by +-15 %
     * @param wanderMv amplitude of a 0.3 Hz baseline wander
     * @param noiseMv  standard deviation of white noise
     */
    static SyntheticEcg generate(double fs, double seconds, double meanRr, double wanderMv, double noiseMv, long seed) {
        Random rnd = new Random(seed);
        int n = (int) Math.round(seconds * fs);
        double[] x = new double[n];
        List<Long> peaks = new ArrayList<>();
        for (double t = 0.5; t < seconds - 0.5; t += meanRr * (0.85 + 0.3 * rnd.nextDouble())) {
            long r = Math.round(t * fs);
            peaks.add(r);
            addBeat(x, r, fs, 1.0);
        }
        for (int i = 0; i < n; i++) {
            x[i] += wanderMv * Math.sin(2 * Math.PI * 0.3 * i / fs) + noiseMv * rnd.nextGaussian();
        }
        return new SyntheticEcg(x, peaks.stream().mapToLong(Long::longValue).toArray(), fs);
    }

    static void addBeat(double[] x, long r, double fs, double scale) {
        for (double[] w : WAVES) {
            double centre = r + w[1] * fs;
            double sigma = w[2] * fs;
            int from = (int) Math.max(0, Math.floor(centre - 5 * sigma));
            int to = (int) Math.min(x.length - 1, Math.ceil(centre + 5 * sigma));
            for (int i = from; i <= to; i++) {
                double z = (i - centre) / sigma;
                x[i] += scale * w[0] * Math.exp(-0.5 * z * z);
            }
        }
    }
}
