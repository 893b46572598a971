package ecgpipe.dashboard;

/** Instantaneous heart rate at each beat after the first, as the analyze stage wrote it. */
record HeartRateSeries(double[] timeSeconds, double[] bpm) {
    static final HeartRateSeries NONE = new HeartRateSeries(new double[0], new double[0]);
}
