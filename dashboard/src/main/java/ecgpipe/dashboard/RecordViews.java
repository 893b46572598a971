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
            Integer beats, Double meanHrBpm, Double sdnnMs, Double rmssdMs, Double sensitivity, Double ppv) {
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

    /**
     * Annotations in a window: times (s), WFDB symbols (reference only), each lead's value there (mV) and,
     * when the record has reference beats, each mark's outcome against the other annotator: one character
     * per mark, {@code m} matched, {@code f} false detection, {@code x} missed beat, {@code -} not a beat.
     */
    public record Marks(double[] timeS, String[] symbols, List<float[]> mv, String outcomes) {
    }

    public record Beats(String id, double start, double end, Marks detected, Marks reference) {
    }

    public record HeartRate(String id, double[] timeS, double[] bpm) {
    }

    /** RR intervals of the detected beats: each ends at {@code timeS[i]} and lasts {@code rrMs[i]}. */
    public record RrIntervals(String id, double[] timeS, float[] rrMs) {
    }

    static Summary summary(RecordInfo r) {
        Integer beats = r.metric(RecordInfo.METRIC_BEATS).isPresent()
                ? Integer.valueOf((int) r.metric(RecordInfo.METRIC_BEATS).getAsDouble())
                : r.detectedBeats() >= 0 ? Integer.valueOf(r.detectedBeats()) : null;
        return new Summary(r.id(), r.fs(), round(r.durationSeconds(), 3), r.signals().size(),
                r.signals().stream().map(SignalSpec::name).toList(), beats,
                boxed(r.metric(RecordInfo.METRIC_MEAN_HR)),
                boxed(r.metric(RecordInfo.METRIC_SDNN)), boxed(r.metric(RecordInfo.METRIC_RMSSD)),
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
        Annotations reference = file.referenceAnnotations();
        BeatMatch.Outcome outcome = reference.size() > 0 ? file.beatMatch() : null;
        return new Beats(r.id(), window.start(), Math.min(window.end(), r.durationSeconds()),
                marks(file, file.detectedBeats(), from, to, outcome == null ? null : outcome.detected()),
                marks(file, reference, from, to, outcome == null ? null : outcome.reference()));
    }

    static RrIntervals rrIntervals(ResultsFile file) {
        long[] beats = file.detectedBeats().samples();
        double fs = file.info().fs();
        int n = Math.max(0, beats.length - 1);
        double[] t = new double[n];
        float[] rr = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = round(beats[i + 1] / fs, 4);
            rr[i] = (float) round(1000.0 * (beats[i + 1] - beats[i]) / fs, 2);
        }
        return new RrIntervals(file.info().id(), t, rr);
    }

    /**
     * The window's beats as {@link WindowDetector} finds them at {@code sensitivity}, scored against the
     * reference beats of the same window (null scores without a reference).
     */
    public record Detection(String id, double start, double end, int lead, double sensitivity, double[] timeS,
            float[] mv, String outcomes, String referenceOutcomes, Integer tp, Integer fp, Integer fn, Double se,
            Double ppv) {
    }

    static Detection detect(ResultsFile file, TimeWindow window, int lead, double sensitivity) {
        RecordInfo r = file.info();
        long from = window.fromSample(r.fs(), r.nSamples());
        long to = window.toSample(r.fs(), r.nSamples());
        double[] mv = new double[(int) (to - from)];
        SignalSpec spec = r.signals().get(lead);
        file.readSamples(lead, from, to, (sample, digital) -> mv[(int) (sample - from)] = spec.millivolts(digital));
        int[] peaks = WindowDetector.detect(mv, r.fs(), sensitivity);
        long[] samples = new long[peaks.length];
        double[] t = new double[peaks.length];
        float[] v = new float[peaks.length];
        for (int i = 0; i < peaks.length; i++) {
            samples[i] = from + peaks[i];
            t[i] = round(samples[i] / r.fs(), 6);
            v[i] = (float) mv[peaks[i]];
        }
        Annotations ref = file.referenceAnnotations();
        double end = Math.min(window.end(), r.durationSeconds());
        if (ref.size() == 0) {
            return new Detection(r.id(), window.start(), end, lead, sensitivity, t, v, null, null, null, null, null, null, null);
        }
        int a = ref.firstAtOrAfter(from);
        int b = ref.firstAtOrAfter(to);
        Annotations inWindow = new Annotations(java.util.Arrays.copyOfRange(ref.samples(), a, b),
                java.util.Arrays.copyOfRange(ref.symbols(), a, b));
        BeatMatch.Outcome o = BeatMatch.of(inWindow, new Annotations(samples, null), r.fs());
        int tp = 0;
        int fn = 0;
        for (char c : o.reference()) {
            tp += c == BeatMatch.MATCHED ? 1 : 0;
            fn += c == BeatMatch.MISSED ? 1 : 0;
        }
        int fp = peaks.length - tp;
        return new Detection(r.id(), window.start(), end, lead, sensitivity, t, v, new String(o.detected()),
                new String(o.reference()), tp, fp, fn,
                tp + fn == 0 ? null : (double) tp / (tp + fn), tp + fp == 0 ? null : (double) tp / (tp + fp));
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
    private static Marks marks(ResultsFile file, Annotations all, long from, long to, char[] outcomes) {
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
        return new Marks(t, symbols, mv, outcomes == null ? null : new String(outcomes, first, n));
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
