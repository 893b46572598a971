package ecgpipe.dashboard;

/** A time window {@code [start, end)} in seconds from the start of a record. */
record TimeWindow(double start, double end) {

    /** First sample of the window on a record sampled at {@code fs} with {@code nSamples} samples. */
    long fromSample(double fs, long nSamples) {
        return Math.min(nSamples, Math.max(0, (long) Math.ceil(start * fs)));
    }

    /** One past the last sample of the window, clipped to the record. */
    long toSample(double fs, long nSamples) {
        return Math.min(nSamples, Math.max(fromSample(fs, nSamples), (long) Math.ceil(end * fs)));
    }
}
