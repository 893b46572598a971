package ecgpipe.analyze;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.PipelineException;
import java.util.List;
import java.util.Locale;

/**
 * Everything analyze computes for one record: detections on one lead, their RR series and statistics, the
 * beat morphology, and, where the record has reference beat annotations, the same statistics of the
 * reference beats and the beat-by-beat evaluation of the detections.
 *
 * @param lead       the signal name of the lead, or "" when the record names no signals
 * @param fiducialChannel the signal the beats' fiducial points were placed on ({@link LeadSelector#fiducialLead}:
 *                   lead II when the record has a usable one, else {@code channel})
 * @param beatsFromOtherLead beats taken from another ECG lead where this one lost the signal
 *                   ({@link QrsDetector#fillLostStretches})
 * @param morphology null when too few beats could be segmented
 * @param refMetrics null without reference annotations
 * @param evaluation null without reference annotations
 */
public record RecordAnalysis(InputRecord input, int channel, String lead, int fiducialChannel, long[] beats,
        int beatsFromOtherLead, RrSeries rr,
        HrvMetrics metrics, Morphology morphology, HrvMetrics refMetrics, Evaluation evaluation) {

    /** Shorter records are refused: a few beats give no rate statistics and detection needs its windows. */
    public static final double MIN_DURATION_S = 5;
    /** A lead whose valid samples vary by less than this (standard deviation, mV) carries no ECG. */
    public static final double FLAT_SD_MV = 0.005;

    public static RecordAnalysis of(InputRecord input, int channel) {
        return of(input, (Integer) channel);
    }

    /** @param requested the signal index asked for, or null to choose the first ECG-like lead */
    public static RecordAnalysis of(InputRecord input, Integer requested) {
        int channel = LeadSelector.choose(input, requested);
        String[] names = LeadSelector.names(input);
        String lead = names == null ? "" : names[channel];
        double fs = input.fs();
        double duration = input.nSamples() / fs;
        if (duration < MIN_DURATION_S) {
            throw PipelineException.badInput(String.format(Locale.ROOT,
                    "record %s is %.2f s long: too short for QRS detection (at least %.0f s)", input.name(), duration,
                    MIN_DURATION_S));
        }
        if (fs < QrsDetector.MIN_FS) {
            throw PipelineException.badInput(String.format(Locale.ROOT,
                    "record %s is sampled at %s Hz: too slow for QRS detection (at least %.0f Hz)", input.name(),
                    SummaryJson.number(fs), QrsDetector.MIN_FS));
        }
        double[] x = input.physical(channel);
        checkSignal(input, channel, x);
        int fiducialChannel = LeadSelector.fiducialLead(input, channel);
        double[] fiducialLead = null;
        if (fiducialChannel != channel) {
            fiducialLead = input.physical(fiducialChannel);
            if (!carriesSignal(fiducialLead)) {
                // Lead II missing or flat: the detection lead's own peaks are better than none.
                fiducialChannel = channel;
                fiducialLead = null;
            }
        }
        QrsDetector.Detection detection = QrsDetector.detectOnLead(x, fs, fiducialLead);
        long[] beats = QrsDetector.fillLostStretches(detection.beats(), () -> otherLead(input, channel), fs);
        int fromOtherLead = beats.length - detection.beats().length;
        RrSeries rr = RrSeries.of(beats, fs);
        HrvMetrics metrics = HrvMetrics.ofBeats(beats, fs);
        InputRecord.AnnotationSet ref = input.annotator(Hdf5Layout.REFERENCE_ANNOTATOR);
        boolean hasReference = ref != null && ref.datasets().get(Hdf5Layout.ANN_SAMPLE) != null
                && ref.datasets().get(Hdf5Layout.ANN_CODE) != null;
        long[] samples = hasReference ? ref.samples() : null;
        int[] codes = hasReference ? ref.codes() : null;
        if (hasReference && samples.length != codes.length) {
            throw PipelineException.badInput("record " + input.name() + ": annotations/" + ref.annotator()
                    + " has " + samples.length + " samples but " + codes.length + " codes");
        }
        Morphology morphology = Morphology.of(detection.wideBand(), fs, beats, samples,
                codes, BeatComparator.MATCH_WINDOW_S);
        if (!hasReference) {
            return new RecordAnalysis(input, channel, lead, fiducialChannel, beats, fromOtherLead, rr, metrics,
                    morphology, null, null);
        }
        long[] refBeats = BeatComparator.beatsOutside(samples, codes, List.of());
        return new RecordAnalysis(input, channel, lead, fiducialChannel, beats, fromOtherLead, rr, metrics, morphology,
                HrvMetrics.ofBeats(refBeats, fs), BeatComparator.compare(samples, codes, beats, fs));
    }

    /** The first other ECG-like lead (any other signal when the record names none), or null. */
    static double[] otherLead(InputRecord input, int channel) {
        String[] names = LeadSelector.names(input);
        for (int k = 0; k < input.signals(); k++) {
            if (k != channel && (names == null || LeadSelector.isEcgName(names[k]))) {
                return input.physical(k);
            }
        }
        return null;
    }

    /** A lead with valid samples that vary by at least {@link #FLAT_SD_MV}: the test {@link #checkSignal} makes. */
    static boolean carriesSignal(double[] x) {
        long valid = 0;
        double sum = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                valid++;
                sum += v;
            }
        }
        if (valid == 0) {
            return false;
        }
        double mean = sum / valid;
        double sumSq = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                sumSq += (v - mean) * (v - mean);
            }
        }
        return Math.sqrt(sumSq / valid) >= FLAT_SD_MV;
    }

    /** Refuses a lead with no valid sample or no variation: nothing there can be a heartbeat. */
    private static void checkSignal(InputRecord input, int channel, double[] x) {
        long valid = 0;
        double sum = 0;
        double sumSq = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                valid++;
                sum += v;
            }
        }
        String which = "record " + input.name() + ", signal " + LeadSelector.describe(input, channel);
        if (valid == 0) {
            throw PipelineException.badInput(which + ": no valid sample (every sample is missing or invalid)");
        }
        double mean = sum / valid;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                sumSq += (v - mean) * (v - mean);
            }
        }
        double sd = Math.sqrt(sumSq / valid);
        if (sd < FLAT_SD_MV) {
            throw PipelineException.badInput(String.format(Locale.ROOT,
                    "%s is a flat line (standard deviation %.4f mV over %d valid samples): no ECG to analyze", which,
                    sd, valid));
        }
    }
}
