package ecgpipe.analyze;

import ecgpipe.common.Hdf5Layout;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.util.Arrays;
import java.nio.file.Path;

/** Writes record files in convert's layout (Hdf5Layout), so analyze's tests need no other stage. */
final class RecordFileFixture {
    static final double GAIN = 200;
    static final int BASELINE = 1024;

    private RecordFileFixture() {
    }

    /** Two leads: lead 0 the synthetic ECG, lead 1 the same scaled by -0.5; stored at gain 200, baseline 1024. */
    static short[][] digitize(double[] mv) {
        short[][] d = new short[2][mv.length];
        for (int i = 0; i < mv.length; i++) {
            d[0][i] = (short) Math.round(mv[i] * GAIN + BASELINE);
            d[1][i] = (short) Math.round(-0.5 * mv[i] * GAIN + BASELINE);
        }
        return d;
    }

    /**
     * @param beats reference beats written as annotations/atr ('N', code 1) with a rhythm annotation
     *              ('+', code 28) first; null for a record without reference annotations
     */
    static void write(Path file, String record, double fs, short[][] digital, long[] beats) throws Exception {
        write(file, record, fs, digital, beats, new String[] {"MLII", "V1"});
    }

    /** As above with the given signal names (one per row of {@code digital}). */
    static void write(Path file, String record, double fs, short[][] digital, long[] beats, String[] names)
            throws Exception {
        Files.deleteIfExists(file);
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putAttribute(Hdf5Layout.ATTR_LAYOUT, Hdf5Layout.LAYOUT_RECORD);
            h.putAttribute(Hdf5Layout.ATTR_LAYOUT_VERSION, Hdf5Layout.LAYOUT_VERSION);
            h.putAttribute(Hdf5Layout.ATTR_RECORD, record);
            h.putAttribute(Hdf5Layout.ATTR_FS, fs);
            h.putAttribute(Hdf5Layout.ATTR_N_SAMPLES, (long) digital[0].length);
            h.putAttribute(Hdf5Layout.ATTR_BASE_TIME, "08:00:00");
            h.putAttribute(Hdf5Layout.ATTR_PRODUCER, "test fixture");
            WritableGroup signals = h.putGroup(Hdf5Layout.SIGNALS_GROUP);
            WritableDataset d = signals.putDataset("digital", digital);
            int nsig = digital.length;
            String[] units = new String[nsig];
            double[] gain = new double[nsig];
            int[] baseline = new int[nsig];
            int[] format = new int[nsig];
            Arrays.fill(units, "mV");
            Arrays.fill(gain, GAIN);
            Arrays.fill(baseline, BASELINE);
            Arrays.fill(format, 212);
            d.putAttribute(Hdf5Layout.SIG_NAME, names);
            d.putAttribute(Hdf5Layout.SIG_UNITS, units);
            d.putAttribute(Hdf5Layout.SIG_GAIN, gain);
            d.putAttribute(Hdf5Layout.SIG_BASELINE, baseline);
            d.putAttribute(Hdf5Layout.SIG_FORMAT, format);
            if (beats != null) {
                int n = beats.length + 1;
                long[] sample = new long[n];
                int[] code = new int[n];
                String[] symbol = new String[n];
                String[] aux = new String[n];
                sample[0] = 1;
                code[0] = 28;
                symbol[0] = "+";
                aux[0] = "(N";
                for (int i = 0; i < beats.length; i++) {
                    sample[i + 1] = beats[i];
                    code[i + 1] = 1;
                    symbol[i + 1] = "N";
                    aux[i + 1] = "";
                }
                WritableGroup atr = h.putGroup(Hdf5Layout.ANNOTATIONS_GROUP).putGroup(Hdf5Layout.REFERENCE_ANNOTATOR);
                atr.putDataset(Hdf5Layout.ANN_SAMPLE, sample);
                atr.putDataset(Hdf5Layout.ANN_SYMBOL, symbol);
                atr.putDataset(Hdf5Layout.ANN_CODE, code);
                atr.putDataset(Hdf5Layout.ANN_AUX, aux);
            }
        }
    }
}
