package ecgpipe.dashboard;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.PipelineException;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One results file ({@code <record>.h5}), opened once and kept open for the life of the server: jhdf
 * memory-maps contiguous datasets, so a window of samples is read from the page cache on request and the
 * signals never sit in the heap. The small per-beat series (detections, reference annotations, heart
 * rate) are read on first use and then kept, since every view of the record needs them.
 */
final class ResultsFile implements AutoCloseable {
    /** Samples read per slice when streaming a window: bounds the temporary heap per request. */
    private static final int BLOCK = 1 << 16;
    /** Path prefix of the reference annotator's datasets. */
    private static final String REFERENCE = Hdf5Layout.annotationGroup(Hdf5Layout.REFERENCE_ANNOTATOR) + "/";

    private final HdfFile hdf;
    private final Dataset digital;
    private final RecordInfo info;
    /** Size and modification time of the file when opened: the part of every ETag that changes with the data. */
    private final String version;
    private volatile Annotations detected;
    private volatile Annotations reference;
    private volatile BeatMatch.Outcome beatMatch;
    private java.util.Optional<MorphologyView.Morphology> morphology;
    private volatile HeartRateSeries heartRate;

    /** Receives the stored values of a window, in order. */
    @FunctionalInterface
    interface SampleSink {
        void accept(long sample, int digitalValue);
    }

    private ResultsFile(HdfFile hdf, Dataset digital, RecordInfo info, String version) {
        this.hdf = hdf;
        this.version = version;
        this.digital = digital;
        this.info = info;
    }

