package ecgpipe.analyze;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.PipelineException;
import java.util.List;

/**
 * Everything analyze computes for one record: detections on one channel, their RR series and statistics,
 * and, where the record has reference beat annotations, the same statistics of the reference beats and
 * the beat-by-beat evaluation of the detections.
 *
 * @param refMetrics null without reference annotations
 * @param evaluation null without reference annotations
 */
public record RecordAnalysis(InputRecord input, int channel, long[] beats, RrSeries rr, HrvMetrics metrics,
        HrvMetrics refMetrics, Evaluation evaluation) {

    public static RecordAnalysis of(InputRecord input, int channel) {
        if (channel < 0 || channel >= input.signals()) {
            throw PipelineException.badInput("record " + input.name() + " has " + input.signals()
                    + " signal(s): channel " + channel + " does not exist");
        }
        double fs = input.fs();
        long[] beats = QrsDetector.detect(input.physical(channel), fs);
        RrSeries rr = RrSeries.of(beats, fs);
        HrvMetrics metrics = HrvMetrics.ofBeats(beats, fs);
        InputRecord.AnnotationSet ref = input.annotator(Hdf5Layout.REFERENCE_ANNOTATOR);
        if (ref == null || ref.datasets().get(Hdf5Layout.ANN_SAMPLE) == null
                || ref.datasets().get(Hdf5Layout.ANN_CODE) == null) {
            return new RecordAnalysis(input, channel, beats, rr, metrics, null, null);
        }
        long[] samples = ref.samples();
        int[] codes = ref.codes();
        if (samples.length != codes.length) {
            throw PipelineException.badInput("record " + input.name() + ": annotations/" + ref.annotator()
                    + " has " + samples.length + " samples but " + codes.length + " codes");
        }
        long[] refBeats = BeatComparator.beatsOutside(samples, codes, List.of());
        return new RecordAnalysis(input, channel, beats, rr, metrics, HrvMetrics.ofBeats(refBeats, fs),
                BeatComparator.compare(samples, codes, beats, fs));
    }
}
