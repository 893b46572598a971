package ecgpipe.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.synth.EcgSynth;
import ecgpipe.common.synth.SyntheticRecordWriter;
import ecgpipe.common.testing.Prerequisites;
import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationCodes;
import ecgpipe.common.wfdb.RecordHeader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.WfdbWriter;
import io.jhdf.api.dataset.ChunkedDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WFDB features beyond one-sample-per-frame single-segment records, and the bad-input cases of the convert
 * issue, each on records these tests write themselves.
 */
class WfdbFeaturesConvertTest {
    @TempDir
    Path tmp;
    Path in;
    Path out;

    @BeforeEach
    void dirs() throws IOException {
        in = Files.createDirectory(tmp.resolve("raw"));
        out = tmp.resolve("h5");
    }

    private static SignalSpec spec(String file, int format, int spf, double gain, String units, String description) {
        return new SignalSpec(file, format, spf, 0, 0, gain, 0, units, 12, 0, OptionalInt.empty(), OptionalInt.empty(),
                0, description);
    }

    private List<String> outputNames() throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void synth(String name, double seconds) {
        SyntheticRecordWriter.write(in, new EcgSynth.Params(name, 360, seconds, 70, 3, 0.02, 0, 5));
    }

    @Test
    void severalSamplesPerFrameAreKeptExpandedAndAveragedPerFrame() throws Exception {
        int frames = 50;
        int[] fast = new SplittableRandom(3).ints(frames * 4L, -3000, 3000).toArray();
        fast[9] = -32768;                 // a missing sample in frame 2
        int[] slow = new SplittableRandom(4).ints(frames, -100, 100).toArray();
        WfdbWriter.write(in, RecordHeader.of("f", 125, frames, "", "", List.of(spec("f.dat", 16, 4, 500, "mV", "ECG"),
                spec("f.dat", 16, 1, 20, "mmHg", "ABP")), List.of()), new int[][] {fast, slow});

        ConvertRun run = ConvertRun.of(in.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        try (H5Reader h5 = new H5Reader(out.resolve("f.h5"))) {
            int[][] d = h5.digital();
            assertEquals(frames, d[0].length);
            for (int t = 0; t < frames; t++) {
                long sum = fast[4 * t] + fast[4 * t + 1] + fast[4 * t + 2] + fast[4 * t + 3];
                int expected = t == 2 ? -32768 : (int) (sum / 4);
                assertEquals(expected, d[0][t], "frame " + t);
            }
            assertArrayEquals(slow, d[1]);
            short[] expanded = (short[]) h5.dataset(Hdf5Layout.SIGNALS_EXPANDED + "/0").getData();
            int[] widened = new int[expanded.length];
            for (int k = 0; k < expanded.length; k++) {
                widened[k] = expanded[k];
            }
            assertArrayEquals(fast, widened);
            assertFalse(h5.has(Hdf5Layout.SIGNALS_EXPANDED + "/1"), "one sample per frame: not repeated");
            assertArrayEquals(new int[] {4, 1}, (int[]) h5.signalAttr(Hdf5Layout.SIG_SAMPLES_PER_FRAME));
            assertArrayEquals(new int[] {-32768, -32768}, (int[]) h5.signalAttr(Hdf5Layout.SIG_MISSING_VALUE));
            assertArrayEquals(new Object[] {"f.dat", "f.dat"}, (Object[]) h5.signalAttr(Hdf5Layout.SIG_FILE));
        }
    }

    @Test
    void aVariableLayoutMultiSegmentRecordBecomesOneRecordWithItsSegments() throws Exception {
        SplittableRandom rnd = new SplittableRandom(9);
        int[] ecg1 = rnd.ints(100, -2000, 2000).toArray();
        int[] abp1 = rnd.ints(100, 0, 2000).toArray();
        int[] ecg2 = rnd.ints(80, -30000, 30000).toArray();
        ecg1[5] = -2048;                  // format 212's invalid sample in the first segment
        WfdbWriter.write(in, RecordHeader.of("seg1", 250, 100, "", "", List.of(spec("seg1.dat", 212, 1, 200, "mV", "ECG"),
                spec("seg1.dat", 212, 1, 10, "mmHg", "ABP")), List.of()), new int[][] {ecg1, abp1});
        WfdbWriter.write(in, RecordHeader.of("seg2", 250, 80, "", "", List.of(spec("seg2.dat", 16, 1, 1000, "mV", "ECG")),
                List.of()), new int[][] {ecg2});
        Files.writeString(in.resolve("m_layout.hea"), "m_layout 2 250 0\n~ 0 200/mV 12 0 0 0 0 ECG\n"
                + "~ 0 10/mmHg 12 0 0 0 0 ABP\n");
        Files.writeString(in.resolve("m.hea"), "m/4 2 250 230 10:00:00 01/02/2003\nm_layout 0\nseg1 100\n~ 50\n"
                + "seg2 80\n# age: 60\n");
        WfdbWriter.writeAnnotations(in, "m", "atr", List.of(Annotation.of(10, AnnotationCodes.NORMAL),
                Annotation.of(200, AnnotationCodes.PVC)));

        ConvertRun run = ConvertRun.of(in.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("converted 1 record (0 skipped)"), run.out());
        assertEquals(List.of("m.h5"), outputNames(), "segments are not converted on their own");
        try (H5Reader h5 = new H5Reader(out.resolve("m.h5"))) {
            assertEquals(230L, h5.attr(Hdf5Layout.ATTR_N_SAMPLES));
            assertArrayEquals(new Object[] {"age: 60"}, (Object[]) h5.attr(Hdf5Layout.ATTR_COMMENTS));
            int[][] d = h5.digital();
            // ECG is stored as format 16 in seg2, the wider format: seg1's invalid -2048 becomes 16's -32768.
            assertArrayEquals(new int[] {16, 212}, (int[]) h5.signalAttr(Hdf5Layout.SIG_FORMAT));
            assertArrayEquals(new int[] {-32768, -2048}, (int[]) h5.signalAttr(Hdf5Layout.SIG_MISSING_VALUE));
            for (int t = 0; t < 230; t++) {
                int ecg = t < 100 ? (t == 5 ? -32768 : ecg1[t]) : t < 150 ? -32768 : ecg2[t - 150];
                int abp = t < 100 ? abp1[t] : -2048;
                assertEquals(ecg, d[0][t], "ECG " + t);
                assertEquals(abp, d[1][t], "ABP " + t);
            }
            assertArrayEquals(new Object[] {"seg1", "~", "seg2"}, (Object[]) h5.dataset("segments/name").getData());
            assertArrayEquals(new long[] {0, 100, 150}, (long[]) h5.dataset("segments/start").getData());
            assertArrayEquals(new long[] {100, 50, 80}, (long[]) h5.dataset("segments/length").getData());
            double[][] gain = (double[][]) h5.dataset("segments/gain").getData();
            assertArrayEquals(new double[] {200, 10}, gain[0]);
            assertTrue(Double.isNaN(gain[1][0]) && Double.isNaN(gain[1][1]), "a gap has no gain");
            assertEquals(1000, gain[2][0]);
            assertTrue(Double.isNaN(gain[2][1]), "seg2 has no ABP");
            assertArrayEquals(new long[] {10, 200}, (long[]) h5.annotations("atr", Hdf5Layout.ANN_SAMPLE));
            List<Object> sources = List.of((Object[]) h5.attr(Hdf5Layout.ATTR_SOURCE_FILES));
            assertEquals(List.of("m.hea", "m_layout.hea", "seg1.hea", "seg1.dat", "seg2.hea", "seg2.dat", "m.atr"),
                    sources);
        }
        // A changed segment makes the record out of date.
        ConvertRun again = ConvertRun.of(in.toString(), out.toString(), "-v");
        assertTrue(again.out().startsWith("converted 0 records (1 skipped)"), again.out());
        Files.write(in.resolve("seg2.dat"), new byte[] {1, 0}, StandardOpenOption.APPEND);
        ConvertRun changed = ConvertRun.of(in.toString(), out.toString());
        assertEquals(ExitCode.BAD_INPUT, changed.exitCode(), changed.toString());
        assertTrue(changed.err().contains("segment seg2: signal 0 (ECG): seg2.dat is longer than the header says"),
                changed.err());
        assertEquals(List.of("m.h5"), outputNames(), "the old output stays");
    }

    @Test
    void verificationFailuresNameTheFileAndNoVerifyConvertsAnyway() throws Exception {
        synth("chk", 20);
        synth("long", 20);
        Path hea = in.resolve("chk.hea");
        List<String> lines = new ArrayList<>(Files.readAllLines(hea));
        String[] f = lines.get(1).split(" ");
        f[5] = Integer.toString(Integer.parseInt(f[5]) + 1);    // the initial value of signal 0
        lines.set(1, String.join(" ", f));
        Files.write(hea, lines);
        Files.write(in.resolve("long.dat"), new byte[30], StandardOpenOption.APPEND);   // ten 212 frames more

        ConvertRun strict = ConvertRun.of(in.toString(), out.toString());
        assertEquals(ExitCode.BAD_INPUT, strict.exitCode(), strict.toString());
        assertEquals(2, strict.errLines().size(), strict.err());
        assertTrue(strict.errLines().get(0).matches("convert: error: chk: signal 0 \\(MLII\\): initial value -?\\d+ "
                + "declared, -?\\d+ computed"), strict.err());
        assertEquals("convert: error: long: signal 0 (MLII): long.dat is longer than the header says: 10 frames more "
                + "than the 7200 declared", strict.errLines().get(1));
        assertEquals(List.of(), outputNames());

        ConvertRun lax = ConvertRun.of(in.toString(), out.toString(), "--no-verify");
        assertEquals(0, lax.exitCode(), lax.toString());
        assertEquals(List.of("chk.h5", "long.h5"), outputNames());
        try (H5Reader h5 = new H5Reader(out.resolve("long.h5"))) {
            assertEquals(7200L, h5.attr(Hdf5Layout.ATTR_N_SAMPLES), "the header's length is what is converted");
        }
    }

    @Test
    void everyAnnotationFileOfTheRecordIsIncludedAndBadOnesFailTheRecord() throws Exception {
        synth("ann", 20);
        WfdbWriter.writeAnnotations(in, "ann", "ecg", List.of(new Annotation(100, AnnotationCodes.RHYTHM, "+", 0, 1, 2,
                "(AFIB")));
        Files.writeString(in.resolve("ann.txt"), "not an annotation file");
        synth("past", 20);
        WfdbWriter.writeAnnotations(in, "past", "qrs", List.of(Annotation.of(7201, AnnotationCodes.NORMAL)));
        synth("cut", 20);
        byte[] atr = Files.readAllBytes(in.resolve("cut.atr"));
        Files.write(in.resolve("cut.atr"), java.util.Arrays.copyOf(atr, atr.length - 3));

        ConvertRun run = ConvertRun.of(in.toString(), out.toString());
        assertEquals(ExitCode.PARTIAL, run.exitCode(), run.toString());
        assertEquals(List.of("ann.h5"), outputNames());
        assertEquals(2, run.errLines().size(), run.err());
        assertTrue(run.errLines().get(0).endsWith("cut.atr: ends in the middle of an annotation word ("
                + (atr.length - 3) + " bytes, an odd number)"), run.err());
        assertTrue(run.errLines().get(1).endsWith("past.qrs: annotation at sample 7201 points past the end of the "
                + "record (7200 frames)"), run.err());
        try (H5Reader h5 = new H5Reader(out.resolve("ann.h5"))) {
            assertTrue(h5.has("annotations/atr"));
            assertArrayEquals(new Object[] {"(AFIB"}, (Object[]) h5.annotations("ecg", Hdf5Layout.ANN_AUX));
            assertArrayEquals(new Object[] {"+"}, (Object[]) h5.annotations("ecg", Hdf5Layout.ANN_SYMBOL));
            assertArrayEquals(new int[] {1}, (int[]) h5.annotations("ecg", Hdf5Layout.ANN_CHAN));
            assertArrayEquals(new int[] {2}, (int[]) h5.annotations("ecg", Hdf5Layout.ANN_NUM));
            assertEquals(360.0, h5.dataset("annotations/ecg/sample").getParent().getAttribute(
                    Hdf5Layout.ANN_TIME_RESOLUTION).getData());
            assertFalse(h5.has("annotations/txt"));
        }
    }

    @Test
    void deflateStoresTheSameSamplesChunkedAndSmaller() throws Exception {
        synth("z", 60);
        Path plain = tmp.resolve("plain");
        assertEquals(0, ConvertRun.of(in.toString(), plain.toString()).exitCode());
        ConvertRun run = ConvertRun.of(in.toString(), out.toString(), "--deflate", "4");
        assertEquals(0, run.exitCode(), run.toString());
        try (H5Reader packed = new H5Reader(out.resolve("z.h5")); H5Reader flat = new H5Reader(plain.resolve("z.h5"))) {
            assertTrue(packed.dataset(Hdf5Layout.SIGNALS_DIGITAL) instanceof ChunkedDataset, "chunked");
            assertFalse(flat.dataset(Hdf5Layout.SIGNALS_DIGITAL) instanceof ChunkedDataset, "contiguous");
            assertArrayEquals(flat.digital(), packed.digital());
        }
        long small = Files.size(out.resolve("z.h5"));
        long large = Files.size(plain.resolve("z.h5"));
        assertTrue(small * 4 < large * 3, small + " bytes deflated vs " + large);
        assertEquals(ExitCode.USAGE, ConvertRun.of(in.toString(), out.toString(), "--deflate", "10").exitCode());
    }

    @Test
    void anOutputPathThatIsAFileIsAnIoError() throws Exception {
        synth("o", 20);
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        ConvertRun run = ConvertRun.of(in.toString(), file.toString());
        assertEquals(ExitCode.IO_ERROR, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("convert: error: cannot create output directory " + file), run.err());
    }

    @Test
    void aReadOnlyOutputDirectoryIsOneClearError() throws Exception {
        synth("r", 20);
        Path mount = Files.createDirectory(tmp.resolve("ro"));
        try (TmpfsMount m = TmpfsMount.mount(mount, "ro,size=1m")) {
            ConvertRun run = ConvertRun.of(in.toString(), mount.toString());
            assertEquals(ExitCode.ACCESS_DENIED, run.exitCode(), run.toString());
            assertEquals("convert: error: cannot write to output directory " + mount
                    + " (permission denied or read-only file system)\n", run.err());
        }
    }

    @Test
    void aFullDiskFailsTheRecordsThatDoNotFitAndLeavesNoPartialFile() throws Exception {
        synth("big", 120);       // 172,800 bytes of samples and some annotations
        synth("small", 2);       // about 8 kB of HDF5
        Path mount = Files.createDirectory(tmp.resolve("full"));
        try (TmpfsMount m = TmpfsMount.mount(mount, "size=64k")) {
            ConvertRun run = ConvertRun.of(in.toString(), mount.toString(), "--threads", "1");
            assertEquals(ExitCode.PARTIAL, run.exitCode(), run.toString());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().matches("convert: error: cannot write " + java.util.regex.Pattern.quote(
                    mount.resolve("big.h5").toString()) + ": No space left on device \\(17\\d{4} bytes of data, "
                    + "\\d+ bytes free\\)\\R"), run.err());
            assertEquals(List.of("small.h5"), names(mount));
        }
    }

