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
 *
 * <p>{@code extraFrames[i]} counts the whole frames that signal i's file holds beyond the header's sample count
 * (0 when the header gives none): a file longer than its header says is an error unless verification is off.
 */
public record WfdbRecord(RecordHeader header, int[][] samples, int[] storedChecksums, int[] storedFirstSamples,
                         long[] extraFrames) {

    public WfdbRecord(RecordHeader header, int[][] samples, int[] storedChecksums, int[] storedFirstSamples) {
        this(header, samples, storedChecksums, storedFirstSamples, new long[samples.length]);
    }

    /** The invalid-sample value of signal i's storage format, as it appears in {@code samples[i]}. */
    public int invalidValue(int signal) {
        return StorageFormat.of(header.signals().get(signal).format()).map(StorageFormat::invalidValue)
                .orElse(Integer.MIN_VALUE);
    }

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
