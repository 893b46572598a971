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
import ecgpipe.common.wfdb.AnnotationFile;
import ecgpipe.common.wfdb.MultiSegmentRecord;
import ecgpipe.common.wfdb.RecordHeader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.StorageFormat;
import ecgpipe.common.wfdb.WfdbRecord;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes one record file in the layout {@link Hdf5Layout} names (docs/hdf5-layout.md) with jhdf.
 *
 * <p>The signals are one channel-major dataset {@code [n_signals][n_frames]}: jhdf writes
 * {@code short[nsig][nsamp]} contiguously as a few large writes (over 1 GB/s), while samples-major would be one
 * small write per frame; contiguous storage also lets readers memory-map it. With a deflate level above 0 the
 * large datasets are chunked by {@link #CHUNK} samples per signal and stored shuffled and deflated instead:
 * jhdf encodes such a dataset in memory (about twice its size) before writing it.
 *
 * <p>A signal with several samples per frame appears in {@code signals/digital} as one value per frame, the
 * mean of the frame's samples truncated toward zero (wfdb-python's {@code smooth_frames}), and with every
 * sample, in time order, in {@code signals/expanded/<index>}.
 *
 * <p>jhdf 0.13.0 cannot write zero-length arrays (it infers the element type from element 0), so an empty
 * string array attribute ({@code comments} of a header without comments) is left out, and an annotator
 * whose file holds no annotations gets no group. Strings are stored as fixed-length UTF-8.
 */
public final class Hdf5RecordWriter {
    /** Samples per signal in one chunk of a compressed dataset. */
    static final int CHUNK = 1 << 16;
    /** Below this many values a dataset is written contiguously even when compression is asked for. */
    static final int COMPRESS_FROM = 4096;

    private Hdf5RecordWriter() {
    }

