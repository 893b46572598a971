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

    @Test
    void aRunWithNothingToTransferSaysSo() {
        assertEquals("nothing to transfer: all 78 objects are up to date (checked in 0.3 s)",
                new DownloadSummary(0, 0, 78, Duration.ofMillis(310), false).line());
        assertEquals("nothing to transfer: the 1 object is up to date (checked in 0.1 s), 2 excluded by filters",
                new DownloadSummary(0, 0, 1, 2, Duration.ofMillis(100), false).line());
    }

    @Test
    void progressLineShowsFilesBytesRateAndEta() {
        assertEquals("12/78 files, 20.0 MB / 50.0 MB (40%), 10.0 MB/s, ETA 3s",
                TransferProgress.line(12, 78, 20_000_000, 50_000_000, Duration.ofSeconds(2)));
        assertEquals("78/78 files, 50.0 MB / 50.0 MB (100%), 25.0 MB/s, ETA -",
                TransferProgress.line(78, 78, 50_000_000, 50_000_000, Duration.ofSeconds(2)));
        assertEquals("3m05s", TransferProgress.duration(185));
        assertEquals("1h02m", TransferProgress.duration(3725));
    }

    @Test
    void progressIsRedrawnInPlaceOnATerminalAndLoggedOtherwise() {
        java.io.StringWriter logged = new java.io.StringWriter();
        TransferProgress log = new TransferProgress(new java.io.PrintWriter(logged),
                new DownloadRequest.Progress(false, Duration.ofSeconds(10)));
        log.add(1_000_000);
        log.fileDone();
        log.show();
        log.show();
        assertEquals(2, logged.toString().lines().filter(l -> l.startsWith("download: 1/0 files, 1.0 MB")).count(),
                logged.toString());
        assertFalse(logged.toString().contains("\r"));

        java.io.StringWriter tty = new java.io.StringWriter();
        TransferProgress live = new TransferProgress(new java.io.PrintWriter(tty),
                new DownloadRequest.Progress(true, Duration.ZERO));
        live.start(2, 4_000_000);
        live.add(2_000_000);
        live.show();
        live.close();
        assertTrue(tty.toString().startsWith("\r0/2 files, 2.0 MB / 4.0 MB (50%)"), tty.toString());
        assertFalse(tty.toString().contains("\n"), "a live display never scrolls");
        assertTrue(tty.toString().endsWith("\r"), "the status line is wiped at the end");
    }

    @Test
    void sizesAndDurationsAreReadLikeRclone() {
        DownloadCommand.SizeConverter size = new DownloadCommand.SizeConverter();
        assertEquals(64L << 20, size.convert("64M"));
        assertEquals(1L << 30, size.convert("1GiB"));
        assertEquals(512L << 10, size.convert("512k"));
        assertEquals(1000L, size.convert("1000"));
        DownloadCommand.DurationConverter d = new DownloadCommand.DurationConverter();
        assertEquals(Duration.ofMillis(500), d.convert("500ms"));
        assertEquals(Duration.ofMinutes(5), d.convert("5m"));
        assertEquals(Duration.ZERO, d.convert("0"));
    }

    @Test
    void aProfileRegionComesAfterTheEnvironmentsAndBeforeTheFallback() {
        assertEquals("eu-west-3", DownloadRequest.defaultRegion(Map.of(), "eu-west-3"));
        assertEquals("eu-west-1", DownloadRequest.defaultRegion(Map.of("AWS_REGION", "eu-west-1"), "eu-west-3"));
        assertEquals("us-east-1", DownloadRequest.defaultRegion(Map.of(), null));
    }
}
