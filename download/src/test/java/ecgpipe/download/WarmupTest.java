package ecgpipe.download;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The start-up rehearsal must really run the SDK's list and GET paths to their end against its canned
 * answers: a rehearsal that fails half-way (say, after an SDK upgrade changes what a response needs) would
 * cost its CPU and save nothing, and its failures are deliberately silent at run time.
 */
class WarmupTest {
    @Test
    void theRehearsalListsAndReadsTheCannedObjectToTheEnd() {
        assertTrue(Warmup.rehearse(), "the rehearsal got through listing, GET and MD5 of the canned object");
    }
}