    /**
     * Everything that goes into one record file.
     *
     * @param segments the segments when the record is a multi-segment one, else null
     * @param deflate  0 for contiguous signals, 1-9 for chunked, shuffled and deflated signals
     */
    public record Contents(String recordName, WfdbRecord record, MultiSegmentRecord segments,
                           Map<String, AnnotationFile> annotations, SourceFiles sources, String producer,
                           int deflate) {
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
            h5.putAttribute(Hdf5Layout.COUNTER_FREQUENCY, header.counterFrequency());
            h5.putAttribute(Hdf5Layout.BASE_COUNTER, header.baseCounter());
            h5.putAttribute(Hdf5Layout.ATTR_BASE_TIME, header.baseTime());
            h5.putAttribute(Hdf5Layout.ATTR_BASE_DATE, header.baseDate());
            if (!header.comments().isEmpty()) {
                h5.putAttribute(Hdf5Layout.ATTR_COMMENTS, header.comments().toArray(String[]::new));
            }
            h5.putAttribute(Hdf5Layout.ATTR_PRODUCER, contents.producer());
            h5.putAttribute(Hdf5Layout.ATTR_SOURCE_FILES, contents.sources().names().toArray(String[]::new));
            h5.putAttribute(Hdf5Layout.ATTR_SOURCE_SHA256, contents.sources().sha256().toArray(String[]::new));

            WritableGroup signals = h5.putGroup(Hdf5Layout.SIGNALS_GROUP);
            boolean fits16 = fitsInt16(record);
            int[][] perFrame = FrameAverages.perFrame(record);
            WritableDataset digital = signals.putDataset(leaf(Hdf5Layout.SIGNALS_DIGITAL), narrow(perFrame, fits16),
                    options(contents.deflate(), record.header().numberOfSamples(), true));
            putSignalAttributes(digital, record, contents.segments());
            if (!record.isRectangular()) {
                WritableGroup expanded = signals.putGroup(Hdf5Layout.EXPANDED_GROUP);
                for (int i = 0; i < record.numberOfSignals(); i++) {
                    if (record.header().signals().get(i).samplesPerFrame() > 1) {
                        int[] all = record.samples()[i];
                        expanded.putDataset(Integer.toString(i), fits16 ? narrow(all) : all,
                                options(contents.deflate(), all.length, false));
                    }
                }
            }
            if (contents.segments() != null) {
                putSegments(h5.putGroup(Hdf5Layout.SEGMENTS_GROUP), contents.segments());
            }

            boolean anyAnnotations = contents.annotations().values().stream().anyMatch(a -> !a.annotations().isEmpty());
            if (anyAnnotations) {
                WritableGroup annotations = h5.putGroup(Hdf5Layout.ANNOTATIONS_GROUP);
                for (Map.Entry<String, AnnotationFile> e : contents.annotations().entrySet()) {
                    if (!e.getValue().annotations().isEmpty()) {
                        WritableGroup g = annotations.putGroup(e.getKey());
                        putAnnotations(g, e.getValue().annotations());
                        double resolution = e.getValue().timeResolution() > 0 ? e.getValue().timeResolution()
                                : header.samplingFrequency();
                        g.putAttribute(Hdf5Layout.ANN_TIME_RESOLUTION, resolution);
                        if (!e.getValue().definitions().isEmpty()) {
                            g.putAttribute(Hdf5Layout.ANN_DEFINITIONS, e.getValue().definitions().entrySet()
                                    .stream().map(d -> d.getKey() + " " + String.join(" ", d.getValue()).strip())
                                    .toArray(String[]::new));
                        }
                    }
                }
            }
        }
    }

    /** The bytes of samples and annotations {@code contents} stores uncompressed: a lower bound of the file size. */
    static long dataBytes(Contents contents) {
        WfdbRecord record = contents.record();
        long width = fitsInt16(record) ? 2 : 4;
        long values = 0;
        for (int i = 0; i < record.numberOfSignals(); i++) {
            int spf = record.header().signals().get(i).samplesPerFrame();
            values += record.numberOfSamples() * (spf == 1 ? 1 : spf + 1);
        }
        long annotations = contents.annotations().values().stream().mapToLong(a -> a.annotations().size()).sum();
        return values * width + annotations * 24;
    }

    private static DatasetCreationOptions options(int deflate, long perSignal, boolean twoDimensional) {
        if (deflate <= 0 || perSignal < COMPRESS_FROM) {
            return DatasetCreationOptions.DEFAULT;
        }
        int chunk = (int) Math.min(CHUNK, perSignal);
        return DatasetCreationOptions.builder()
                .chunkDimensions(twoDimensional ? new int[] {1, chunk} : new int[] {chunk})
                .shuffle().deflate(deflate).build();
    }

    /** The last component of a layout path such as "signals/digital". */
    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** True when every signal's storage format fits 16 bits, so the datasets are int16 (else int32). */
    static boolean fitsInt16(WfdbRecord record) {
        return record.header().signals().stream()
                .allMatch(sig -> StorageFormat.of(sig.format()).map(StorageFormat::fitsInt16).orElse(false));
    }

    static Object narrow(int[][] s, boolean fits16) {
        if (!fits16) {
            return s;
        }
        short[][] out = new short[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = narrow(s[i]);
        }
        return out;
    }

    private static short[] narrow(int[] src) {
        short[] dst = new short[src.length];
        for (int k = 0; k < src.length; k++) {
            dst[k] = (short) src[k];
        }
        return dst;
    }

    private static void putSignalAttributes(WritableDataset digital, WfdbRecord record, MultiSegmentRecord segments) {
        List<SignalSpec> signals = record.header().signals();
        int n = signals.size();
        String[] names = new String[n];
        String[] units = new String[n];
        String[] files = new String[n];
        double[] gain = new double[n];
        int[] baseline = new int[n];
        int[] resolution = new int[n];
        int[] zero = new int[n];
        int[] initial = new int[n];
        int[] checksum = new int[n];
        int[] format = new int[n];
        int[] spf = new int[n];
        int[] skew = new int[n];
        long[] offset = new long[n];
        int[] block = new int[n];
        int[] missing = new int[n];
        for (int i = 0; i < n; i++) {
            SignalSpec s = signals.get(i);
            names[i] = s.description();
            units[i] = s.units();
            files[i] = s.fileName();
            gain[i] = s.gain();
            baseline[i] = s.baseline();
            resolution[i] = s.adcResolution();
            zero[i] = s.adcZero();
            // As the header states them (they were verified); computed from the samples when it does not.
            initial[i] = s.declaredInitialValue().orElse(record.storedFirstSamples()[i]);
            checksum[i] = s.declaredChecksum().orElse((short) record.storedChecksums()[i]);
            format[i] = s.format();
            spf[i] = s.samplesPerFrame();
            skew[i] = s.skew();
            offset[i] = s.byteOffset();
            block[i] = s.blockSize();
            missing[i] = record.invalidValue(i);
        }
        digital.putAttribute(Hdf5Layout.SIG_NAME, names);
        digital.putAttribute(Hdf5Layout.SIG_UNITS, units);
        digital.putAttribute(Hdf5Layout.SIG_GAIN, gain);
        digital.putAttribute(Hdf5Layout.SIG_BASELINE, baseline);
        digital.putAttribute(Hdf5Layout.SIG_ADC_RESOLUTION, resolution);
        digital.putAttribute(Hdf5Layout.SIG_ADC_ZERO, zero);
        if (segments == null) {
            digital.putAttribute(Hdf5Layout.SIG_INITIAL_VALUE, initial);
            digital.putAttribute(Hdf5Layout.SIG_CHECKSUM, checksum);
            digital.putAttribute(Hdf5Layout.SIG_FILE, files);
            digital.putAttribute(Hdf5Layout.SIG_SKEW, skew);
            digital.putAttribute(Hdf5Layout.SIG_BYTE_OFFSET, offset);
            digital.putAttribute(Hdf5Layout.SIG_BLOCK_SIZE, block);
        }
        digital.putAttribute(Hdf5Layout.SIG_FORMAT, format);
        digital.putAttribute(Hdf5Layout.SIG_SAMPLES_PER_FRAME, spf);
        digital.putAttribute(Hdf5Layout.SIG_MISSING_VALUE, missing);
    }

    private static void putSegments(WritableGroup group, MultiSegmentRecord m) {
        int k = m.spans().size();
        int nsig = m.record().numberOfSignals();
        String[] name = new String[k];
        long[] start = new long[k];
        long[] length = new long[k];
        double[][] gain = new double[k][];
        int[][] baseline = new int[k][];
        for (int j = 0; j < k; j++) {
            MultiSegmentRecord.Span s = m.spans().get(j);
            name[j] = s.name();
            start[j] = s.start();
            length[j] = s.length();
            gain[j] = s.gain();
            baseline[j] = s.baseline();
        }
        group.putAttribute(Hdf5Layout.SEG_LAYOUT, m.layout());
        if (!m.layoutSegment().isEmpty()) {
            group.putAttribute(Hdf5Layout.SEG_LAYOUT_HEADER, m.layoutSegment());
        }
        group.putDataset(Hdf5Layout.SEG_NAME, name);
        group.putDataset(Hdf5Layout.SEG_START, start);
        group.putDataset(Hdf5Layout.SEG_LENGTH, length);
        if (nsig > 0) {
            group.putDataset(Hdf5Layout.SIG_GAIN, gain);
            group.putDataset(Hdf5Layout.SIG_BASELINE, baseline);
        }
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
