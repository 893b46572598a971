package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ecgpipe.common.wfdb.AnnotationCodes;
import org.junit.jupiter.api.Test;

class BeatComparatorTest {
    private static final double FS = 100; // 1 sample = 10 ms: the 150 ms window is 15 samples
    private static final int N = AnnotationCodes.NORMAL;
    private static final int V = AnnotationCodes.PVC;
    private static final int RHYTHM = AnnotationCodes.RHYTHM;
    private static final int FLUTTER_WAVE = AnnotationCodes.FLWAV;

    private static Evaluation compare(long[] refs, int[] codes, long... detections) {
        return BeatComparator.compare(refs, codes, detections, FS);
    }

    @Test
    void pairsOneToOneNearestFirst() {
        // Two detections near one beat: the nearer matches, the other is a false positive; a beat with
        // no detection is a false negative.
        Evaluation e = compare(new long[] {100, 200, 300}, new int[] {N, N, N}, 95, 99, 205);
        assertEquals(new Score(2, 1, 1), e.all());
        // A detection between two beats matches only one of them.
        e = compare(new long[] {100, 110}, new int[] {N, V}, 106);
        assertEquals(new Score(1, 0, 1), e.all());
    }

    @Test
    void aDetectionNearerToTheNextBeatIsPairedWithIt() {
        // 120 is 20 from 100 (outside) and 10 from 130: it must pair with 130, and 100 is missed.
        Evaluation e = compare(new long[] {100, 130}, new int[] {N, N}, 120);
        assertEquals(new Score(1, 0, 1), e.all());
        // 113 lies within the window of both 100 and 125 but nearer to 125, so it takes 125, and 140
        // (15 from 125, inside the window) finds its beat taken: one to one, nearest first.
        e = compare(new long[] {100, 125}, new int[] {N, N}, 113, 140);
        assertEquals(new Score(1, 1, 1), e.all());
        // 112 is nearer to 100: then 140 pairs with 125.
        e = compare(new long[] {100, 125}, new int[] {N, N}, 112, 140);
        assertEquals(new Score(2, 0, 0), e.all());
    }

    @Test
    void matchWindowIs150msInclusive() {
        assertEquals(new Score(1, 0, 0), compare(new long[] {1000}, new int[] {N}, 1015).all());
        assertEquals(new Score(1, 0, 0), compare(new long[] {1000}, new int[] {N}, 985).all());
        assertEquals(new Score(0, 1, 1), compare(new long[] {1000}, new int[] {N}, 1016).all());
        assertEquals(new Score(0, 1, 1), compare(new long[] {1000}, new int[] {N}, 984).all());
    }

    @Test
    void nonBeatAnnotationsAreNotReferenceBeats() {
        Evaluation e = compare(new long[] {100, 150, 300}, new int[] {RHYTHM, N, AnnotationCodes.NOISE}, 150);
        assertEquals(new Score(1, 0, 0), e.all());
    }

    @Test
    void scoringStartsAtFiveMinutes() {
        long start = (long) (300 * FS);
        long[] refs = {start - 50, start - 1, start, start + 100};
        int[] codes = {N, N, N, N};
        // The beat just before 5:00 is missed and a false detection lies before 5:00: neither counts from 5:00.
        Evaluation e = compare(refs, codes, start - 50, start - 30, start, start + 100, start + 200);
        assertEquals(new Score(2, 1, 0), e.fromStart());
        assertEquals(new Score(3, 2, 1), e.all());
        assertEquals(300, e.startS());
        assertEquals(0.150, e.windowS());
    }

    @Test
    void flutterEpisodesAreNotScored() {
        long[] refs = {100, 200, 250, 260, 270, 400, 500};
        int[] codes = {N, AnnotationCodes.VFON, FLUTTER_WAVE, FLUTTER_WAVE, V, AnnotationCodes.VFOFF, N};
        // Detections at 255 and 265 (in flutter) are not false positives; the V inside flutter is not a miss.
        Evaluation e = compare(refs, codes, 100, 255, 265, 500);
        assertEquals(new Score(2, 0, 0), e.all());
        // An episode left open runs to the end of the record.
        e = compare(new long[] {100, 200, 300}, new int[] {N, AnnotationCodes.VFON, N}, 100, 350);
        assertEquals(new Score(1, 0, 0), e.all());
    }

    @Test
    void emptyInputs() {
        assertEquals(new Score(0, 2, 0), compare(new long[0], new int[0], 1, 2).all());
        assertEquals(new Score(0, 0, 2), compare(new long[] {1, 50}, new int[] {N, N}).all());
        assertEquals(Double.NaN, Score.ZERO.sensitivity());
    }

    @Test
    void scoresFigures() {
        Score s = new Score(90, 10, 30);
        assertEquals(0.75, s.sensitivity(), 1e-12);
        assertEquals(0.9, s.positivePredictivity(), 1e-12);
        assertEquals(new Score(91, 12, 33), s.plus(new Score(1, 2, 3)));
    }
}
