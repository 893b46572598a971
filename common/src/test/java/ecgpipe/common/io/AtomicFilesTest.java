package ecgpipe.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void writesUnderTheFinalNameOnlyWhenComplete() throws IOException {
        Path target = dir.resolve("sub/100.h5");
        AtomicFiles.write(target, tmp -> {
            assertFalse(Files.exists(target), "final name must not exist while writing");
            assertTrue(AtomicFiles.isTemporary(tmp));
            Files.writeString(tmp, "complete");
        });
        assertEquals("complete", Files.readString(target));
        assertEquals(1, count(target.getParent()));
    }

    @Test
    void failureKeepsThePreviousFileAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("100.h5");
        Files.writeString(target, "old");
        PipelineException e = assertThrows(PipelineException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("100.h5"), e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(1, count(dir));
    }

    @Test
    void sweepRemovesOnlyTemporaries() throws IOException {
        Files.writeString(dir.resolve("101.h5"), "x");
        Files.writeString(dir.resolve(".101.h5.123-1.part"), "x");
        assertEquals(1, AtomicFiles.sweepTemporaries(dir));
        assertEquals(1, count(dir));
    }

    @Test
    void sweepKeepsWhatAConcurrentRunIsWriting() throws IOException, InterruptedException {
        // Another shard (a live process on this host) is writing 102.h5; a dead process left 103.h5 behind.
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            Path ours = AtomicFiles.tempFor(dir.resolve("101.h5"));
            String suffix = ours.getFileName().toString().replaceAll("^\\.101\\.h5\\.\\d+-\\d+", "");
            Path writing = dir.resolve(".102.h5." + other.pid() + "-1" + suffix);
            Path dead = dir.resolve(".103.h5.999999999-1" + suffix);
            Path otherHost = dir.resolve(".104.h5.123-1@some-other-node.part");
            for (Path p : new Path[] {ours, writing, dead, otherHost}) {
                Files.writeString(p, "x");
            }
            assertTrue(AtomicFiles.beingWritten(writing));
            assertEquals(2, AtomicFiles.sweepTemporaries(dir));
            assertTrue(Files.exists(writing));
            assertTrue(Files.exists(otherHost));
            assertFalse(Files.exists(ours));
            assertFalse(Files.exists(dead));
        } finally {
            other.destroy();
            other.waitFor();
        }
    }

    private static long count(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }
}
