package ecgpipe.analyze;

import ecgpipe.common.Hdf5Layout;

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
    /**
     * Attribute of the {@code qrs} group: the signal index the fiducial points were placed on (lead II when the
     * record has it, else the detection channel; see LeadSelector.fiducialLead).
     */
    public static final String FIDUCIAL_CHANNEL = "fiducial_channel";

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
    /** Beats taken from another ECG lead where the detection lead lost the signal. */
    public static final String BEATS_FROM_OTHER_LEAD = "beats_from_other_lead";
    public static final String SDANN_MS = "sdann_ms";
    public static final String TRIANGULAR_INDEX = "hrv_triangular_index";
    public static final String VLF_MS2 = "vlf_ms2";
    public static final String LF_MS2 = "lf_ms2";
    public static final String HF_MS2 = "hf_ms2";
    public static final String LF_HF = "lf_hf";
    /** Dataset next to {@code hr/bpm}: the running-median rate (see RrSeries.smoothedBpm). */
    public static final String HR_BPM_SMOOTHED = "hr/bpm_smoothed";
    /** Root attribute and metrics attribute: the signal name of the lead detection ran on. */
    public static final String LEAD = "lead";
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

    // ---- morphology group (datasets; names shared with the dashboard through Hdf5Layout)
    public static final String MORPHOLOGY_GROUP = Hdf5Layout.MORPHOLOGY_GROUP;
    public static final String MORPH_SAMPLE = Hdf5Layout.MORPH_SAMPLE;
    public static final String MORPH_TIME_S = Hdf5Layout.MORPH_TIME_S;
    public static final String MORPH_MEAN_BEAT = Hdf5Layout.MORPH_MEAN_BEAT;
    public static final String MORPH_COMPONENTS = Hdf5Layout.MORPH_COMPONENTS;
    public static final String MORPH_EXPLAINED = Hdf5Layout.MORPH_EXPLAINED;
    public static final String MORPH_SCORES = Hdf5Layout.MORPH_SCORES;
    public static final String MORPH_CLASS = Hdf5Layout.MORPH_CLASS;
    public static final String MORPH_OUTLIER = Hdf5Layout.MORPH_OUTLIER;
    public static final String MORPH_CLASS_AVERAGE = Hdf5Layout.MORPH_CLASS_AVERAGE;
    public static final String MORPH_CLASS_COUNT = Hdf5Layout.MORPH_CLASS_COUNT;
    public static final String MORPH_AAMI_CONFUSION = "aami_confusion";
    public static final String MORPH_METHOD = "method";
    /** Attributes of the morphology group. */
    public static final String MORPH_AAMI_CLASSES = "aami_classes";
    public static final String MORPH_AAMI_MAPPING = "aami_mapping";
    public static final String MORPH_OUTLIER_THRESHOLD = "outlier_threshold_chi2";
    // ---- morphology scalars among the metrics (and in summary.json)
    public static final String MORPH_CLASSES = "morph_classes";
    public static final String MORPH_OUTLIERS = "morph_outliers";
    public static final String MORPH_PC1_EXPLAINED = "morph_pc1_explained";
    public static final String MORPH_PURITY = "morph_purity";
    public static final String MORPH_N_SE = "morph_n_sensitivity";
    public static final String MORPH_N_PPV = "morph_n_ppv";
    public static final String MORPH_V_SE = "morph_v_sensitivity";
    public static final String MORPH_V_PPV = "morph_v_ppv";

    // ---- summary.json
    public static final String SUMMARY_FILE = "summary.json";
    public static final String LAYOUT_SUMMARY = "ecgpipe-summary";
}
