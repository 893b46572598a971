package ecgpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a user runs it (in its non-interactive {@code --smoke} form): synthetic
 * records → embedded S3 → download → convert → analyze → dashboard answering. Then the files it made are
 * checked: the HDF5 samples equal the WFDB samples, and the detector found the generator's true beats.
 */
class PipelineDemoTest {
    @TempDir Path root;

    @Test
    void demoRunsEndToEndAndTheResultsAreRight() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Jars.Result r = Jars.run(List.of("bash", "pipeline", "demo", "--smoke", "--data-root", root.toString(),
                "--port", String.valueOf(port), "--records", "3", "--minutes", "6"), Map.of(), 300);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.err().contains("smoke test passed"), r.err());
        assertPortClosedSoon(port);

        for (String name : List.of("s001", "s002", "s003")) {
            WfdbRecord wfdb = WfdbReader.read(root.resolve("raw/demo/" + name + ".hea"));
            try (HdfFile h5 = new HdfFile(root.resolve("h5/demo/" + name + ".h5"))) {
                short[][] digital = (short[][]) h5.getDatasetByPath(Hdf5Layout.SIGNALS_DIGITAL).getData();
                for (int lead = 0; lead < wfdb.samples().length; lead++) {
                    assertArrayEquals(toShort(wfdb.samples()[lead]), digital[lead], name + " lead " + lead);
                }
            }
            try (HdfFile results = new HdfFile(root.resolve("results/demo/" + name + ".h5"))) {
                Map<String, Attribute> eval = results.getByPath(Hdf5Layout.EVALUATION_GROUP).getAttributes();
                double se = ((Number) eval.get("sensitivity_all").getData()).doubleValue();
                double ppv = ((Number) eval.get("ppv_all").getData()).doubleValue();
                assertTrue(se >= 0.99 && ppv >= 0.99, name + ": Se " + se + " +P " + ppv);
            }
        }
        assertTrue(Files.isRegularFile(root.resolve("results/demo/summary.json")));
    }

    /** The smoke test stops the dashboard it started: nothing may be left listening on its port. */
    private static void assertPortClosedSoon(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                Thread.sleep(100);
            } catch (java.io.IOException closed) {
                return;
            }
        }
        throw new AssertionError("the dashboard started by ./pipeline --smoke still listens on port " + port);
    }

    private static short[] toShort(int[] v) {
        short[] s = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = (short) v[i];
        }
        return s;
    }
}