    @Test
    void aDiskThatFillsDuringTheWriteIsAnIoErrorWithNothingLeftBehind() throws Exception {
        synth("small", 2);       // 2,880 bytes of samples fit the check; the HDF5 file (about 8 kB) does not fit
        Path mount = Files.createDirectory(tmp.resolve("tiny"));
        try (TmpfsMount m = TmpfsMount.mount(mount, "size=4k")) {
            ConvertRun run = ConvertRun.of(in.toString(), mount.toString());
            assertEquals(ExitCode.IO_ERROR, run.exitCode(), run.toString());
            assertEquals("convert: error: cannot write " + mount.resolve("small.h5") + ": No space left on device\n",
                    run.err());
            assertEquals(List.of(), names(mount), "no partial or temporary file");
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A tmpfs mounted for one test (needs root and mount(8)); skipped visibly elsewhere. */
    private record TmpfsMount(Path dir) implements AutoCloseable {
        static TmpfsMount mount(Path dir, String options) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            Prerequisites.require(p.waitFor() == 0, "cannot mount a tmpfs here (needs root and mount): " + output.strip());
            return new TmpfsMount(dir);
        }

        @Override
        public void close() throws IOException {
            try {
                // Lazily: jhdf keeps a file it failed to write open until the JVM ends (see RecordConversion).
                new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
