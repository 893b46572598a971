package ecgpipe.analyze;

import static ecgpipe.analyze.ResultsLayout.*;

import ecgpipe.common.Hdf5Layout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scalar results of one record under their published names: the attributes of the {@code metrics}
 * and {@code evaluation} groups, which are also the keys of the record's object in summary.json.
 */
final class SummaryFields {
    static final String NN_RULE_TEXT = "NN = RR in [" + HrvMetrics.MIN_RR_S + ", " + HrvMetrics.MAX_RR_S
            + "] s and within " + Math.round(100 * HrvMetrics.MAX_DEVIATION) + "% of the median of the "
            + HrvMetrics.MEDIAN_SPAN + " in-range RR intervals centred on it";
    static final String METHOD_TEXT = "as WFDB bxb (ANSI/AAMI EC57): reference beats = isqrs codes of annotations/"
            + Hdf5Layout.REFERENCE_ANNOTATOR + "; one-to-one, nearest first, within "
            + Math.round(1000 * BeatComparator.MATCH_WINDOW_S) + " ms; tp/fp/fn from "
            + Math.round(BeatComparator.LEARNING_PERIOD_S) + " s, *_all over the whole record; beats and detections"
            + " between '[' and ']' (ventricular flutter) not counted";

    private SummaryFields() {
    }

    /**
     * {@code attributes} in the order this class writes them (HDF5 attribute order is not kept), unknown
     * names last in alphabetical order: summary.json reads the same for every record.
     */
    static Map<String, Object> ordered(Map<String, Object> attributes, List<String> canonical) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : canonical) {
            if (attributes.containsKey(k)) {
                out.put(k, attributes.get(k));
            }
        }
        new TreeMap<>(attributes).forEach(out::putIfAbsent);
        return out;
    }

    /** Names of the metrics attributes in their canonical order, reference ones included. */
    static List<String> metricNames() {
        HrvMetrics none = HrvMetrics.of(new double[0]);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DETECTOR, null);
        m.put(CHANNEL, null);
        m.put(LEAD, null);
        m.put(BEATS_FROM_OTHER_LEAD, null);
        m.put(DURATION_S, null);
        put(m, "", none);
        for (String k : List.of(MORPH_CLASSES, MORPH_OUTLIERS, MORPH_PC1_EXPLAINED, MORPH_PURITY, MORPH_N_SE,
                MORPH_N_PPV, MORPH_V_SE, MORPH_V_PPV)) {
            m.put(k, null);
        }
        put(m, REF_PREFIX, none);
        return List.copyOf(m.keySet());
    }

    static final String MORPHOLOGY_TEXT = "beats cut from " + Math.round(1000 * BeatMatrix.BEFORE_S) + " ms before to "
            + Math.round(1000 * BeatMatrix.AFTER_S) + " ms after each detection on the 0.5-40 Hz lead, resampled to "
            + BeatMatrix.POINTS + " points; PCA by SVD of the centred beat matrix (EJML), " + BeatPca.COMPONENTS
            + " components kept; outlier = squared Mahalanobis distance in component space above the chi-square 99.9%"
            + " quantile; classes = k-means on the scores from " + Morphology.MAX_CLASSES + " farthest-first seeds,"
            + " nearest classes merged while their centres are closer than " + Morphology.MERGE_DISTANCE
            + " x the pooled within-class RMS distance, numbered by decreasing size; separation: each class labelled with the majority AAMI class of its "
            + "beats matched to the reference within " + Math.round(1000 * BeatComparator.MATCH_WINDOW_S) + " ms";

    static List<String> evaluationNames() {
        return List.copyOf(evaluation(new Evaluation(Score.ZERO, Score.ZERO, 0, 0)).keySet());
    }

    static Map<String, Object> metrics(RecordAnalysis a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DETECTOR, QrsDetector.NAME);
        m.put(CHANNEL, a.channel());
        m.put(LEAD, a.lead());
        m.put(BEATS_FROM_OTHER_LEAD, (long) a.beatsFromOtherLead());
        m.put(DURATION_S, a.input().nSamples() / a.input().fs());
        put(m, "", a.metrics());
        Morphology mo = a.morphology();
        if (mo != null) {
            m.put(MORPH_CLASSES, (long) mo.classes());
            m.put(MORPH_OUTLIERS, mo.outliers());
            m.put(MORPH_PC1_EXPLAINED, mo.pca().explainedVariance()[0]);
            if (mo.confusion() != null) {
                m.put(MORPH_PURITY, mo.purity());
                m.put(MORPH_N_SE, mo.sensitivity(AamiClass.N));
                m.put(MORPH_N_PPV, mo.positivePredictivity(AamiClass.N));
                m.put(MORPH_V_SE, mo.sensitivity(AamiClass.V));
                m.put(MORPH_V_PPV, mo.positivePredictivity(AamiClass.V));
            }
        }
        if (a.refMetrics() != null) {
            put(m, REF_PREFIX, a.refMetrics());
        }
        return m;
    }

    private static void put(Map<String, Object> m, String prefix, HrvMetrics h) {
        m.put(prefix + BEATS, h.beats());
        m.put(prefix + RR_COUNT, h.rrCount());
        m.put(prefix + NN_COUNT, h.nnCount());
        m.put(prefix + MEAN_RR_MS, h.meanRrMs());
        m.put(prefix + MEAN_HR_BPM, h.meanHrBpm());
        m.put(prefix + MEAN_NN_MS, h.meanNnMs());
        m.put(prefix + SDNN_MS, h.sdnnMs());
        m.put(prefix + RMSSD_MS, h.rmssdMs());
        m.put(prefix + PNN50_PCT, h.pnn50Pct());
        m.put(prefix + SDANN_MS, h.sdannMs());
        m.put(prefix + TRIANGULAR_INDEX, h.triangularIndex());
        m.put(prefix + VLF_MS2, h.vlfMs2());
        m.put(prefix + LF_MS2, h.lfMs2());
        m.put(prefix + HF_MS2, h.hfMs2());
        m.put(prefix + LF_HF, h.lfHf());
    }

    static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        score(m, "", e.fromStart());
        score(m, ALL_SUFFIX, e.all());
        m.put(WINDOW_MS, 1000 * e.windowS());
        m.put(START_S, e.startS());
        m.put(REFERENCE, Hdf5Layout.REFERENCE_ANNOTATOR);
        return m;
    }

    static void score(Map<String, Object> m, String suffix, Score s) {
        m.put(TP + suffix, s.tp());
        m.put(FP + suffix, s.fp());
        m.put(FN + suffix, s.fn());
        m.put(SENSITIVITY + suffix, s.sensitivity());
        m.put(PPV + suffix, s.positivePredictivity());
    }
}
