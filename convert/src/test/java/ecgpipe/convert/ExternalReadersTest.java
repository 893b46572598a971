package ecgpipe.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.synth.EcgSynth;
import ecgpipe.common.synth.SyntheticRecord;
import ecgpipe.common.synth.SyntheticRecordWriter;
import ecgpipe.common.testing.Prerequisites;
import ecgpipe.common.wfdb.Annotation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files are a public contract: HDF5's own h5dump and Python's h5py read them. */
class ExternalReadersTest {
    @TempDir
    Path tmp;
    SyntheticRecord record;
    Path h5;

    @BeforeEach
    void convert() throws IOException {
        Path in = Files.createDirectory(tmp.resolve("raw"));
        record = SyntheticRecordWriter.write(in, new EcgSynth.Params("x7", 360, 30, 75, 3, 0.02, 0.1, 7));
        ConvertRun run = ConvertRun.of(in.toString(), tmp.resolve("h5").toString());
        assertEquals(0, run.exitCode(), run.toString());
        h5 = tmp.resolve("h5/x7.h5");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " said:\n" + text);
        return text;
    }

    @Test
    void h5dumpReadsTheLayoutAndTheSamples() throws Exception {
        Path h5dump = Prerequisites.tool("h5dump");
        String header = run(List.of(h5dump.toString(), "-H", h5.toString()));
        int n = record.samples()[0].length;
        assertTrue(header.contains("DATASET \"digital\""), header);
        assertTrue(header.contains("H5T_STD_I16LE"), header);
        assertTrue(header.contains("SIMPLE { ( 2, " + n + " ) / ( 2, " + n + " ) }"), header);
        assertTrue(header.contains("GROUP \"atr\""), header);

        // Five samples of lead 1 starting at 1000, printed by HDF5's own reader.
        String slice = run(List.of(h5dump.toString(), "-d", "/signals/digital", "-s", "1,1000", "-c", "1,5", "-y",
                "-w", "0", h5.toString()));
        StringBuilder expected = new StringBuilder();
        for (int k = 1000; k < 1005; k++) {
            expected.append(k == 1000 ? "" : ", ").append(record.samples()[1][k]);
        }
        assertTrue(slice.replaceAll("\\s+", " ").contains(expected.toString()), expected + " in\n" + slice);
    }

    @Test
    void h5pyReadsSignalsAttributesAndAnnotations() throws Exception {
        String python = "/usr/bin/python3";
        boolean h5py = Files.isExecutable(Path.of(python))
                && new ProcessBuilder(python, "-c", "import h5py").start().waitFor() == 0;
        Prerequisites.require(h5py, "/usr/bin/python3 with h5py (Debian python3-h5py) is not installed");
        String script = String.join("\n",
                "import sys, h5py",
                "with h5py.File(sys.argv[1], 'r') as f:",
                "    d = f['signals/digital']",
                "    print(d.shape[0], d.shape[1], d.dtype)",
                "    print(int(d[0, 0]), int(d[1, 5432]), int(d[0, -1]))",
                "    print(f.attrs['sampling_frequency'], f.attrs['record'].decode(), d.attrs['gain'][0])",
                "    a = f['annotations/atr']",
                "    print(len(a['sample']), int(a['sample'][1]), a['symbol'][1].decode(), a['aux'][0].decode())");
        String[] lines = run(List.of(python, "-c", script, h5.toString())).strip().split("\n");
        int[][] s = record.samples();
        int n = s[0].length;
        assertEquals("2 " + n + " int16", lines[0]);
        assertEquals(s[0][0] + " " + s[1][5432] + " " + s[0][n - 1], lines[1]);
        assertEquals("360.0 x7 200.0", lines[2]);
        List<Annotation> ann = record.annotations();
        assertEquals(ann.size() + " " + ann.get(1).sample() + " " + ann.get(1).symbol() + " (N", lines[3]);
    }

    @Test
    void h5pyAndH5dumpReadDeflatedExpandedAndSegmentedRecords() throws Exception {
        String python = "/usr/bin/python3";
        boolean h5py = Files.isExecutable(Path.of(python))
                && new ProcessBuilder(python, "-c", "import h5py").start().waitFor() == 0;
        Prerequisites.require(h5py, "/usr/bin/python3 with h5py (Debian python3-h5py) is not installed");
        Path h5dump = Prerequisites.tool("h5dump");
        Path in = Files.createDirectory(tmp.resolve("multi"));
        int frames = 20_000;
        int[] fast = new java.util.SplittableRandom(1).ints(frames * 2L, -500, 500).toArray();
        int[] slow = new java.util.SplittableRandom(2).ints(frames, -500, 500).toArray();
        for (String seg : List.of("p1", "p2")) {
            ecgpipe.common.wfdb.WfdbWriter.write(in, ecgpipe.common.wfdb.RecordHeader.of(seg, 250, frames, "", "",
                    List.of(new ecgpipe.common.wfdb.SignalSpec(seg + ".dat", 212, 2, 0, 0, 200, 0, "mV", 12, 0,
                            java.util.OptionalInt.empty(), java.util.OptionalInt.empty(), 0, "ECG"),
                        new ecgpipe.common.wfdb.SignalSpec(seg + ".dat", 212, 1, 0, 0, 100, 0, "mmHg", 12, 0,
                            java.util.OptionalInt.empty(), java.util.OptionalInt.empty(), 0, "ABP")), List.of()),
                    new int[][] {fast, slow});
        }
        Files.writeString(in.resolve("pp.hea"), "pp/2 2 250 " + 2 * frames + "\np1 " + frames + "\np2 " + frames + "\n");
        ConvertRun conv = ConvertRun.of(in.toString(), tmp.resolve("mh5").toString(), "--deflate", "4");
        assertEquals(0, conv.exitCode(), conv.toString());
        Path file = tmp.resolve("mh5/pp.h5");
        String script = String.join("\n",
                "import sys, h5py",
                "with h5py.File(sys.argv[1], 'r') as f:",
                "    d = f['signals/digital']",
                "    e = f['signals/expanded/0']",
                "    print(d.shape[0], d.shape[1], d.compression, e.shape[0], int(e[:].sum()), int(d[1, :].sum()))",
                "    print(list(f['segments/start'][:]), [n.decode() for n in f['segments/name'][:]],",
                "          f['segments'].attrs['layout'].decode(), list(d.attrs['samples_per_frame']))");
        String[] lines = run(List.of(python, "-c", script, file.toString())).strip().split("\n");
        long fastSum = 2 * java.util.Arrays.stream(fast).asLongStream().sum();
        long slowSum = 2 * java.util.Arrays.stream(slow).asLongStream().sum();
        assertEquals("2 " + 2 * frames + " gzip " + 4 * frames + " " + fastSum + " " + slowSum, lines[0]);
        assertEquals("[0, " + frames + "] ['p1', 'p2'] fixed [2, 1]", lines[1]);
        String header = run(List.of(h5dump.toString(), "-H", "-p", "-d", "/signals/digital", file.toString()));
        assertTrue(header.contains("SHUFFLE") && header.contains("DEFLATE") && header.contains("CHUNKED"), header);
    }
}
