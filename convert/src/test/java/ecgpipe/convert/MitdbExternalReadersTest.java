package ecgpipe.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.testing.Prerequisites;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real MIT-BIH records, converted, read back by h5py (not by our code): every stored sample of every lead equals
 * the sample our WFDB reader decodes, compared through a SHA-256 of the whole channel-major int16 array.
 */
class MitdbExternalReadersTest {
    private static final String PYTHON = "/usr/bin/python3";
    // Normal rhythm, paced, and heavy ventricular ectopy with invalid-sample stretches: three kinds of 212 data.
    private static final List<String> RECORDS = List.of("101", "107", "207");

    @TempDir Path tmp;

    @Test
    void h5pyReadsEverySampleExactly() throws Exception {
        Path mitdb = Prerequisites.mitdbDir();
        boolean h5py = Files.isExecutable(Path.of(PYTHON))
                && new ProcessBuilder(PYTHON, "-c", "import h5py").start().waitFor() == 0;
        Prerequisites.require(h5py, PYTHON + " with h5py (Debian python3-h5py) is not installed");

        Path raw = Files.createDirectory(tmp.resolve("raw"));
        for (String r : RECORDS) {
            for (String ext : List.of(".hea", ".dat", ".atr")) {
                Files.createSymbolicLink(raw.resolve(r + ext), mitdb.resolve(r + ext).toAbsolutePath());
            }
        }
        ConvertRun run = ConvertRun.of(raw.toString(), tmp.resolve("h5").toString());
        assertEquals(0, run.exitCode(), run.toString());

        String script = String.join("\n",
                "import sys, hashlib, h5py, numpy",
                "for path in sys.argv[1:]:",
                "    with h5py.File(path, 'r') as f:",
                "        d = f['signals/digital'][...]",
                "        print(d.shape[0], d.shape[1], hashlib.sha256(d.astype('<i2').tobytes()).hexdigest(),",
                "              len(f['annotations/atr/sample']))");
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON, "-c", script));
        RECORDS.forEach(r -> command.add(tmp.resolve("h5/" + r + ".h5").toString()));
        String[] lines = run(command).strip().split("\n");
        assertEquals(RECORDS.size(), lines.length, String.join("\n", lines));
        for (int i = 0; i < RECORDS.size(); i++) {
            WfdbRecord wfdb = WfdbReader.read(mitdb.resolve(RECORDS.get(i) + ".hea"));
            int[][] s = wfdb.samples();
            String[] fields = lines[i].split(" ");
            assertEquals(s.length + " " + s[0].length, fields[0] + " " + fields[1], RECORDS.get(i));
            assertEquals(sha256(s), fields[2], RECORDS.get(i) + ": h5py's samples differ from the WFDB samples");
            assertTrue(Integer.parseInt(fields[3]) > 1000, RECORDS.get(i) + ": annotations " + fields[3]);
        }
    }

    private static String sha256(int[][] samples) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(samples.length * samples[0].length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] lead : samples) {
            for (int v : lead) {
                buf.putShort((short) v);
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buf.array()));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command.get(0) + " said:\n" + text);
        return text;
    }
}
