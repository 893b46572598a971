package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ecgpipe.common.Hdf5Layout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputRecordTest {
    private static InputRecord record(Object digital, Map<String, Object> attrs) {
        long n = digital instanceof short[][] s ? s[0].length : ((int[][]) digital)[0].length;
        return new InputRecord("r", 360, n, digital, attrs, Map.of(), List.of());
    }

    @Test
    void physicalIsDigitalMinusBaselineOverGain() {
        short[][] d = {{1024, 1224, 824}, {0, 100, -100}};
        InputRecord r = record(d, Map.of(Hdf5Layout.SIG_GAIN, new double[] {200, 100},
                Hdf5Layout.SIG_BASELINE, new int[] {1024, 0}));
        assertEquals(2, r.signals());
        assertArrayEquals(new double[] {0, 1, -1}, r.physical(0), 1e-12);
        assertArrayEquals(new double[] {0, 1, -1}, r.physical(1), 1e-12);
    }

    @Test
    void zeroGainMeansWfdbDefaultOf200() {
        int[][] d = {{400}};
        InputRecord r = record(d, Map.of(Hdf5Layout.SIG_GAIN, new double[] {0}, Hdf5Layout.SIG_BASELINE, new int[] {0}));
        assertArrayEquals(new double[] {2}, r.physical(0), 1e-12);
    }

    @Test
    void theStorageFormatsInvalidValueIsMissing() {
        short[][] d = {{-2048, 0, -32768}, {-2048, 0, -32768}};
        InputRecord r = record(d, Map.of(Hdf5Layout.SIG_GAIN, new double[] {200, 200},
                Hdf5Layout.SIG_BASELINE, new int[] {0, 0}, Hdf5Layout.SIG_FORMAT, new int[] {212, 16}));
        double[] f212 = r.physical(0);
        assertEquals(Double.NaN, f212[0]);
        assertEquals(-32768 / 200.0, f212[2], 1e-12); // not format 212's marker
        double[] f16 = r.physical(1);
        assertEquals(-2048 / 200.0, f16[0], 1e-12);
        assertEquals(Double.NaN, f16[2]);
        assertEquals(-512, InputRecord.invalidSample(310));
        assertEquals(-128, InputRecord.invalidSample(80));
        assertEquals(-(1 << 23), InputRecord.invalidSample(24));
    }

    @Test
    void annotatorLookup() {
        InputRecord.AnnotationSet atr = new InputRecord.AnnotationSet("atr",
                Map.of(Hdf5Layout.ANN_SAMPLE, new long[] {5, 9}, Hdf5Layout.ANN_CODE, new int[] {1, 28}), Map.of());
        InputRecord r = new InputRecord("r", 360, 1, new short[][] {{0}}, Map.of(), Map.of(), List.of(atr));
        assertArrayEquals(new long[] {5, 9}, r.annotator("atr").samples());
        assertArrayEquals(new int[] {1, 28}, r.annotator("atr").codes());
        assertNull(r.annotator("qrs"));
    }
}
