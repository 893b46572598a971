package ecgpipe.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BeatMatchTest {
    private static String det(BeatMatch.Outcome o) {
        return new String(o.detected());
    }

    private static String ref(BeatMatch.Outcome o) {
        return new String(o.reference());
    }

    @Test
    void pairsWithin150MsOneToOne() {
        // fs 1000: samples are milliseconds
        Annotations reference = new Annotations(new long[] {1000, 1000, 2000, 3000, 4000},
                new String[] {"+", "N", "V", "N", "N"});
        Annotations detected = new Annotations(new long[] {1010, 1500, 2150, 3151, 4000}, null);
        BeatMatch.Outcome o = BeatMatch.of(reference, detected, 1000);
        assertEquals("-mmxm", ref(o), "the rhythm label is not a beat; 3151 is 151 ms late");
        assertEquals("mfmfm", det(o));
    }

    @Test
    void theNearerDetectionTakesTheBeat() {
        Annotations reference = new Annotations(new long[] {1000, 1200}, new String[] {"N", "N"});
        // 1090 is within 150 ms of both beats but nearer the second; 1010 belongs to the first
        BeatMatch.Outcome o = BeatMatch.of(reference, new Annotations(new long[] {1010, 1090, 1180}, null), 1000);
        assertEquals("mm", ref(o));
        assertEquals("mfm", det(o));
        BeatMatch.Outcome late = BeatMatch.of(reference, new Annotations(new long[] {1140}, null), 1000);
        assertEquals("xm", ref(late), "1140 is nearer the second beat");
        assertEquals("m", det(late));
    }

    @Test
    void leftoversAtEitherEnd() {
        Annotations reference = new Annotations(new long[] {500, 900}, new String[] {"N", "A"});
        assertEquals("xx", ref(BeatMatch.of(reference, new Annotations(new long[0], null), 360)));
        assertEquals("ff", det(BeatMatch.of(Annotations.NONE, new Annotations(new long[] {1, 2}, null), 360)));
    }
}
