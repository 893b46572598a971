package ecgpipe.analyze;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.PipelineException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Chooses the signal to detect beats on when none is asked for: the first whose name is an ECG lead.
 * Records from PhysioNet mix ECG with blood pressure, respiration, plethysmogram or EEG channels, and the
 * ECG is not always first; WFDB signal names are the only description a record gives.
 */
public final class LeadSelector {
    /**
     * Names of ECG leads as they appear in PhysioNet headers: limb and augmented leads (I, II, III, aVR, aVL,
     * aVF), precordial leads (V1-V6), modified and bipolar chest leads (MLII, MLIII, ML5, MV1, CM5, CC5, MCL1,
     * D3, ...) and generic names (ECG, ECG1, EKG, "lead II").
     */
    static final Pattern ECG_NAME = Pattern.compile(
            "(?i)(m?l?(i{1,3}|v[1-6]))|(a?v[rlf])|(cm\\d?|cc\\d|ml\\d|mcl\\d?|mv\\d|d\\d)|(e[ck]g.*)|(lead.*)|(.*\\becg\\b.*)");

    private LeadSelector() {
    }

    public static boolean isEcgName(String name) {
        return name != null && ECG_NAME.matcher(name.strip()).matches();
    }

    /** A blank description, or WFDB's default one ("record 100, signal 0"): nothing is known about the signal. */
    static boolean isUnnamed(String name) {
        return name == null || name.isBlank() || name.strip().matches("(?i)record \\S+, signal \\d+");
    }

    /** The signal names of the record, or null when it has none. */
    public static String[] names(InputRecord input) {
        Object names = input.signalAttributes().get(Hdf5Layout.SIG_NAME);
        return names instanceof String[] s && s.length == input.signals() ? s : null;
    }

    /**
     * The requested channel (checked), or without a request the first ECG-like one; without such a name the
     * first signal without a description, and a record without signal names at all is taken to hold ECG in
     * signal 0.
     */
    public static int choose(InputRecord input, Integer requested) {
        String[] names = names(input);
        if (requested != null) {
            if (requested < 0 || requested >= input.signals()) {
                throw PipelineException.badInput("record " + input.name() + " has " + input.signals()
                        + " signal(s): --channel " + requested + " does not exist");
            }
            return requested;
        }
        if (names == null) {
            return 0;
        }
        for (int k = 0; k < names.length; k++) {
            if (isEcgName(names[k])) {
                return k;
            }
        }
        // No ECG name, but a signal without a description may well be ECG: take the first such one.
        for (int k = 0; k < names.length; k++) {
            if (isUnnamed(names[k])) {
                return k;
            }
        }
        throw PipelineException.badInput("record " + input.name() + " has no ECG-like signal (names: "
                + String.join(", ", names) + "); name one with --channel");
    }

    /** Limb lead II under its Holter name (MLII, modified lead II) or its 12-lead name (II, "lead II"). */
    static final Pattern LEAD_II = Pattern.compile("(?i)(ml|lead\\s*)?ii");

    /**
     * The signal the fiducial points are placed on: lead II when the record has a signal of that name, else the
     * detection channel. Lead II is the lead on which QRS complexes are conventionally timed and annotated (the
     * MIT-BIH annotators worked on its modified form MLII, which a few records, such as 114, record as their
     * second signal); where the detection lead is another one, its peaks lie a few milliseconds away from those
     * marks, as a QRS does not peak at the same instant in every lead. The choice depends on the signal names
     * only, never on the data.
     */
    public static int fiducialLead(InputRecord input, int channel) {
        String[] names = names(input);
        if (names == null || isLeadII(names[channel])) {
            return channel;
        }
        for (int k = 0; k < names.length; k++) {
            if (isLeadII(names[k])) {
                return k;
            }
        }
        return channel;
    }

    static boolean isLeadII(String name) {
        return name != null && LEAD_II.matcher(name.strip()).matches();
    }

    /** "1 (MLII)" or "0" for messages. */
    public static String describe(InputRecord input, int channel) {
        String[] names = names(input);
        return names == null ? Integer.toString(channel)
                : String.format(Locale.ROOT, "%d (%s)", channel, names[channel]);
    }
}
