package ecgpipe.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.Shard;
import ecgpipe.common.io.AtomicFiles;
import ecgpipe.common.synth.EcgSynth;
import ecgpipe.common.synth.SyntheticRecord;
import ecgpipe.common.synth.SyntheticRecordWriter;
import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationCodes;
import ecgpipe.common.wfdb.AnnotationReader;
import ecgpipe.common.wfdb.RecordHeader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import ecgpipe.common.wfdb.WfdbWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
    @TempDir
    Path tmp;
    Path in;
    Path out;

    @BeforeEach
    void dirs() throws IOException {
        in = Files.createDirectory(tmp.resolve("raw"));
        out = tmp.resolve("h5");
    }

    private SyntheticRecord synth(String name, double fs, double ectopic, long seed) {
        return SyntheticRecordWriter.write(in, new EcgSynth.Params(name, fs, 20, 70, 3, 0.02, ectopic, seed));
    }

    private static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream s = Files.newInputStream(f)) {
            md.update(s.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private List<String> outputNames() throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void convertsSyntheticRecordsExactly() throws Exception {
        SyntheticRecord a = synth("a01", 360, 0.1, 1);
        SyntheticRecord b = synth("b02", 250, 0, 2);
        ConvertRun run = ConvertRun.of(in.toString(), out.toString(), "--threads", "2");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().matches("converted 2 records \\(0 skipped\\) in \\d+\\.\\d s\\R"), run.out());
        assertEquals("", run.err());
        assertEquals(List.of("a01.h5", "b02.h5"), outputNames());

        for (SyntheticRecord r : List.of(a, b)) {
            String name = r.header().name();
            WfdbRecord wfdb = WfdbReader.read(in.resolve(name + ".hea"));
            try (H5Reader h5 = new H5Reader(out.resolve(name + ".h5"))) {
                assertEquals(Hdf5Layout.LAYOUT_RECORD, h5.attr(Hdf5Layout.ATTR_LAYOUT));
                assertEquals(Hdf5Layout.LAYOUT_VERSION, h5.attr(Hdf5Layout.ATTR_LAYOUT_VERSION));
                assertEquals(name, h5.attr(Hdf5Layout.ATTR_RECORD));
                assertEquals(r.params().fs(), h5.attr(Hdf5Layout.ATTR_FS));
                assertEquals((long) r.samples()[0].length, h5.attr(Hdf5Layout.ATTR_N_SAMPLES));
                assertEquals("00:00:00", h5.attr(Hdf5Layout.ATTR_BASE_TIME));
                assertEquals("", h5.attr(Hdf5Layout.ATTR_BASE_DATE));
                assertArrayEquals(r.header().comments().toArray(), (Object[]) h5.attr(Hdf5Layout.ATTR_COMMENTS));
                assertTrue(((String) h5.attr(Hdf5Layout.ATTR_PRODUCER)).startsWith("convert "));
                String[] files = {name + ".hea", name + ".dat", name + ".atr"};
                assertArrayEquals(files, (Object[]) h5.attr(Hdf5Layout.ATTR_SOURCE_FILES));
                String[] digests = new String[3];
                for (int i = 0; i < 3; i++) {
                    digests[i] = sha256(in.resolve(files[i]));
                }
                assertArrayEquals(digests, (Object[]) h5.attr(Hdf5Layout.ATTR_SOURCE_SHA256));

                assertEquals(short.class, h5.dataset(Hdf5Layout.SIGNALS_DIGITAL).getJavaType());
                assertArrayEquals(new int[] {2, r.samples()[0].length}, h5.dataset(Hdf5Layout.SIGNALS_DIGITAL).getDimensions());
                int[][] digital = h5.digital();
                for (int lead = 0; lead < 2; lead++) {
                    assertArrayEquals(r.samples()[lead], digital[lead], name + " lead " + lead);
                    assertArrayEquals(wfdb.samples()[lead], digital[lead]);
                }
                assertArrayEquals(new Object[] {"MLII", "V1"}, (Object[]) h5.signalAttr(Hdf5Layout.SIG_NAME));
                assertArrayEquals(new Object[] {"mV", "mV"}, (Object[]) h5.signalAttr(Hdf5Layout.SIG_UNITS));
                assertArrayEquals(new double[] {200, 200}, (double[]) h5.signalAttr(Hdf5Layout.SIG_GAIN));
                assertArrayEquals(new int[] {1024, 1024}, (int[]) h5.signalAttr(Hdf5Layout.SIG_BASELINE));
                assertArrayEquals(new int[] {11, 11}, (int[]) h5.signalAttr(Hdf5Layout.SIG_ADC_RESOLUTION));
                assertArrayEquals(new int[] {1024, 1024}, (int[]) h5.signalAttr(Hdf5Layout.SIG_ADC_ZERO));
                assertArrayEquals(new int[] {212, 212}, (int[]) h5.signalAttr(Hdf5Layout.SIG_FORMAT));
                List<SignalSpec> specs = wfdb.header().signals();
                assertArrayEquals(new int[] {specs.get(0).initialValue(), specs.get(1).initialValue()},
                        (int[]) h5.signalAttr(Hdf5Layout.SIG_INITIAL_VALUE));
                assertArrayEquals(new int[] {specs.get(0).declaredChecksum().getAsInt(),
                    specs.get(1).declaredChecksum().getAsInt()}, (int[]) h5.signalAttr(Hdf5Layout.SIG_CHECKSUM));

                List<Annotation> atr = AnnotationReader.read(in.resolve(name + ".atr"));
                assertArrayEquals(atr.stream().mapToLong(Annotation::sample).toArray(),
                        (long[]) h5.annotations("atr", Hdf5Layout.ANN_SAMPLE));
                assertArrayEquals(atr.stream().map(Annotation::symbol).toArray(),
                        (Object[]) h5.annotations("atr", Hdf5Layout.ANN_SYMBOL));
                assertArrayEquals(atr.stream().mapToInt(Annotation::code).toArray(),
                        (int[]) h5.annotations("atr", Hdf5Layout.ANN_CODE));
                assertArrayEquals(atr.stream().map(Annotation::aux).toArray(),
                        (Object[]) h5.annotations("atr", Hdf5Layout.ANN_AUX));
                assertArrayEquals(new int[atr.size()], (int[]) h5.annotations("atr", Hdf5Layout.ANN_SUBTYPE));
                assertArrayEquals(new int[atr.size()], (int[]) h5.annotations("atr", Hdf5Layout.ANN_CHAN));
                assertArrayEquals(new int[atr.size()], (int[]) h5.annotations("atr", Hdf5Layout.ANN_NUM));
            }
        }
    }

    @Test
    void widerFormatsAreStoredAsInt32AndExtraAnnotatorsAreIncluded() throws Exception {
        int[][] samples = {{-8_000_000, 0, 8_000_000, 5}, {100_000, -100_000, 7, 8}};
        WfdbWriter.write(in, RecordHeader.of("wide", 500, 4, "", "", List.of(
                SignalSpec.of("wide.dat", 24, 1000, 24, 0, 0, 0, "ABP"),
                SignalSpec.of("wide.dat", 24, 1000, 24, 0, 0, 0, "PLETH")), List.of()), samples);
        WfdbWriter.writeAnnotations(in, "wide", "qrs", List.of(Annotation.of(2, AnnotationCodes.NORMAL),
                new Annotation(3, AnnotationCodes.NOTE, "\"", 0, 1, 0, "note °")));
        ConvertRun run = ConvertRun.of(in.toString(), out.toString(), "--annotators", "atr,qrs");
        assertEquals(0, run.exitCode(), run.toString());
        try (H5Reader h5 = new H5Reader(out.resolve("wide.h5"))) {
            assertEquals(int.class, h5.dataset(Hdf5Layout.SIGNALS_DIGITAL).getJavaType());
            assertArrayEquals(samples, h5.digital());
            assertNull(h5.attr(Hdf5Layout.ATTR_COMMENTS), "no comments: attribute left out (jhdf cannot write [])");
            assertArrayEquals(new long[] {2, 3}, (long[]) h5.annotations("qrs", Hdf5Layout.ANN_SAMPLE));
            assertArrayEquals(new Object[] {"", "note °"}, (Object[]) h5.annotations("qrs", Hdf5Layout.ANN_AUX));
            assertArrayEquals(new int[] {0, 1}, (int[]) h5.annotations("qrs", Hdf5Layout.ANN_CHAN));
            assertFalse(h5.has("annotations/atr"));
            assertArrayEquals(new Object[] {"wide.hea", "wide.dat", "wide.qrs"},
                    (Object[]) h5.attr(Hdf5Layout.ATTR_SOURCE_FILES));
        }
    }

    @Test
    void rerunSkipsUpToDateRecordsAndRedoesChangedOnes() throws Exception {
        synth("r1", 360, 0, 1);
        synth("r2", 360, 0, 2);
        assertEquals(0, ConvertRun.of(in.toString(), out.toString()).exitCode());
        FileTime r1Time = Files.getLastModifiedTime(out.resolve("r1.h5"));

        ConvertRun again = ConvertRun.of(in.toString(), out.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().startsWith("converted 0 records (2 skipped)"), again.out());
        assertEquals(r1Time, Files.getLastModifiedTime(out.resolve("r1.h5")));

        // Changed input: another annotation file for r2 (same name, different content).
        WfdbWriter.writeAnnotations(in, "r2", "atr", List.of(Annotation.of(100, AnnotationCodes.NORMAL)));
        ConvertRun changed = ConvertRun.of(in.toString(), out.toString());
        assertTrue(changed.out().startsWith("converted 1 record (1 skipped)"), changed.out());
        try (H5Reader h5 = new H5Reader(out.resolve("r2.h5"))) {
            assertArrayEquals(new long[] {100}, (long[]) h5.annotations("atr", Hdf5Layout.ANN_SAMPLE));
        }

        ConvertRun forced = ConvertRun.of(in.toString(), out.toString(), "--force");
        assertTrue(forced.out().startsWith("converted 2 records (0 skipped)"), forced.out());
    }

    @Test
    void aDamagedRecordFailsAloneWithOneLineAndNoOutput() throws Exception {
        synth("good", 360, 0, 1);
        synth("bad", 360, 0, 2);
        Path hea = in.resolve("bad.hea");
        List<String> lines = Files.readAllLines(hea);
        String[] f = lines.get(2).split(" ");
        f[6] = Integer.toString(Integer.parseInt(f[6]) + 1);   // the checksum of signal 1
        lines.set(2, String.join(" ", f));
        Files.write(hea, lines);

        ConvertRun run = ConvertRun.of(in.toString(), out.toString());
        assertEquals(ExitCode.PARTIAL, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.errLines().get(0).matches("convert: error: bad: signal 1 \\(V1\\): checksum -?\\d+ declared, "
                + "-?\\d+ computed"), run.err());
        assertTrue(run.out().startsWith("converted 1 record (0 skipped, 1 failed)"), run.out());
        assertEquals(List.of("good.h5"), outputNames());

        // Alone, the same record gives the bad-input exit code.
        Files.delete(in.resolve("good.hea"));
        ConvertRun alone = ConvertRun.of(in.toString(), out.toString());
        assertEquals(ExitCode.BAD_INPUT, alone.exitCode(), alone.toString());
    }

    @Test
    void badInputFilesAreReportedWithTheirNames() throws Exception {
        synth("trunc", 360, 0, 1);
        byte[] dat = Files.readAllBytes(in.resolve("trunc.dat"));
        Files.write(in.resolve("trunc.dat"), java.util.Arrays.copyOf(dat, dat.length - 10));
        Files.writeString(in.resolve("garbled.hea"), "garbled 1 360 100\ngarbled.dat 212 200 11 x\n");
        Files.writeString(in.resolve("odd.hea"), "odd 1 360 3\nodd.dat 516 200 16 0 0 0 0 x\n");
        Files.write(in.resolve("odd.dat"), new byte[8]);

        ConvertRun run = ConvertRun.of(in.toString(), out.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.toString());
        List<String> err = run.errLines();
        assertEquals(3, err.size(), run.err());
        assertTrue(err.get(0).contains("garbled.hea: line 2: bad ADC zero 'x'"), err.get(0));
        assertTrue(err.get(1).contains("odd.hea: signal 0: unsupported storage format 516 (FLAC-compressed"), err.get(1));
        assertTrue(err.get(2).contains("trunc.dat: truncated"), err.get(2));
        assertEquals(List.of(), outputNames(), "nothing under a final (or temporary) name");
    }

    @Test
    void missingOrEmptyInputIsInputMissing() throws IOException {
        ConvertRun missing = ConvertRun.of(tmp.resolve("nope").toString(), out.toString());
        assertEquals(ExitCode.INPUT_MISSING, missing.exitCode());
        assertEquals("convert: error: input directory " + tmp.resolve("nope") + " does not exist\n", missing.err());

        ConvertRun empty = ConvertRun.of(in.toString(), out.toString());
        assertEquals(ExitCode.INPUT_MISSING, empty.exitCode());
        assertEquals("convert: error: no WFDB records (.hea files) in " + in + "\n", empty.err());

        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEquals(ExitCode.INPUT_MISSING, ConvertRun.of(file.toString(), out.toString()).exitCode());

        synth("nodat", 360, 0, 1);
        Files.delete(in.resolve("nodat.dat"));
        ConvertRun noDat = ConvertRun.of(in.toString(), out.toString());
        assertEquals(ExitCode.INPUT_MISSING, noDat.exitCode(), noDat.toString());
        assertTrue(noDat.err().contains("nodat.dat"), noDat.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        String i = in.toString();
        String o = out.toString();
        assertEquals(ExitCode.USAGE, ConvertRun.of(i, o, "--threads", "0").exitCode());
        assertEquals(ExitCode.USAGE, ConvertRun.of(i, o, "--shard", "3/2").exitCode());
        assertEquals(ExitCode.USAGE, ConvertRun.of(i, o, "--shard", "x").exitCode());
        assertEquals(ExitCode.USAGE, ConvertRun.of(i, o, "--annotators", "../atr").exitCode());
        assertEquals(ExitCode.USAGE, ConvertRun.of(i).exitCode());
        ConvertRun unknown = ConvertRun.of(i, o, "--frobnicate");
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertTrue(unknown.err().startsWith("convert: Unknown option: '--frobnicate'"), unknown.err());
    }

    @Test
    void leftoversOfAnInterruptedRunAreSweptAndDryRunWritesNothing() throws IOException {
        synth("d1", 360, 0, 1);
        synth("d2", 360, 0, 2);
        ConvertRun dry = ConvertRun.of(in.toString(), out.toString(), "--dry-run");
        assertEquals(0, dry.exitCode(), dry.toString());
        assertTrue(dry.out().contains("would convert d1 from d1.hea, d1.dat, d1.atr"), dry.out());
        assertTrue(dry.out().contains("dry run: would convert 2 records (0 skipped)"), dry.out());
        assertFalse(Files.exists(out));

        Files.createDirectories(out);
        Path leftover = AtomicFiles.tempFor(out.resolve("d1.h5"));
        Files.writeString(leftover, "half a file");
        assertEquals(0, ConvertRun.of(in.toString(), out.toString()).exitCode());
        assertEquals(List.of("d1.h5", "d2.h5"), outputNames());
    }

    @Test
    void shardsSplitTheRecordsBetweenThem() throws IOException {
        for (int i = 1; i <= 5; i++) {
            synth("s" + i, 250, 0, i);
        }
        ConvertRun first = ConvertRun.of(in.toString(), out.toString(), "--shard", "1/2");
        assertTrue(first.out().startsWith("converted 3 records"), first.out());
        assertEquals(List.of("s1.h5", "s3.h5", "s5.h5"), outputNames());
        ConvertRun second = ConvertRun.of(in.toString(), out.toString(), "--shard", "2/2");
        assertTrue(second.out().startsWith("converted 2 records"), second.out());
        assertEquals(List.of("s1.h5", "s2.h5", "s3.h5", "s4.h5", "s5.h5"), outputNames());
    }

    @Test
    void shardIsTakenFromCiOrSlurmVariables() {
        assertEquals(new Shard(2, 3), Shard.fromEnvironment(java.util.Map.of("CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "3")));
        assertEquals(new Shard(3, 4), Shard.fromEnvironment(java.util.Map.of("SLURM_ARRAY_TASK_ID", "7",
                "SLURM_ARRAY_TASK_MIN", "5", "SLURM_ARRAY_TASK_COUNT", "4")));
        assertEquals(Shard.ALL, Shard.fromEnvironment(java.util.Map.of()));
        assertEquals(4, ecgpipe.common.Parallelism.defaultThreads(java.util.Map.of("SLURM_CPUS_PER_TASK", "4")));
    }

    @Test
    void helpListsOptionsAndExitCodes() {
        ConvertRun help = ConvertRun.of("--help");
        assertEquals(0, help.exitCode());
        for (String s : new String[] {"INPUT_DIR", "OUTPUT_DIR", "--threads", "--force", "--dry-run", "--annotators",
            "--shard", "--no-verify", "--deflate", "--verbose", "Exit Codes:", "65"}) {
            assertTrue(help.out().contains(s), s + " in\n" + help.out());
        }
        assertEquals(0, ConvertRun.of("--version").exitCode());
    }
}
