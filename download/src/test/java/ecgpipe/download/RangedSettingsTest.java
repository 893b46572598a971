package ecgpipe.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** How large objects are cut into ranged GETs: {@code --chunk-size auto} (the default) or a fixed size. */
class RangedSettingsTest {
    private static final long MIB = 1L << 20;

    @Test
    void autoMeansASixteenthOfTheObjectWithin16And64MiB() {
        DownloadRequest.Ranged four = new DownloadRequest.Ranged(64 * MIB, DownloadRequest.Ranged.AUTO, 4);
        assertEquals(64 * MIB, four.chunkFor(1024 * MIB), "1 GiB: 16 ranges of 64 MiB, 4 per stream");
        assertEquals(32 * MIB, four.chunkFor(512 * MIB));
        assertEquals(16 * MIB, four.chunkFor(100 * MIB), "never below 16 MiB");
        assertEquals(64 * MIB, four.chunkFor(100L * 1024 * MIB), "never above 64 MiB (what a killed run loses)");
        DownloadRequest.Ranged eight = new DownloadRequest.Ranged(64 * MIB, DownloadRequest.Ranged.AUTO, 8);
        assertEquals(four.chunkFor(1024 * MIB), eight.chunkFor(1024 * MIB),
                "the same ranges whatever the streams, so a rerun with other streams resumes");
        assertEquals(DownloadRequest.Ranged.DEFAULT.chunkFor(1024 * MIB), four.chunkFor(1024 * MIB));
    }

    @Test
    void aGivenChunkSizeIsUsedAsItIs() {
        DownloadRequest.Ranged fixed = new DownloadRequest.Ranged(8 * MIB, 2 * MIB, 3);
        assertEquals(2 * MIB, fixed.chunkFor(1024 * MIB));
        assertEquals(2 * MIB, fixed.chunkFor(9 * MIB));
    }

    @Test
    void theCommandLineTakesAutoOrAPositiveSize() {
        DownloadCommand.ChunkSizeConverter c = new DownloadCommand.ChunkSizeConverter();
        assertEquals(DownloadRequest.Ranged.AUTO, c.convert("auto"));
        assertEquals(DownloadRequest.Ranged.AUTO, c.convert("AUTO"));
        assertEquals(32 * MIB, c.convert("32M"));
        assertThrows(TypeConversionException.class, () -> c.convert("0"));
        assertThrows(TypeConversionException.class, () -> c.convert("lots"));
        PipelineException e = assertThrows(PipelineException.class, () -> new DownloadRequest.Ranged(1, -1, 1));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void aStreamWaitsWhileItsRangeIsMoreThanTheLeadPastTheHashedPrefix() throws Exception {
        RangedTransfer.HashedPrefix prefix = new RangedTransfer.HashedPrefix(4 * MIB);
        prefix.awaitRoomFor(0);
        prefix.awaitRoomFor(4 * MIB); // within the lead: no wait
        CountDownLatch started = new CountDownLatch(1);
        Thread stream = new Thread(() -> {
            prefix.awaitRoomFor(6 * MIB);
            started.countDown();
        });
        stream.start();
        assertFalse(started.await(200, TimeUnit.MILLISECONDS), "6 MiB is beyond 0 + 4 MiB: it waits");
        prefix.advanceTo(1 * MIB);
        assertFalse(started.await(200, TimeUnit.MILLISECONDS), "still beyond 1 + 4 MiB");
        prefix.advanceTo(2 * MIB);
        assertTrue(started.await(5, TimeUnit.SECONDS), "6 MiB is within 2 + 4 MiB: it starts");
        stream.join();
    }
}
