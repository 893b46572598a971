package ecgpipe.common.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiSegmentReaderTest {
    @TempDir
    Path dir;

    private static SignalSpec spec(String file, int format, int spf, String description) {
        return new SignalSpec(file, format, spf, 0, 0, 200, 0, "mV", 12, 0, OptionalInt.empty(), OptionalInt.empty(),
                0, description);
    }

    private int[][] segment(String name, int frames, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] s = {rnd.ints(frames * 2L, -2000, 2000).toArray(), rnd.ints(frames, -2000, 2000).toArray()};
        WfdbWriter.write(dir, RecordHeader.of(name, 100, frames, "", "", List.of(spec(name + ".dat", 212, 2, "A"),
                spec(name + ".dat", 212, 1, "B")), List.of()), s);
        return s;
    }

    @Test
    void aFixedLayoutWithAGapIsConcatenatedInOrder() throws IOException {
        int[][] a = segment("a", 30, 1);
        int[][] b = segment("b", 20, 2);
        Files.writeString(dir.resolve("fx.hea"), "fx/3 2 100 60\na 30\n~ 10\nb 20\n");
        MultiSegmentRecord m = MultiSegmentReader.read(RecordHeader.read(dir.resolve("fx.hea")), dir, "fx", true);
        assertEquals(MultiSegmentRecord.FIXED, m.layout());
        WfdbRecord r = m.record();
        assertEquals(60, r.numberOfSamples());
        int[] expectedA = new int[120];
        System.arraycopy(a[0], 0, expectedA, 0, 60);
        java.util.Arrays.fill(expectedA, 60, 80, -2048);
        System.arraycopy(b[0], 0, expectedA, 80, 40);
        assertArrayEquals(expectedA, r.samples()[0], "two samples per frame, gap of 10 frames");
        assertEquals(List.of(0L, 30L, 40L), m.spans().stream().map(MultiSegmentRecord.Span::start).toList());
        assertTrue(m.spans().get(1).isGap());
        assertEquals(List.of("a.hea", "a.dat", "b.hea", "b.dat"), m.files());
    }

    @Test
    void inconsistentSegmentsAreBadInputNamingThem() throws IOException {
        segment("a", 30, 1);
        Files.writeString(dir.resolve("len.hea"), "len/1 2 100 31\na 31\n");
        PipelineException e = assertThrows(PipelineException.class,
                () -> MultiSegmentReader.read(RecordHeader.read(dir.resolve("len.hea")), dir, "len", true));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("len: segment a has 30 samples, the master header says 31", e.getMessage());

        Files.writeString(dir.resolve("gone.hea"), "gone/2 2 100 40\na 30\nnothere 10\n");
        e = assertThrows(PipelineException.class,
                () -> MultiSegmentReader.read(RecordHeader.read(dir.resolve("gone.hea")), dir, "gone", true));
        assertEquals(ExitCode.INPUT_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("nothere.hea"), e.getMessage());

        Files.writeString(dir.resolve("esc.hea"), "esc/1 2 100 30\n../a 30\n");
        e = assertThrows(PipelineException.class,
                () -> MultiSegmentReader.read(RecordHeader.read(dir.resolve("esc.hea")), dir, "esc", true));
        assertTrue(e.getMessage().endsWith("segment name '../a' is not a record name in this directory"), e.getMessage());

        Files.writeString(dir.resolve("sig.hea"), "sig/1 3 100 30\na 30\n");
        e = assertThrows(PipelineException.class,
                () -> MultiSegmentReader.read(RecordHeader.read(dir.resolve("sig.hea")), dir, "sig", true));
        assertEquals("sig: the record line declares 3 signals, its first segment has 2", e.getMessage());
    }
}
