package ecgpipe.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pure pieces: defaults from the environment, ETag shapes, the summary line. */
class SmallPartsTest {
    @Test
    void regionComesFromTheAwsVariablesThenUsEast1() {
        assertEquals("eu-west-1", DownloadRequest.defaultRegion(Map.of("AWS_REGION", "eu-west-1",
                "AWS_DEFAULT_REGION", "ap-south-1")));
        assertEquals("ap-south-1", DownloadRequest.defaultRegion(Map.of("AWS_DEFAULT_REGION", "ap-south-1")));
        assertEquals("us-east-1", DownloadRequest.defaultRegion(Map.of("AWS_REGION", " ")));
    }

    @Test
    void transfersComeFromSlurmThenFour() {
        assertEquals(16, DownloadRequest.defaultTransfers(Map.of("SLURM_CPUS_PER_TASK", "16")));
        assertEquals(4, DownloadRequest.defaultTransfers(Map.of("SLURM_CPUS_PER_TASK", "lots")));
        assertEquals(4, DownloadRequest.defaultTransfers(Map.of()));
    }

    @Test
    void onlySinglePartUnencryptedETagsAreContentMd5() {
        String md5 = ETag.normalize("\"8D777F385D3DFEC8815D20F7496026DC\"");
        assertEquals("8d777f385d3dfec8815d20f7496026dc", md5);
        assertTrue(ETag.isContentMd5(md5, null, null));
        assertTrue(ETag.isContentMd5(md5, "AES256", null));
        assertFalse(ETag.isContentMd5(md5, "aws:kms", null));
        assertFalse(ETag.isContentMd5(md5, null, "AES256"));
        assertFalse(ETag.isContentMd5(ETag.normalize("\"d41d8cd98f00b204e9800998ecf8427e-12\""), null, null));
        assertEquals("abc", ETag.normalize("W/\"abc\""));
    }

    @Test
    void summaryLineReadsLikeTheSpec() {
        assertEquals("downloaded 78 objects (12.3 MB) in 2.1 s, 0 skipped",
                new DownloadSummary(78, 12_345_678, 0, Duration.ofMillis(2_080), false).line());
        assertEquals("downloaded 1 object (999 B) in 0.0 s, 3 skipped",
                new DownloadSummary(1, 999, 3, Duration.ofMillis(10), false).line());
        assertEquals("dry run: would download 2 objects (1.5 GB), 1 skipped",
                new DownloadSummary(2, 1_500_000_000L, 1, Duration.ZERO, true).line());
    }
}
