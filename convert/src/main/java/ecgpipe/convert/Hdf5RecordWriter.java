package ecgpipe.convert;

import static ecgpipe.common.Hdf5Layout.ANN_AUX;
import static ecgpipe.common.Hdf5Layout.ANN_CHAN;
import static ecgpipe.common.Hdf5Layout.ANN_CODE;
import static ecgpipe.common.Hdf5Layout.ANN_NUM;
import static ecgpipe.common.Hdf5Layout.ANN_SAMPLE;
import static ecgpipe.common.Hdf5Layout.ANN_SUBTYPE;
import static ecgpipe.common.Hdf5Layout.ANN_SYMBOL;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.RecordHeader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.StorageFormat;
import ecgpipe.common.wfdb.WfdbRecord;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes one record file in the layout {@link Hdf5Layout} names (docs/hdf5-layout.md) with jhdf.
 *
 * <p>The signals are one contiguous channel-major dataset: jhdf writes {@code short[nsig][nsamp]} as a few
 * large writes (over 1 GB/s), while samples-major would be one small write per frame, and contiguous
 * storage lets readers memory-map it.
 *
 * <p>jhdf 0.13.0 cannot write zero-length arrays (it infers the element type from element 0), so an empty
 * string array attribute ({@code comments} of a header without comments) is left out, and an annotator
 * whose file holds no annotations gets no group. Strings are stored as fixed-length UTF-8.
 */
public final class Hdf5RecordWriter {
    private Hdf5RecordWriter() {
    }

    /** Everything that goes into one record file. */
    public record Contents(String recordName, WfdbRecord record, Map<String, List<Annotation>> annotations,
                           SourceFiles sources, String producer) {
    }

    /** Writes {@code contents} to {@code file}, which must not exist (jhdf does not truncate). */
    public static void write(Path file, Contents contents) {
        WfdbRecord record = contents.record();
        RecordHeader header = record.header();
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute(Hdf5Layout.ATTR_LAYOUT, Hdf5Layout.LAYOUT_RECORD);
            h5.putAttribute(Hdf5Layout.ATTR_LAYOUT_VERSION, Hdf5Layout.LAYOUT_VERSION);
            h5.putAttribute(Hdf5Layout.ATTR_RECORD, contents.recordName());
            h5.putAttribute(Hdf5Layout.ATTR_FS, header.samplingFrequency());
            h5.putAttribute(Hdf5Layout.ATTR_N_SAMPLES, header.numberOfSamples());
            h5.putAttribute(Hdf5Layout.ATTR_BASE_TIME, header.baseTime());
            h5.putAttribute(Hdf5Layout.ATTR_BASE_DATE, header.baseDate());
            if (!header.comments().isEmpty()) {
                h5.putAttribute(Hdf5Layout.ATTR_COMMENTS, header.comments().toArray(String[]::new));
            }
            h5.putAttribute(Hdf5Layout.ATTR_PRODUCER, contents.producer());
            h5.putAttribute(Hdf5Layout.ATTR_SOURCE_FILES, contents.sources().names().toArray(String[]::new));
            h5.putAttribute(Hdf5Layout.ATTR_SOURCE_SHA256, contents.sources().sha256().toArray(String[]::new));

            WritableGroup signals = h5.putGroup(Hdf5Layout.SIGNALS_GROUP);
            WritableDataset digital = signals.putDataset(leaf(Hdf5Layout.SIGNALS_DIGITAL), samples(record));
            putSignalAttributes(digital, record);

            boolean anyAnnotations = contents.annotations().values().stream().anyMatch(l -> !l.isEmpty());
            if (anyAnnotations) {
                WritableGroup annotations = h5.putGroup(Hdf5Layout.ANNOTATIONS_GROUP);
                for (Map.Entry<String, List<Annotation>> e : contents.annotations().entrySet()) {
                    if (!e.getValue().isEmpty()) {
                        putAnnotations(annotations.putGroup(e.getKey()), e.getValue());
                    }
                }
            }
        }
    }

    /** The last component of a layout path such as "signals/digital". */
    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** int16 when every signal's storage format fits 16 bits, else int32; always [nsig][nsamp]. */
    static Object samples(WfdbRecord record) {
        int[][] s = record.samples();
        boolean fits16 = record.header().signals().stream()
                .allMatch(sig -> StorageFormat.of(sig.format()).map(StorageFormat::fitsInt16).orElse(false));
        if (!fits16) {
            return s;
        }
        short[][] out = new short[s.length][];
        for (int i = 0; i < s.length; i++) {
            int[] src = s[i];
            short[] dst = new short[src.length];
            for (int k = 0; k < src.length; k++) {
                dst[k] = (short) src[k];
            }
            out[i] = dst;
        }
        return out;
    }

    private static void putSignalAttributes(WritableDataset digital, WfdbRecord record) {
        List<SignalSpec> signals = record.header().signals();
        int n = signals.size();
        String[] names = new String[n];
        String[] units = new String[n];
        double[] gain = new double[n];
        int[] baseline = new int[n];
        int[] resolution = new int[n];
        int[] zero = new int[n];
        int[] initial = new int[n];
        int[] checksum = new int[n];
        int[] format = new int[n];
        for (int i = 0; i < n; i++) {
            SignalSpec s = signals.get(i);
            names[i] = s.description();
            units[i] = s.units();
            gain[i] = s.gain();
            baseline[i] = s.baseline();
            resolution[i] = s.adcResolution();
            zero[i] = s.adcZero();
            // As the header states them (they were verified); computed from the samples when it does not.
            initial[i] = s.declaredInitialValue().orElse(record.storedFirstSamples()[i]);
            checksum[i] = s.declaredChecksum().orElse((short) record.storedChecksums()[i]);
            format[i] = s.format();
        }
        digital.putAttribute(Hdf5Layout.SIG_NAME, names);
        digital.putAttribute(Hdf5Layout.SIG_UNITS, units);
        digital.putAttribute(Hdf5Layout.SIG_GAIN, gain);
        digital.putAttribute(Hdf5Layout.SIG_BASELINE, baseline);
        digital.putAttribute(Hdf5Layout.SIG_ADC_RESOLUTION, resolution);
        digital.putAttribute(Hdf5Layout.SIG_ADC_ZERO, zero);
        digital.putAttribute(Hdf5Layout.SIG_INITIAL_VALUE, initial);
        digital.putAttribute(Hdf5Layout.SIG_CHECKSUM, checksum);
        digital.putAttribute(Hdf5Layout.SIG_FORMAT, format);
    }

    private static void putAnnotations(WritableGroup group, List<Annotation> list) {
        int n = list.size();
        long[] sample = new long[n];
        String[] symbol = new String[n];
        int[] code = new int[n];
        int[] subtype = new int[n];
        int[] chan = new int[n];
        int[] num = new int[n];
        String[] aux = new String[n];
        for (int i = 0; i < n; i++) {
            Annotation a = list.get(i);
            sample[i] = a.sample();
            symbol[i] = a.symbol();
            code[i] = a.code();
            subtype[i] = a.subtype();
            chan[i] = a.chan();
            num[i] = a.num();
            aux[i] = a.aux();
        }
        group.putDataset(ANN_SAMPLE, sample);
        group.putDataset(ANN_SYMBOL, symbol);
        group.putDataset(ANN_CODE, code);
        group.putDataset(ANN_SUBTYPE, subtype);
        group.putDataset(ANN_CHAN, chan);
        group.putDataset(ANN_NUM, num);
        group.putDataset(ANN_AUX, aux);
    }
}
