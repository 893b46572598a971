package ecgpipe.common.wfdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares decoded samples with the checksum and initial value the header declares, which is how WFDB
 * detects a signal file that does not belong to its header or was damaged.
 */
public final class SignalVerifier {
    private SignalVerifier() {
    }

    /** What disagreed, for which signal (0-based index and description). */
    public record Mismatch(int signal, String description, String what, long declared, long actual) {
        /** One line for users, e.g. "signal 1 (V5): checksum 20052 declared, 20053 computed". */
        public String message() {
            String label = description.isEmpty() ? "" : " (" + description + ")";
            if (what.startsWith("file ")) {
                return "signal " + signal + label + ": " + what.substring(5) + " is longer than the header says: "
                        + actual + " frames more than the " + declared + " declared";
            }
            return "signal " + signal + label + ": " + what + " " + declared + " declared, " + actual + " computed";
        }
    }

    /** The 16-bit sum of the samples header(5) defines as the checksum (as an unsigned 0..65535 value). */
    public static int checksum(int[] samples) {
        return checksum(samples, 0, samples.length);
    }

    public static int checksum(int[] samples, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += samples[i];
        }
        return sum & 0xFFFF;
    }

    /** True when a header checksum (written signed or unsigned) equals a computed one modulo 2^16. */
    public static boolean checksumMatches(int declared, int computed) {
        return ((declared - computed) & 0xFFFF) == 0;
    }

    /** Every mismatch of checksum or initial value; empty when the record verifies. */
    public static List<Mismatch> verify(WfdbRecord record) {
        List<Mismatch> found = new ArrayList<>();
        List<SignalSpec> signals = record.header().signals();
        for (int i = 0; i < signals.size(); i++) {
            SignalSpec s = signals.get(i);
            int sum = record.storedChecksums()[i];
            if (s.declaredChecksum().isPresent() && !checksumMatches(s.declaredChecksum().getAsInt(), sum)) {
                found.add(new Mismatch(i, s.description(), "checksum", s.declaredChecksum().getAsInt(), sum));
            }
            if (record.extraFrames()[i] > 0) {
                found.add(new Mismatch(i, s.description(), "file " + s.fileName(), record.numberOfSamples(),
                        record.extraFrames()[i]));
            }
            // Format 8 uses the initial value as its starting point, so there is nothing to check.
            boolean hasSamples = record.samples()[i].length > 0;
            if (s.format() != StorageFormat.DIFFERENCE_8.code() && hasSamples && s.declaredInitialValue().isPresent()
                    && s.declaredInitialValue().getAsInt() != record.storedFirstSamples()[i]) {
                found.add(new Mismatch(i, s.description(), "initial value", s.declaredInitialValue().getAsInt(),
                        record.storedFirstSamples()[i]));
            }
        }
        return found;
    }
}
