package ecgpipe.common;

/**
 * Names in the HDF5 files the stages exchange; docs/hdf5-layout.md is the public description of them.
 * A record file ({@code h5/<record>.h5}, written by convert) and a results file ({@code results/<record>.h5},
 * written by analyze) share the signal and annotation groups, so the results directory is self-sufficient.
 */
public final class Hdf5Layout {
    private Hdf5Layout() {
    }

    /** Bumped when a change would break an existing reader. */
    public static final int LAYOUT_VERSION = 1;

    // ---- root attributes (both kinds of file)
    /** "ecgpipe-record" or "ecgpipe-results". */
    public static final String ATTR_LAYOUT = "layout";
    public static final String LAYOUT_RECORD = "ecgpipe-record";
    public static final String LAYOUT_RESULTS = "ecgpipe-results";
    public static final String ATTR_LAYOUT_VERSION = "layout_version";
    public static final String ATTR_RECORD = "record";
    /** Samples per second per signal (double). */
    public static final String ATTR_FS = "sampling_frequency";
    /** Samples per signal (int64). */
    public static final String ATTR_N_SAMPLES = "n_samples";
    /** WFDB base time and date as written in the header ("" when absent). */
    public static final String ATTR_BASE_TIME = "base_time";
    public static final String ATTR_BASE_DATE = "base_date";
    /** The header's '#' comment lines (string array, may be empty). */
    public static final String ATTR_COMMENTS = "comments";
    /** Name and version of the tool that wrote the file, e.g. "convert 0.1.0". */
    public static final String ATTR_PRODUCER = "producer";
    /** Input files (names) and their SHA-256 digests, parallel string arrays. */
    public static final String ATTR_SOURCE_FILES = "source_files";
    public static final String ATTR_SOURCE_SHA256 = "source_sha256";

    // ---- signals: stored digital samples, channel-major (n_signals x n_samples), int16 or int32
    public static final String SIGNALS_GROUP = "signals";
    public static final String SIGNALS_DIGITAL = "signals/digital";
    /** Per-signal attributes of {@link #SIGNALS_DIGITAL}, arrays of length n_signals. */
    public static final String SIG_NAME = "name";
    public static final String SIG_UNITS = "units";
    public static final String SIG_GAIN = "gain";
    public static final String SIG_BASELINE = "baseline";
    public static final String SIG_ADC_RESOLUTION = "adc_resolution";
    public static final String SIG_ADC_ZERO = "adc_zero";
    public static final String SIG_INITIAL_VALUE = "initial_value";
    public static final String SIG_CHECKSUM = "checksum";
    public static final String SIG_FORMAT = "format";

    // ---- added by the convert issue (additive: layout_version stays 1)
    /** Root: the header's counter frequency and base counter value (float64, 0 when absent). */
    public static final String COUNTER_FREQUENCY = "counter_frequency";
    public static final String BASE_COUNTER = "base_counter";
    /** Per-signal attributes of {@link #SIGNALS_DIGITAL}: the frame layout as the header gives it. */
    public static final String SIG_SAMPLES_PER_FRAME = "samples_per_frame"; // int32[]
    public static final String SIG_FILE = "file";                           // string[]: the signal file
    public static final String SIG_SKEW = "skew";                           // int32[]
    public static final String SIG_BYTE_OFFSET = "byte_offset";             // int64[]
    public static final String SIG_BLOCK_SIZE = "block_size";               // int32[]
    /** Per-signal int32[]: the stored value that means "no sample" (the storage format's invalid value). */
    public static final String SIG_MISSING_VALUE = "missing_value";
    /** Group of 1-D datasets "0", "1", ...: every sample of the signals with several samples per frame. */
    public static final String EXPANDED_GROUP = "expanded";
    public static final String SIGNALS_EXPANDED = "signals/expanded";
    /** Multi-segment records: one row per segment (gaps included), datasets name, start, length, gain, baseline. */
    public static final String SEGMENTS_GROUP = "segments";
    public static final String SEG_NAME = "name";       // string
    public static final String SEG_START = "start";     // int64, first frame of the segment in the record
    public static final String SEG_LENGTH = "length";   // int64, frames
    /** Attribute of the segments group: "fixed" or "variable"; and the layout header's name for a variable one. */
    public static final String SEG_LAYOUT = "layout";
    public static final String SEG_LAYOUT_HEADER = "layout_header";
    /** Attributes of an annotator group: ticks per second of its sample numbers; the file's own type definitions. */
    public static final String ANN_TIME_RESOLUTION = "time_resolution";
    public static final String ANN_DEFINITIONS = "definitions";

    // ---- annotations: one group per annotator (annotations/atr, ...), parallel datasets of equal length
    public static final String ANNOTATIONS_GROUP = "annotations";
    /** The reference beat annotator of MIT-BIH. */
    public static final String REFERENCE_ANNOTATOR = "atr";
    public static final String ANN_SAMPLE = "sample";   // int64
    public static final String ANN_SYMBOL = "symbol";   // string, the WFDB mnemonic ("N", "V", "+", ...)
    public static final String ANN_CODE = "code";       // int32, the WFDB annotation code
    public static final String ANN_SUBTYPE = "subtype"; // int32
    public static final String ANN_CHAN = "chan";       // int32
    public static final String ANN_NUM = "num";         // int32
    public static final String ANN_AUX = "aux";         // string ("" when none), e.g. "(AFIB"

    public static String annotationGroup(String annotator) {
        return ANNOTATIONS_GROUP + "/" + annotator;
    }

    // ---- analysis results (results files only)
    /** Detected beats: fiducial sample indices on the record's clock (int64). */
    public static final String QRS_SAMPLE = "qrs/sample";
    public static final String QRS_GROUP = "qrs";
    /** Attributes of the qrs group: detector name and the signal index it ran on. */
    public static final String QRS_DETECTOR = "detector";
    public static final String QRS_CHANNEL = "channel";
    /** RR intervals between consecutive detections, seconds (float64, length beats-1). */
    public static final String RR_INTERVAL_S = "rr/interval_s";
    /** Instantaneous heart rate at each beat after the first: time (s) and rate (beats/min), float64. */
    public static final String HR_TIME_S = "hr/time_s";
    public static final String HR_BPM = "hr/bpm";
    /** Group whose scalar attributes are the record's rate and RR statistics (see docs). */
    public static final String METRICS_GROUP = "metrics";
    /** Group whose scalar attributes score detections against the reference (absent without reference). */
    public static final String EVALUATION_GROUP = "evaluation";

    // ---- beat morphology (results files; datasets of the morphology group, see docs/hdf5-layout.md)
    public static final String MORPHOLOGY_GROUP = "morphology";
    public static final String MORPH_SAMPLE = "sample";
    public static final String MORPH_TIME_S = "time_s";
    public static final String MORPH_MEAN_BEAT = "mean_beat";
    public static final String MORPH_COMPONENTS = "components";
    public static final String MORPH_EXPLAINED = "explained_variance";
    public static final String MORPH_SCORES = "scores";
    public static final String MORPH_CLASS = "class";
    public static final String MORPH_OUTLIER = "outlier";
    public static final String MORPH_CLASS_AVERAGE = "class_average";
    public static final String MORPH_CLASS_COUNT = "class_count";

    /** The path of a dataset of the morphology group, e.g. {@code morphology/scores}. */
    public static String morphology(String dataset) {
        return MORPHOLOGY_GROUP + "/" + dataset;
    }
}
