package ecgpipe.common.wfdb;

/**
 * A record's header and its decoded samples.
 *
 * <p>{@code samples[i]} holds signal i in time order, {@code numberOfSamples * samplesPerFrame} values, as
 * stored (digital, ADC units; invalid-sample patterns kept as the format decodes them). A skewed signal is
 * aligned to the others as wfdb-python aligns it: its last {@code skew} frames cannot be read from the
 * file and hold the format's invalid value.
 *
 * <p>{@code storedChecksums[i]} and {@code storedFirstSamples[i]} are the 16-bit sum and first value of signal
 * i in file order (before skew alignment): the quantities header(5)'s checksum and initial value describe.
 */
public record WfdbRecord(RecordHeader header, int[][] samples, int[] storedChecksums, int[] storedFirstSamples) {

    public int numberOfSignals() {
        return samples.length;
    }

    /** Frames per signal. */
    public long numberOfSamples() {
        return header.numberOfSamples();
    }

    /** True when every signal has one sample per frame, so {@code samples} is a rectangular nsig x nsamp array. */
    public boolean isRectangular() {
        for (SignalSpec s : header.signals()) {
            if (s.samplesPerFrame() != 1) {
                return false;
            }
        }
        return true;
    }
}
