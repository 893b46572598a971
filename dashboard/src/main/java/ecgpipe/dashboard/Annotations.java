package ecgpipe.dashboard;

import java.util.Arrays;

/**
 * Annotations of one annotator, sorted by sample: WFDB mnemonic {@code symbols} at {@code samples}
 * (the record's clock). Detected beats are annotations without symbols.
 */
record Annotations(long[] samples, String[] symbols) {
    static final Annotations NONE = new Annotations(new long[0], new String[0]);

    Annotations {
        if (symbols != null && symbols.length != samples.length) {
            throw new IllegalArgumentException("samples and symbols differ in length");
        }
    }

    int size() {
        return samples.length;
    }

    /** Index of the first annotation at or after {@code sample}. */
    int firstAtOrAfter(long sample) {
        int i = Arrays.binarySearch(samples, sample);
        if (i < 0) {
            return -i - 1;
        }
        // equal samples may repeat (a beat and a rhythm label): step back to the first of them
        while (i > 0 && samples[i - 1] == sample) {
            i--;
        }
        return i;
    }
}
