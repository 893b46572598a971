package ecgpipe.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * The JSON documents of the API, built from a record's files. Nothing here knows about HTTP: the
 * handlers in {@link DashboardApp} validate the request and pass a window; these methods read the data.
 * Fields that a file lacks are left null, and null fields are left out of the JSON.
 */
final class RecordViews {
    private RecordViews() {
    }

    public record Summary(String id, double fs, double durationS, int nSignals, List<String> signalNames,
            Integer beats, Double meanHrBpm, Double sensitivity, Double ppv) {
    }

    public record Signal(String name, String units, double gain, double baseline) {
    }

    public record Detail(String id, double fs, long nSamples, double durationS, List<Signal> signals,
            String baseTime, String baseDate, String producer, List<String> comments, Integer detectedBeats,
            Integer referenceAnnotations, Map<String, Object> metrics, Map<String, Object> evaluation) {
    }

    /** One signal over the window: times (s) and values (mV) of the kept points. */
    public record Lead(String name, double[] timeS, float[] mv) {
    }

    public record Trace(String id, double start, double end, double fs, boolean downsampled, String units,
            List<Lead> leads) {
    }

    /** Annotations in a window: times (s), WFDB symbols (reference only) and each lead's value there (mV). */
    public record Marks(double[] timeS, String[] symbols, List<float[]> mv) {
    }

    public record Beats(String id, double start, double end, Marks detected, Marks reference) {
    }

    public record HeartRate(String id, double[] timeS, double[] bpm) {
    }

    static Summary summary(RecordInfo r) {
        Integer beats = r.metric(RecordInfo.METRIC_BEATS).isPresent()
                ? Integer.valueOf((int) r.metric(RecordInfo.METRIC_BEATS).getAsDouble())
                : r.detectedBeats() >= 0 ? Integer.valueOf(r.detectedBeats()) : null;
        return new Summary(r.id(), r.fs(), round(r.durationSeconds(), 3), r.signals().size(),
                r.signals().stream().map(SignalSpec::name).toList(), beats,
                boxed(r.metric(RecordInfo.METRIC_MEAN_HR)),
                boxed(r.evaluationScore(RecordInfo.EVAL_SENSITIVITY)),
                boxed(r.evaluationScore(RecordInfo.EVAL_PPV)));
    }

    static Detail detail(RecordInfo r) {
        List<Signal> signals = r.signals().stream()
                .map(s -> new Signal(s.name(), s.units(), s.gain(), s.baseline())).toList();
        return new Detail(r.id(), r.fs(), r.nSamples(), round(r.durationSeconds(), 3), signals,
                blankToNull(r.baseTime()), blankToNull(r.baseDate()), r.producer(), r.comments(),
                r.detectedBeats() >= 0 ? r.detectedBeats() : null,
                r.referenceAnnotations() >= 0 ? r.referenceAnnotations() : null,
                r.metrics(), r.evaluation());
    }

    /** The given leads of {@code file} over {@code window}, reduced to at most {@code maxPoints} points each. */
    static Trace trace(ResultsFile file, TimeWindow window, int maxPoints, IntStream channels) {
        RecordInfo r = file.info();
        long from = window.fromSample(r.fs(), r.nSamples());
        long to = window.toSample(r.fs(), r.nSamples());
        List<Lead> leads = new ArrayList<>();
        boolean downsampled = false;
        for (int ch : channels.toArray()) {
            MinMaxDownsampler reducer = new MinMaxDownsampler(from, to, maxPoints);
            file.readSamples(ch, from, to, reducer);
            MinMaxDownsampler.Points p = reducer.finish();
            downsampled |= p.downsampled();
            SignalSpec spec = r.signals().get(ch);
            double[] t = new double[p.samples().length];
            float[] mv = new float[t.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = round(p.samples()[i] / r.fs(), 6);
                mv[i] = (float) spec.millivolts(p.values()[i]);
            }
            leads.add(new Lead(spec.name(), t, mv));
        }
        return new Trace(r.id(), window.start(), Math.min(window.end(), r.durationSeconds()), r.fs(), downsampled,
                "mV", leads);
    }

    static Beats beats(ResultsFile file, TimeWindow window) {
        RecordInfo r = file.info();
        long from = window.fromSample(r.fs(), r.nSamples());
        long to = window.toSample(r.fs(), r.nSamples());
        return new Beats(r.id(), window.start(), Math.min(window.end(), r.durationSeconds()),
                marks(file, file.detectedBeats(), from, to), marks(file, file.referenceAnnotations(), from, to));
    }

    static HeartRate heartRate(ResultsFile file) {
        HeartRateSeries h = file.heartRate();
        return new HeartRate(file.info().id(), h.timeSeconds(), h.bpm());
    }

    /**
     * The annotations of {@code [from, to)} with each lead's value at their sample, so the page can put a
     * marker on the trace exactly where the annotation points. The values come from one pass over the
     * window per lead rather than a read per annotation.
     */
    private static Marks marks(ResultsFile file, Annotations all, long from, long to) {
        RecordInfo r = file.info();
        int first = all.firstAtOrAfter(from);
        int last = all.firstAtOrAfter(to);
        int n = Math.max(0, last - first);
        long[] samples = new long[n];
        System.arraycopy(all.samples(), first, samples, 0, n);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = round(samples[i] / r.fs(), 6);
        }
        String[] symbols = null;
        if (all.symbols() != null) {
            symbols = new String[n];
            System.arraycopy(all.symbols(), first, symbols, 0, n);
        }
        List<float[]> mv = new ArrayList<>();
        for (int ch = 0; ch < r.signals().size(); ch++) {
            float[] v = new float[n];
            if (n > 0) {
                SignalSpec spec = r.signals().get(ch);
                int[] next = {0};
                file.readSamples(ch, samples[0], samples[n - 1] + 1, (sample, digital) -> {
                    // annotations may share a sample: give each of them the value
                    while (next[0] < n && samples[next[0]] == sample) {
                        v[next[0]++] = (float) spec.millivolts(digital);
                    }
                });
            }
            mv.add(v);
        }
        return new Marks(t, symbols, mv);
    }

    private static Double boxed(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
