package ecgpipe.dashboard;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What the dashboard knows about a record without reading its samples: read once when the file is
 * opened. {@code metrics} and {@code evaluation} hold the scalar attributes of those groups as written
 * by the analyze stage (empty when the group is absent).
 */
record RecordInfo(String id, double fs, long nSamples, List<SignalSpec> signals, String baseTime, String baseDate,
        String producer, List<String> comments, Map<String, Object> metrics, Map<String, Object> evaluation,
        int detectedBeats, int referenceAnnotations) {

    /** Names of the metrics attributes the record list shows (the analyze stage writes these). */
    static final String METRIC_BEATS = "beats";
    static final String METRIC_MEAN_HR = "mean_hr_bpm";
    static final String METRIC_SDNN = "sdnn_ms";
    static final String METRIC_RMSSD = "rmssd_ms";
    static final String EVAL_SENSITIVITY = "sensitivity";
    static final String EVAL_PPV = "ppv";

    double durationSeconds() {
        return nSamples / fs;
    }

    OptionalDouble metric(String name) {
        return numberIn(metrics, name);
    }

    OptionalDouble evaluationScore(String name) {
        return numberIn(evaluation, name);
    }

    private static OptionalDouble numberIn(Map<String, Object> attrs, String name) {
        return attrs.get(name) instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }
}