    /** Opens {@code path}; the record id is the file name without {@code .h5}. */
    static ResultsFile open(Path path) {
        String fileName = path.getFileName().toString();
        String id = fileName.endsWith(".h5") ? fileName.substring(0, fileName.length() - 3) : fileName;
        HdfFile hdf;
        try {
            hdf = new HdfFile(path);
        } catch (RuntimeException e) {
            throw PipelineException.badInput(path + ": not a readable HDF5 file (" + e.getMessage() + ")");
        }
        try {
            Node signals;
            try {
                signals = hdf.getByPath(Hdf5Layout.SIGNALS_DIGITAL);
            } catch (RuntimeException e) {
                throw PipelineException.badInput(path + ": cannot read " + Hdf5Layout.SIGNALS_DIGITAL + " ("
                        + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()) + ")");
            }
            if (!(signals instanceof Dataset digital) || digital.getDimensions().length != 2) {
                throw PipelineException.badInput(path + ": no 2-D dataset " + Hdf5Layout.SIGNALS_DIGITAL);
            }
            RecordInfo info = readInfo(id, hdf, digital, path);
            return new ResultsFile(hdf, digital, info, versionOf(path));
        } catch (PipelineException e) {
            hdf.close();
            throw e;
        } catch (RuntimeException e) {
            // jHDF reports a damaged structure with its own unchecked exceptions, deep in the file
            hdf.close();
            throw PipelineException.badInput(path + ": cannot read the file's structure (" + e.getMessage() + ")");
        }
    }

    RecordInfo info() {
        return info;
    }

    /**
     * Streams the stored values of signal {@code channel} for samples {@code [from, to)} into {@code sink},
     * in slices of {@link #BLOCK} samples. jhdf's readers are not documented as thread-safe, so reads of one
     * file are serialised; different records are read in parallel.
     */
    void readSamples(int channel, long from, long to, SampleSink sink) {
        for (long start = from; start < to; start += BLOCK) {
            int n = (int) Math.min(BLOCK, to - start);
            Object row;
            synchronized (hdf) {
                row = Array.get(digital.getData(new long[] {channel, start}, new int[] {1, n}), 0);
            }
            if (row instanceof short[] s) {
                for (int i = 0; i < n; i++) {
                    sink.accept(start + i, s[i]);
                }
            } else if (row instanceof int[] v) {
                for (int i = 0; i < n; i++) {
                    sink.accept(start + i, v[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    sink.accept(start + i, ((Number) Array.get(row, i)).intValue());
                }
            }
        }
    }

    /**
     * Detections and reference beats paired over the whole record (once, on first use: about a
     * millisecond per hour of ECG), so a window's marks agree with the record's Se and +P.
     */
    BeatMatch.Outcome beatMatch() {
        BeatMatch.Outcome m = beatMatch;
        if (m == null) {
            beatMatch = m = BeatMatch.of(referenceAnnotations(), detectedBeats(), info.fs());
        }
        return m;
    }

    /** The morphology results, read once; empty when the file has none. */
    java.util.Optional<MorphologyView.Morphology> morphology() {
        synchronized (hdf) {
            if (morphology == null) {
                morphology = java.util.Optional.ofNullable(MorphologyView.read(info.id(), hdf, info.fs()));
            }
            return morphology;
        }
    }

    /** Beats found by the analyze stage's detector (no symbols); empty when the file has none. */
    Annotations detectedBeats() {
        Annotations d = detected;
        if (d == null) {
            synchronized (hdf) {
                long[] samples = HdfDatasets.longs(HdfDatasets.dataset(hdf, Hdf5Layout.QRS_SAMPLE));
                detected = d = sorted(samples == null ? new long[0] : samples, null);
            }
        }
        return d;
    }

    /** The reference annotations ({@code annotations/atr}) with their symbols; empty when absent. */
    Annotations referenceAnnotations() {
        Annotations r = reference;
        if (r == null) {
            synchronized (hdf) {
                long[] samples = HdfDatasets.longs(HdfDatasets.dataset(hdf, REFERENCE + Hdf5Layout.ANN_SAMPLE));
                String[] symbols = HdfDatasets.strings(HdfDatasets.dataset(hdf, REFERENCE + Hdf5Layout.ANN_SYMBOL));
                if (samples == null) {
                    r = Annotations.NONE;
                } else {
                    if (symbols == null || symbols.length != samples.length) {
                        symbols = new String[samples.length];
                        Arrays.fill(symbols, "?");
                    }
                    r = sorted(samples, symbols);
                }
                reference = r;
            }
        }
        return r;
    }

    HeartRateSeries heartRate() {
        HeartRateSeries h = heartRate;
        if (h == null) {
            synchronized (hdf) {
                double[] t = HdfDatasets.doubles(HdfDatasets.dataset(hdf, Hdf5Layout.HR_TIME_S));
                double[] bpm = HdfDatasets.doubles(HdfDatasets.dataset(hdf, Hdf5Layout.HR_BPM));
                heartRate = h = t == null || bpm == null || t.length != bpm.length
                        ? HeartRateSeries.NONE : finite(t, bpm);
            }
        }
        return h;
    }

    /** Drops points JSON cannot carry (NaN, infinities), which a rate from a zero interval would be. */
    private static HeartRateSeries finite(double[] t, double[] bpm) {
        int[] keep = IntStream.range(0, t.length)
                .filter(i -> Double.isFinite(t[i]) && Double.isFinite(bpm[i])).toArray();
        if (keep.length == t.length) {
            return new HeartRateSeries(t, bpm);
        }
        return new HeartRateSeries(IntStream.of(keep).mapToDouble(i -> t[i]).toArray(),
                IntStream.of(keep).mapToDouble(i -> bpm[i]).toArray());
    }

    /** Changes whenever the file is replaced (size or modification time), so cached answers go stale with it. */
    String version() {
        return version;
    }

    private static String versionOf(Path path) {
        try {
            return Long.toString(Files.size(path), 36) + "." + Long.toString(Files.getLastModifiedTime(path).toMillis(), 36);
        } catch (IOException e) {
            throw PipelineException.io("cannot stat " + path, e);
        }
    }

    @Override
    public void close() {
        synchronized (hdf) {
            hdf.close();
        }
    }

    private static RecordInfo readInfo(String id, HdfFile hdf, Dataset digital, Path path) {
        int[] dims = digital.getDimensions();
        int nSignals = dims[0];
        double fs = HdfAttributes.number(hdf, Hdf5Layout.ATTR_FS).orElse(Double.NaN);
        if (!(fs > 0) || !Double.isFinite(fs)) {
            throw PipelineException.badInput(path + ": missing or invalid root attribute " + Hdf5Layout.ATTR_FS);
        }
        // n_samples is authoritative when present; the dataset's shape is the fallback and the upper bound.
        long nSamples = (long) HdfAttributes.number(hdf, Hdf5Layout.ATTR_N_SAMPLES).orElse(dims[1]);
        nSamples = Math.min(Math.max(nSamples, 0), dims[1]);
        String[] names = HdfAttributes.strings(digital, Hdf5Layout.SIG_NAME, nSignals)
                .orElseGet(() -> IntStream.range(0, nSignals).mapToObj(i -> "signal " + i).toArray(String[]::new));
        String[] units = HdfAttributes.strings(digital, Hdf5Layout.SIG_UNITS, nSignals)
                .orElseGet(() -> filled(nSignals, "mV"));
        double[] gain = HdfAttributes.numbers(digital, Hdf5Layout.SIG_GAIN, nSignals)
                .orElseGet(() -> filled(nSignals, SignalSpec.DEFAULT_GAIN));
        double[] baseline = HdfAttributes.numbers(digital, Hdf5Layout.SIG_BASELINE, nSignals)
                .orElseGet(() -> new double[nSignals]);
        List<SignalSpec> signals = new ArrayList<>();
        for (int i = 0; i < nSignals; i++) {
            // WFDB: a gain of 0 means "uncalibrated", treated as the default gain
            double g = gain[i] > 0 && Double.isFinite(gain[i]) ? gain[i] : SignalSpec.DEFAULT_GAIN;
            signals.add(new SignalSpec(names[i], units[i], g, baseline[i]));
        }
        List<String> comments = HdfAttributes.raw(hdf, Hdf5Layout.ATTR_COMMENTS)
                .filter(v -> v instanceof String[]).map(v -> List.of((String[]) v)).orElse(List.of());
        return new RecordInfo(id, fs, nSamples, List.copyOf(signals),
                HdfAttributes.string(hdf, Hdf5Layout.ATTR_BASE_TIME).orElse(null),
                HdfAttributes.string(hdf, Hdf5Layout.ATTR_BASE_DATE).orElse(null),
                HdfAttributes.string(hdf, Hdf5Layout.ATTR_PRODUCER).orElse(null),
                comments,
                groupScalars(hdf, Hdf5Layout.METRICS_GROUP),
                groupScalars(hdf, Hdf5Layout.EVALUATION_GROUP),
                HdfDatasets.length(HdfDatasets.dataset(hdf, Hdf5Layout.QRS_SAMPLE)),
                HdfDatasets.length(HdfDatasets.dataset(hdf, REFERENCE + Hdf5Layout.ANN_SAMPLE)));
    }

    /**
     * The scalar attributes of a group, and its one-value datasets: jHDF 0.13 can write a corrupt file when
     * a group has no child, so a writer may keep such values as small datasets (or add one) instead.
     */
    private static Map<String, Object> groupScalars(HdfFile hdf, String path) {
        Node n = HdfDatasets.node(hdf, path);
        if (!(n instanceof Group g)) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>(HdfAttributes.scalars(g));
        for (Node child : g.getChildren().values()) {
            if (child instanceof Dataset d && d.getSize() == 1 && !out.containsKey(d.getName())) {
                Object v = d.getData();
                Object scalar = v != null && v.getClass().isArray() ? Array.get(v, 0) : v;
                if (scalar instanceof Number num && Double.isFinite(num.doubleValue()) || scalar instanceof String) {
                    out.put(d.getName(), scalar);
                }
            }
        }
        return out;
    }

    /** Annotations sorted by sample (WFDB files are, but a rewritten file might not be). */
    private static Annotations sorted(long[] samples, String[] symbols) {
        boolean ordered = true;
        for (int i = 1; i < samples.length && ordered; i++) {
            ordered = samples[i - 1] <= samples[i];
        }
        if (ordered) {
            return new Annotations(samples, symbols);
        }
        Integer[] order = IntStream.range(0, samples.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingLong(i -> samples[i]));
        long[] s = new long[samples.length];
        String[] y = symbols == null ? null : new String[samples.length];
        for (int i = 0; i < order.length; i++) {
            s[i] = samples[order[i]];
            if (y != null) {
                y[i] = symbols[order[i]];
            }
        }
        return new Annotations(s, y);
    }

    private static String[] filled(int n, String v) {
        String[] a = new String[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
