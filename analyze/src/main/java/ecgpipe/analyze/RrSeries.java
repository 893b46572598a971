package ecgpipe.analyze;

/**
 * RR intervals between consecutive beats and the instantaneous heart rate they imply. The rate is
 * reported at the beat that closes each interval, so {@code timeS[i]} is when {@code bpm[i]} became known.
 */
public record RrSeries(double[] intervalS, double[] timeS, double[] bpm) {

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
