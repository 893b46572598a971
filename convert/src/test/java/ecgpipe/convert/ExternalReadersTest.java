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
}
