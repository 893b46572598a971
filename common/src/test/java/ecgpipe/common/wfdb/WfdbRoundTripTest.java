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
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WfdbRoundTripTest {
    @TempDir
    Path dir;

    private static int[] random(SplittableRandom rnd, int n, int min, int max) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = (int) rnd.nextLong(min, (long) max + 1);
        }
        // The extremes, including the invalid-sample pattern, must survive the trip too.
        if (n > 2) {
            v[1] = min;
            v[2] = max;
        }
        return v;
    }

    private static SignalSpec spec(String file, int format, int spf, String description) {
        return new SignalSpec(file, format, spf, 0, 0, 200, 0, "mV", 12, 0, OptionalInt.empty(),
                OptionalInt.empty(), 0, description);
    }

    @ParameterizedTest(name = "format {0}, {1} signals, {2} frames")
    @CsvSource({"212,2,1000", "212,1,999", "212,3,999", "16,2,500", "61,3,257", "80,2,300", "160,1,301",
            "24,2,400", "32,2,123", "310,1,999", "310,2,1000", "310,1,998", "311,1,997", "311,3,1000",
            "311,1,998"})
    void writeThenReadGivesTheSameSamplesAndAVerifiedHeader(int format, int nsig, int frames) {
        StorageFormat f = StorageFormat.of(format).orElseThrow();
        SplittableRandom rnd = new SplittableRandom(format * 31L + nsig);
        List<SignalSpec> specs = new ArrayList<>();
        int[][] samples = new int[nsig][];
        for (int i = 0; i < nsig; i++) {
            specs.add(spec("rt.dat", format, 1, "sig " + i));
            samples[i] = random(rnd, frames, f.minValue(), f.maxValue());
        }
        RecordHeader header = RecordHeader.of("rt", 360, frames, "10:00:00", "01/02/2003", specs, List.of("hello"));
        RecordHeader written = WfdbWriter.write(dir, header, samples);

        WfdbRecord back = WfdbReader.read(dir.resolve("rt.hea"));
        assertEquals(written, back.header());
        for (int i = 0; i < nsig; i++) {
            assertArrayEquals(samples[i], back.samples()[i], "signal " + i);
        }
        assertEquals(List.of(), SignalVerifier.verify(back));
        assertEquals(f.bytesFor((long) frames * nsig), dir.resolve("rt.dat").toFile().length());
    }

    @Test
    void recordsWithSeveralFilesAndSeveralSamplesPerFrameRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(7);
        int frames = 250;
        List<SignalSpec> specs = List.of(spec("a.dat", 212, 4, "fast"), spec("a.dat", 212, 1, "slow"),
                spec("b.dat", 16, 2, "other file"), spec("b.dat", 16, 1, "x"));
        int[][] samples = new int[4][];
        for (int i = 0; i < 4; i++) {
            samples[i] = random(rnd, frames * specs.get(i).samplesPerFrame(), -2048, 2047);
        }
        WfdbWriter.write(dir, RecordHeader.of("multi", 125, frames, "", "", specs, List.of()), samples);
        WfdbRecord back = WfdbReader.read(dir.resolve("multi.hea"));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(samples[i], back.samples()[i], "signal " + i);
        }
        assertEquals(List.of(), SignalVerifier.verify(back));
        assertEquals(250L * 5 / 2 * 3, dir.resolve("a.dat").toFile().length());
        assertEquals(250L * 3 * 2, dir.resolve("b.dat").toFile().length());
    }

    @Test
    void missingLengthIsInferredFromTheFileAndSkewIsAligned() throws IOException {
        int[][] samples = {{1, 2, 3, 4, 5, 6}, {10, 20, 30, 40, 50, 60}};
        WfdbWriter.write(dir, RecordHeader.of("s", 100, 6, "", "",
                List.of(spec("s.dat", 16, 1, "a"), spec("s.dat", 16, 1, "b")), List.of()), samples);
        Files.writeString(dir.resolve("nolen.hea"), "nolen 2 100\ns.dat 16 200 16 0\ns.dat 16:2 200 16 0\n");
        WfdbRecord r = WfdbReader.read(dir.resolve("nolen.hea"));
        assertEquals(6, r.numberOfSamples());
        assertArrayEquals(samples[0], r.samples()[0]);
        assertArrayEquals(new int[] {30, 40, 50, 60, -32768, -32768}, r.samples()[1]);
        assertEquals(SignalVerifier.checksum(samples[1]), r.storedChecksums()[1], "checksum is over file order");
        assertEquals(10, r.storedFirstSamples()[1]);
    }

    @Test
    void decodesFormat8DifferencesFromTheInitialValue() throws IOException {
        Files.write(dir.resolve("d.dat"), new byte[] {5, -3, 127, -128});
        Files.writeString(dir.resolve("d.hea"), "d 1 100 4\nd.dat 8 200 12 0 -100 -263 0 diffs\n");
        WfdbRecord r = WfdbReader.read(dir.resolve("d.hea"));
        assertArrayEquals(new int[] {-95, -98, 29, -99}, r.samples()[0]);
        assertEquals(List.of(), SignalVerifier.verify(r));
    }

    @Test
    void verifierNamesTheSignalWhoseChecksumOrInitialValueDisagrees() throws IOException {
        int[][] samples = {{100, 101, 102}, {7, 8, 9}};
        WfdbWriter.write(dir, RecordHeader.of("v", 100, 3, "", "",
                List.of(spec("v.dat", 212, 1, "I"), spec("v.dat", 212, 1, "II")), List.of()), samples);
        String hea = Files.readString(dir.resolve("v.hea")).replace(" 24 0 II", " 25 0 II").replace(" 100 303 ", " 99 303 ");
        Files.writeString(dir.resolve("v.hea"), hea);
        List<SignalVerifier.Mismatch> m = SignalVerifier.verify(WfdbReader.read(dir.resolve("v.hea")));
        assertEquals(2, m.size(), m.toString());
        assertEquals("signal 0 (I): initial value 99 declared, 100 computed", m.get(0).message());
        assertEquals("signal 1 (II): checksum 25 declared, 24 computed", m.get(1).message());
    }

    @Test
    void checksumsCompareModulo65536() {
        assertTrue(SignalVerifier.checksumMatches(-22131, 43405));
        assertTrue(SignalVerifier.checksumMatches(62172, 62172 - 65536));
        assertEquals(0xFFFF, SignalVerifier.checksum(new int[] {-1}));
    }

    @Test
    void truncatedSignalFileIsBadInputNamingTheFile() throws IOException {
        WfdbWriter.write(dir, RecordHeader.of("t", 100, 100, "", "", List.of(spec("t.dat", 212, 1, "a"),
                spec("t.dat", 212, 1, "b")), List.of()), new int[][] {new int[100], new int[100]});
        byte[] all = Files.readAllBytes(dir.resolve("t.dat"));
        Files.write(dir.resolve("t.dat"), java.util.Arrays.copyOf(all, all.length - 1));
        PipelineException e = assertThrows(PipelineException.class, () -> WfdbReader.read(dir.resolve("t.hea")));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("t.dat: truncated: 299 bytes of samples, 300 needed for 100 frames"),
                e.getMessage());
    }

    @Test
    void unsupportedFormatAndMissingFilesAreReportedClearly() throws IOException {
        Files.writeString(dir.resolve("u.hea"), "u 1 100 10\nu.dat 516 200 16 0\n");
        PipelineException e = assertThrows(PipelineException.class, () -> WfdbReader.read(dir.resolve("u.hea")));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().endsWith("signal 0: unsupported storage format 516 (FLAC-compressed; formats 508,"
                + " 516 and 524 are not read by this converter)"), e.getMessage());
        Files.writeString(dir.resolve("w.hea"), "w 1 100 10\nw.dat 999 200 16 0\n");
        e = assertThrows(PipelineException.class, () -> WfdbReader.read(dir.resolve("w.hea")));
        assertTrue(e.getMessage().endsWith("signal 0: unsupported storage format 999"), e.getMessage());

        Files.writeString(dir.resolve("m.hea"), "m 1 100 10\nm.dat 16 200 16 0\n");
        e = assertThrows(PipelineException.class, () -> WfdbReader.read(dir.resolve("m.hea")));
        assertEquals(ExitCode.INPUT_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("m.dat"), e.getMessage());
    }

    @Test
    void aSignalFileLongerThanItsHeaderSaysFailsVerification() throws IOException {
        WfdbWriter.write(dir, RecordHeader.of("l", 100, 100, "", "", List.of(spec("l.dat", 16, 1, "a"),
                spec("l.dat", 16, 1, "b")), List.of()), new int[][] {new int[100], new int[100]});
        // Three bytes more are less than a frame (4 bytes): not a longer signal; four bytes are.
        Files.write(dir.resolve("l.dat"), new byte[3], java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of(), SignalVerifier.verify(WfdbReader.read(dir.resolve("l.hea"))));
        Files.write(dir.resolve("l.dat"), new byte[5], java.nio.file.StandardOpenOption.APPEND);
        WfdbRecord r = WfdbReader.read(dir.resolve("l.hea"));
        assertEquals(100, r.numberOfSamples(), "the header's length is what is read");
        assertEquals(List.of("signal 0 (a): l.dat is longer than the header says: 2 frames more than the 100 declared"),
                SignalVerifier.verify(r).stream().map(SignalVerifier.Mismatch::message).toList());
    }

    @Test
    void packed10BitFormatsPlaceEachSampleWhereSignal5Says() {
        // Format 310: samples 1, -1, 0x155 (=341) -> x = 1<<1 | (341 & 31)<<11, y = 0x3FF<<1 | (341>>5)<<11.
        byte[] b310 = new byte[4];
        WfdbWriter.encode(StorageFormat.PACKED_310, new int[] {1, -1, 341}, b310);
        int x = (b310[0] & 0xFF) | (b310[1] & 0xFF) << 8;
        int y = (b310[2] & 0xFF) | (b310[3] & 0xFF) << 8;
        assertEquals(1 << 1 | (341 & 31) << 11, x);
        assertEquals(0x3FF << 1 | (341 >> 5) << 11, y);
        // Format 311: one little-endian word, samples in bits 0-9, 10-19, 20-29.
        byte[] b311 = new byte[4];
        WfdbWriter.encode(StorageFormat.PACKED_311, new int[] {-512, 511, 7}, b311);
        int w = (b311[0] & 0xFF) | (b311[1] & 0xFF) << 8 | (b311[2] & 0xFF) << 16 | (b311[3] & 0xFF) << 24;
        assertEquals(0x200 | 0x1FF << 10 | 7 << 20, w);
        for (StorageFormat f : new StorageFormat[] {StorageFormat.PACKED_310, StorageFormat.PACKED_311}) {
            assertEquals(-512, f.invalidValue());
            for (long n = 0; n < 12; n++) {
                // Two samples of a 310 block take all 4 bytes, which could hold a third: a length must be given.
                long expected = f == StorageFormat.PACKED_310 && n % 3 == 2 ? n + 1 : n;
                assertEquals(expected, f.samplesIn(f.bytesFor(n)), f + " " + n + " samples");
            }
        }
    }

    @Test
    void writerRefusesSamplesOutsideTheFormat() {
        RecordHeader h = RecordHeader.of("w", 100, 1, "", "", List.of(spec("w.dat", 212, 1, "a")), List.of());
        assertThrows(IllegalArgumentException.class, () -> WfdbWriter.write(dir, h, new int[][] {{2048}}));
    }
}
