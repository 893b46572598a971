package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.Hdf5Layout;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a detection is placed: the middle of the top of its sharpest major wave, on lead II when the record has
 * one (the lead QRS complexes are conventionally timed on), else on the detection lead.
 */
class FiducialTest {
    static final double FS = 360;
    /** The second lead peaks this many samples after lead II (a QRS does not peak at once in every lead). */
    static final int LAG = 8;

    @Test
    void aWaveFallingMoreSlowlyThanItRoseIsPlacedAtTheMiddleOfItsTop() {
        double[] x = {0, 0.5, 1.0, 0.95, 0.92, 0.5, 0};
        // The top (at least 90 % of the peak) runs from 2 to 4: its middle is 3, not the extremum at 2.
        assertEquals(3, QrsDetector.waveTopMiddle(x, 2, 10));
        // Only as far as the reach: 2 to 3, a half-sample middle rounded up.
        assertEquals(3, QrsDetector.waveTopMiddle(x, 2, 1));
        // A sharp symmetric peak is its own middle, whatever its sign.
        double[] sharp = {0, -0.5, -1.0, -0.5, 0};
        assertEquals(2, QrsDetector.waveTopMiddle(sharp, 2, 10));
        // A flat top: its middle.
        double[] flat = {0, 1, 1, 1, 1, 1, 0};
        assertEquals(3, QrsDetector.waveTopMiddle(flat, 1, 10));
    }

    @Test
    void leadIIIsChosenByNameWhenTheRecordHasIt() {
        assertEquals(1, LeadSelector.fiducialLead(record(new String[] {"V5", "MLII"}, false), 0));
        assertEquals(0, LeadSelector.fiducialLead(record(new String[] {"MLII", "V1"}, false), 0));
        assertEquals(0, LeadSelector.fiducialLead(record(new String[] {"MLII", "V1"}, false), 1));
        assertEquals(1, LeadSelector.fiducialLead(record(new String[] {"I", "II"}, false), 0));
        assertEquals(1, LeadSelector.fiducialLead(record(new String[] {"V1", "lead II"}, false), 0));
        // Without lead II (MLIII is lead III), or without names, the detection lead.
        assertEquals(0, LeadSelector.fiducialLead(record(new String[] {"V5", "V2"}, false), 0));
        assertEquals(1, LeadSelector.fiducialLead(record(new String[] {"V5", "V2"}, false), 1));
        assertEquals(0, LeadSelector.fiducialLead(record(new String[] {"V5", "MLIII"}, false), 0));
        assertEquals(0, LeadSelector.fiducialLead(record(null, false), 0));
        assertTrue(LeadSelector.isLeadII(" MLII "));
        assertFalse(LeadSelector.isLeadII("III"));
        assertFalse(LeadSelector.isLeadII("aVL"));
    }

    @Test
    void beatsDetectedOnAnotherLeadArePlacedOnLeadII() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 60, 0.8, 0.05, 0.01, 7);
        RecordAnalysis a = RecordAnalysis.of(record(new String[] {"V5", "MLII"}, false), 0);
        assertEquals(0, a.channel());
        assertEquals(1, a.fiducialChannel());
        assertEquals(0, meanOffset(a.beats(), ecg.rPeaks), 1.0, "placed on MLII's R peaks");
    }

    @Test
    void withoutLeadIIOrWithAFlatOneTheDetectionLeadPlacesTheBeats() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 60, 0.8, 0.05, 0.01, 7);
        RecordAnalysis a = RecordAnalysis.of(record(new String[] {"V5", "V2"}, false), 0);
        assertEquals(0, a.fiducialChannel());
        assertEquals(LAG, meanOffset(a.beats(), ecg.rPeaks), 1.0, "placed on V5's own peaks");
        RecordAnalysis flat = RecordAnalysis.of(record(new String[] {"V5", "MLII"}, true), 0);
        assertEquals(0, flat.fiducialChannel());
        assertEquals(LAG, meanOffset(flat.beats(), ecg.rPeaks), 1.0, "a flat MLII is not used");
    }

    @Test
    void whereLeadIIHasAGapTheDetectionLeadPlacesTheBeats() {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 60, 0.8, 0.05, 0.01, 7);
        InputRecord r = record(new String[] {"V5", "MLII"}, false);
        short[][] d = (short[][]) r.digital();
        int from = (int) (20 * FS);
        int to = (int) (40 * FS);
        Arrays.fill(d[1], from, to, (short) InputRecord.INVALID_SAMPLE); // missing on MLII from 20 to 40 s
        RecordAnalysis a = RecordAnalysis.of(r, 0);
        assertEquals(1, a.fiducialChannel());
        long[] inGap = Arrays.stream(a.beats()).filter(b -> b > from + 0.2 * FS && b < to - 0.2 * FS).toArray();
        long[] outside = Arrays.stream(a.beats()).filter(b -> b < from - 0.2 * FS || b > to + 0.2 * FS).toArray();
        assertTrue(inGap.length > 20, "beats in the gap: " + inGap.length);
        assertEquals(LAG, meanOffset(inGap, ecg.rPeaks, 20), 1.0, "in the gap: on V5's own peaks");
        assertEquals(0, meanOffset(outside, ecg.rPeaks, 40), 1.0, "elsewhere: on MLII");
    }

    /**
     * Two leads of the same synthetic ECG (seed 7): signal 1 as generated, signal 0 the same {@link #LAG} samples
     * later and scaled by 0.7; signal 1 flat when asked.
     */
    private static InputRecord record(String[] names, boolean flatSecond) {
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 60, 0.8, 0.05, 0.01, 7);
        int n = ecg.mv.length;
        short[][] d = new short[2][n];
        for (int i = 0; i < n; i++) {
            double lagged = ecg.mv[Math.max(0, i - LAG)];
            d[0][i] = (short) Math.round(0.7 * lagged * 200);
            d[1][i] = flatSecond ? 0 : (short) Math.round(ecg.mv[i] * 200);
        }
        Map<String, Object> attrs = names == null
                ? Map.of(Hdf5Layout.SIG_GAIN, new double[] {200, 200}, Hdf5Layout.SIG_BASELINE, new int[] {0, 0})
                : Map.of(Hdf5Layout.SIG_GAIN, new double[] {200, 200}, Hdf5Layout.SIG_BASELINE, new int[] {0, 0},
                        Hdf5Layout.SIG_NAME, names);
        return new InputRecord("r", FS, n, d, attrs, Map.of(), List.of());
    }

    private static double meanOffset(long[] beats, long[] truth) {
        return meanOffset(beats, truth, 60);
    }

    /** Mean of (detection - nearest true R peak) over the detections within 50 ms of one (more than minBeats). */
    private static double meanOffset(long[] beats, long[] truth, int minBeats) {
        double sum = 0;
        int count = 0;
        for (long b : beats) {
            int q = Arrays.binarySearch(truth, b);
            q = q < 0 ? -q - 1 : q;
            long best = Long.MAX_VALUE;
            for (int c = Math.max(0, q - 1); c <= Math.min(truth.length - 1, q); c++) {
                if (Math.abs(b - truth[c]) < Math.abs(best)) {
                    best = b - truth[c];
                }
            }
            if (Math.abs(best) <= 0.05 * FS) {
                sum += best;
                count++;
            }
        }
        assertTrue(count > minBeats, "beats found: " + count);
        return sum / count;
    }
}
