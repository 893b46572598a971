package ecgpipe.analyze;

/**
 * Attribute names of a results file that {@link ecgpipe.common.Hdf5Layout} does not (yet) name: the
 * scalar attributes of the {@code metrics} and {@code evaluation} groups and the {@code count} of each
 * beat group. The same names are the keys of {@code summary.json}.
 */
public final class ResultsLayout {
    private ResultsLayout() {
    }

    /** Detector and signal index, repeated in metrics so they are there also when no beat was found. */
    public static final String DETECTOR = "detector";
    public static final String CHANNEL = "channel";

    // ---- metrics (detections; the same names prefixed REF_PREFIX for the reference beats)
    public static final String REF_PREFIX = "ref_";
    public static final String BEATS = "beats";
    public static final String DURATION_S = "duration_s";
    public static final String RR_COUNT = "rr_count";
    public static final String NN_COUNT = "nn_count";
    public static final String MEAN_RR_MS = "mean_rr_ms";
    public static final String MEAN_HR_BPM = "mean_hr_bpm";
    public static final String MEAN_NN_MS = "mean_nn_ms";
    public static final String SDNN_MS = "sdnn_ms";
    public static final String RMSSD_MS = "rmssd_ms";
    public static final String PNN50_PCT = "pnn50_pct";
    /** Dataset {@code metrics/nn_rule}: one string stating the NN rule, so h5dump users need not look it up. */
    public static final String NN_RULE = "nn_rule";

    // ---- evaluation (from the end of the learning period; the same names suffixed ALL_SUFFIX for the whole record)
    public static final String TP = "tp";
    public static final String FP = "fp";
    public static final String FN = "fn";
    public static final String SENSITIVITY = "sensitivity";
    public static final String PPV = "ppv";
    public static final String ALL_SUFFIX = "_all";
    public static final String WINDOW_MS = "window_ms";
    public static final String START_S = "start_s";
    /** Dataset {@code evaluation/method}: one string stating how beats were matched and counted. */
    public static final String METHOD = "method";
    /** The annotator the detections were compared with ("atr"). */
    public static final String REFERENCE = "reference";

    // ---- summary.json
    public static final String SUMMARY_FILE = "summary.json";
    public static final String LAYOUT_SUMMARY = "ecgpipe-summary";
}
