package ecgpipe.dashboard;

import ecgpipe.common.wfdb.AnnotationCodes;
import java.util.OptionalInt;

/**
 * Which detections are true or false and which reference beats were missed, by the rule the analyze
 * stage scores with (ANSI/AAMI EC57, as WFDB's bxb): one detection per reference beat, paired within
 * 150 ms, each with its nearest counterpart. Only beat annotations (isqrs) take part; rhythm labels and
 * other non-beat annotations are neither hits nor misses. The dashboard re-derives this rather than
 * depending on the analyze module, because stages only share files.
 */
final class BeatMatch {
    static final double MATCH_WINDOW_S = 0.150;
    /** Per-annotation outcome codes, as sent to the page. */
    static final char MATCHED = 'm';
    static final char FALSE_DETECTION = 'f';
    static final char MISSED = 'x';
    static final char NOT_A_BEAT = '-';

    /** One code per detection (MATCHED or FALSE_DETECTION) and per reference annotation. */
    record Outcome(char[] detected, char[] reference) {
    }

    private BeatMatch() {
    }

    static Outcome of(Annotations reference, Annotations detected, double fs) {
        long window = Math.round(MATCH_WINDOW_S * fs);
        long[] det = detected.samples();
        char[] detOut = new char[det.length];
        char[] refOut = new char[reference.size()];
        // indices of the reference beats, in order
        int[] beats = new int[reference.size()];
        int nBeats = 0;
        for (int k = 0; k < reference.size(); k++) {
            if (isBeat(reference.symbols()[k])) {
                beats[nBeats++] = k;
            } else {
                refOut[k] = NOT_A_BEAT;
            }
        }
        long[] ref = reference.samples();
        int i = 0;
        int j = 0;
        while (i < nBeats || j < det.length) {
            if (i == nBeats) {
                detOut[j++] = FALSE_DETECTION;
            } else if (j == det.length) {
                refOut[beats[i++]] = MISSED;
            } else {
                long r = ref[beats[i]];
                long d = det[j];
                long gap = Math.abs(d - r);
                if (gap > window) {
                    // the earlier of the two has nothing left to pair with
                    if (d < r) {
                        detOut[j++] = FALSE_DETECTION;
                    } else {
                        refOut[beats[i++]] = MISSED;
                    }
                } else if (d < r && j + 1 < det.length && Math.abs(det[j + 1] - r) < gap) {
                    detOut[j++] = FALSE_DETECTION; // a later detection sits closer to this beat
                } else if (r < d && i + 1 < nBeats && Math.abs(ref[beats[i + 1]] - d) < gap) {
                    refOut[beats[i++]] = MISSED; // this detection belongs to the next beat
                } else {
                    refOut[beats[i++]] = MATCHED;
                    detOut[j++] = MATCHED;
                }
            }
        }
        return new Outcome(detOut, refOut);
    }

    /** A reference without symbols (not expected) is taken as all beats. */
    private static boolean isBeat(String symbol) {
        if (symbol == null) {
            return true;
        }
        OptionalInt code = AnnotationCodes.code(symbol);
        return code.isPresent() && AnnotationCodes.isBeat(code.getAsInt());
    }
}
