package ecgpipe.analyze;

import ecgpipe.common.Hdf5Layout;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The scalars of an existing results file, read back: what a rerun compares to decide whether the file
 * is up to date, and what summary.json lists. Reading attributes only is cheap (jHDF reads lazily).
 *
 * @param evaluation null when the record had no reference annotations
 */
public record ResultsSummary(String record, double fs, long nSamples, String producer, String sourceSha256,
        int channel, Map<String, Object> metrics, Map<String, Object> evaluation) {

    /** The summary of {@code file}, or null when it is not a readable results file. */
    public static ResultsSummary readOrNull(Path file) {
        try (HdfFile h = new HdfFile(file)) {
            if (!Hdf5Layout.LAYOUT_RESULTS.equals(RecordFileReader.stringAttribute(h, Hdf5Layout.ATTR_LAYOUT))) {
                return null;
            }
            Attribute sha = h.getAttribute(Hdf5Layout.ATTR_SOURCE_SHA256);
            Object shaData = sha == null ? null : sha.getData();
            String digest = shaData instanceof String[] a && a.length > 0 ? a[0] : Numbers.string(shaData);
            Node metrics = RecordFileReader.nodeOrNull(h, Hdf5Layout.METRICS_GROUP);
            Node evaluation = RecordFileReader.nodeOrNull(h, Hdf5Layout.EVALUATION_GROUP);
            if (metrics == null) {
                return null;
            }
            return new ResultsSummary(RecordFileReader.stringAttribute(h, Hdf5Layout.ATTR_RECORD),
                    Numbers.scalar(h.getAttribute(Hdf5Layout.ATTR_FS).getData()),
                    (long) Numbers.scalar(h.getAttribute(Hdf5Layout.ATTR_N_SAMPLES).getData()),
                    RecordFileReader.stringAttribute(h, Hdf5Layout.ATTR_PRODUCER), digest,
                    (int) Numbers.scalar(metrics.getAttribute(ResultsLayout.CHANNEL).getData()),
                    SummaryFields.ordered(RecordFileReader.attributes(metrics), SummaryFields.metricNames()),
                    evaluation == null ? null
                            : SummaryFields.ordered(RecordFileReader.attributes(evaluation), SummaryFields.evaluationNames()));
        } catch (HdfException | IllegalArgumentException | NullPointerException | ClassCastException e) {
            // Not ours, or cut short: the caller treats it as absent and rewrites it.
            return null;
        }
    }

    /** The from-5:00 and whole-record counts, or null without evaluation. */
    public Score score(String suffix) {
        if (evaluation == null) {
            return null;
        }
        return new Score(count(ResultsLayout.TP + suffix), count(ResultsLayout.FP + suffix),
                count(ResultsLayout.FN + suffix));
    }

    private long count(String key) {
        Object v = evaluation.get(key);
        return v == null ? 0 : (long) Numbers.scalar(v);
    }
}
