package ecgpipe.analyze;

import ecgpipe.common.Hdf5Layout;
import java.util.List;
import java.util.Map;

/**
 * One record file as convert wrote it, read whole into memory (a 30-minute two-lead record is a few MB).
 *
 * @param digital          stored samples, channel-major: {@code short[n_signals][n_samples]} or {@code int[][]}
 * @param signalAttributes attributes of {@code signals/digital} (gain, baseline, units, ...), copied to the results
 * @param rootExtras       root attributes worth carrying into the results (base time/date, comments)
 */
public record InputRecord(String name, double fs, long nSamples, Object digital, Map<String, Object> signalAttributes,
        Map<String, Object> rootExtras, List<AnnotationSet> annotations) {

    /** WFDB's marker for a missing sample where the storage format is unknown (16-bit formats). */
    public static final int INVALID_SAMPLE = -32768;

    /**
     * The value a WFDB storage format reserves for "no sample": the most negative number it can store.
     * Readers that keep samples as decoded (as ours do) hand it on unchanged, e.g. -2048 in format 212.
     */
    static int invalidSample(int format) {
        return switch (format) {
            case 80 -> -128;
            case 212 -> -2048;
            case 310, 311 -> -512;
            case 24 -> -(1 << 23);
            case 32 -> Integer.MIN_VALUE;
            default -> INVALID_SAMPLE;
        };
    }
    /** WFDB's default gain (ADC units per mV) where a header gives 0, meaning uncalibrated. */
    public static final double DEFAULT_GAIN = 200;

    public int signals() {
        return digital instanceof short[][] s ? s.length : ((int[][]) digital).length;
    }

    /** Physical values of one signal, (digital - baseline) / gain, NaN where the sample is missing. */
    public double[] physical(int channel) {
        double gain = Numbers.doubles(signalAttributes.get(Hdf5Layout.SIG_GAIN), signals())[channel];
        double baseline = Numbers.doubles(signalAttributes.get(Hdf5Layout.SIG_BASELINE), signals())[channel];
        if (!(gain != 0 && Double.isFinite(gain))) {
            gain = DEFAULT_GAIN;
        }
        Object formats = signalAttributes.get(Hdf5Layout.SIG_FORMAT);
        int invalid = formats == null ? INVALID_SAMPLE : invalidSample((int) Numbers.longs(formats)[channel]);
        int n = (int) nSamples;
        double[] x = new double[n];
        double scale = 1 / gain;
        if (digital instanceof short[][] s) {
            short[] row = s[channel];
            for (int i = 0; i < n; i++) {
                x[i] = row[i] == invalid ? Double.NaN : (row[i] - baseline) * scale;
            }
        } else {
            int[] row = ((int[][]) digital)[channel];
            for (int i = 0; i < n; i++) {
                x[i] = row[i] == invalid ? Double.NaN : (row[i] - baseline) * scale;
            }
        }
        return x;
    }

    /** The annotator's set, or null. */
    public AnnotationSet annotator(String annotator) {
        for (AnnotationSet a : annotations) {
            if (a.annotator().equals(annotator)) {
                return a;
            }
        }
        return null;
    }

    /**
     * One {@code annotations/<annotator>} group: its datasets by name (parallel arrays, as read) and its
     * attributes.
     */
    public record AnnotationSet(String annotator, Map<String, Object> datasets, Map<String, Object> attributes) {
        public long[] samples() {
            return Numbers.longs(datasets.get(Hdf5Layout.ANN_SAMPLE));
        }

        public int[] codes() {
            long[] c = Numbers.longs(datasets.get(Hdf5Layout.ANN_CODE));
            int[] out = new int[c.length];
            for (int i = 0; i < c.length; i++) {
                out[i] = (int) c[i];
            }
            return out;
        }
    }
}
