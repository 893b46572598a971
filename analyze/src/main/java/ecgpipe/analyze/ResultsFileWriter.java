package ecgpipe.analyze;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.io.AtomicFiles;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code results/<record>.h5}: a copy of the record's signals and annotations (so the dashboard
 * needs only the results directory) plus the detections, RR/HR series, statistics and evaluation. The
 * file appears under its final name only when complete. Signals stay channel-major and contiguous: jHDF
 * writes that layout at disk speed and memory-maps it when reading.
 *
 * <p>jHDF 0.13.0 writes a broken file (neither jHDF nor h5dump can list the root group) when a group
 * without any dataset is written after a dataset: it appends its signature at the channel position the
 * last dataset left, over the later group's header. Every group written here therefore holds at least
 * one dataset, groups that would be empty (no beats) are left out, and the file is read back before it
 * takes its final name.
 */
public final class ResultsFileWriter {
    private ResultsFileWriter() {
    }

    public static void write(Path target, RecordAnalysis a, Provenance provenance) {
        AtomicFiles.write(target, tmp -> {
            try (WritableHdfFile h = HdfFile.write(tmp)) {
                fill(h, a, provenance);
            }
            verifyReadable(tmp, target);
        });
    }

    /** Who made the file from what: producer "analyze 0.1.0", the input file's name and SHA-256. */
    public record Provenance(String producer, String sourceFile, String sourceSha256) {
    }

    private static void fill(WritableHdfFile h, RecordAnalysis a, Provenance p) {
        InputRecord in = a.input();
        h.putAttribute(Hdf5Layout.ATTR_LAYOUT, Hdf5Layout.LAYOUT_RESULTS);
        h.putAttribute(Hdf5Layout.ATTR_LAYOUT_VERSION, Hdf5Layout.LAYOUT_VERSION);
        h.putAttribute(Hdf5Layout.ATTR_RECORD, in.name());
        h.putAttribute(Hdf5Layout.ATTR_FS, in.fs());
        h.putAttribute(Hdf5Layout.ATTR_N_SAMPLES, in.nSamples());
        h.putAttribute(Hdf5Layout.ATTR_PRODUCER, p.producer());
        h.putAttribute(Hdf5Layout.ATTR_SOURCE_FILES, new String[] {p.sourceFile()});
        h.putAttribute(Hdf5Layout.ATTR_SOURCE_SHA256, new String[] {p.sourceSha256()});
        putAll(h, in.rootExtras());

        if (in.nSamples() > 0) {
            WritableGroup signals = h.putGroup(Hdf5Layout.SIGNALS_GROUP);
            putAll(signals.putDataset(leaf(Hdf5Layout.SIGNALS_DIGITAL), in.digital()), in.signalAttributes());
        }

        WritableGroup annotations = null;
        for (InputRecord.AnnotationSet set : in.annotations()) {
            if (set.datasets().values().stream().allMatch(ResultsFileWriter::isEmpty)) {
                continue; // an annotator without annotations: nothing jHDF can write
            }
            if (annotations == null) {
                annotations = h.putGroup(Hdf5Layout.ANNOTATIONS_GROUP);
            }
            WritableGroup g = annotations.putGroup(set.annotator());
            putAll(g, set.attributes());
            for (Map.Entry<String, Object> d : set.datasets().entrySet()) {
                if (!isEmpty(d.getValue())) {
                    g.putDataset(d.getKey(), d.getValue());
                }
            }
        }

        if (a.beats().length > 0) {
            WritableGroup qrs = h.putGroup(Hdf5Layout.QRS_GROUP);
            qrs.putAttribute(Hdf5Layout.QRS_DETECTOR, QrsDetector.NAME);
            qrs.putAttribute(Hdf5Layout.QRS_CHANNEL, a.channel());
            qrs.putAttribute(ResultsLayout.FIDUCIAL_CHANNEL, a.fiducialChannel());
            qrs.putDataset(leaf(Hdf5Layout.QRS_SAMPLE), a.beats());
        }
        if (a.rr().intervalS().length > 0) {
            h.putGroup(parent(Hdf5Layout.RR_INTERVAL_S)).putDataset(leaf(Hdf5Layout.RR_INTERVAL_S), a.rr().intervalS());
            WritableGroup hr = h.putGroup(parent(Hdf5Layout.HR_BPM));
            hr.putDataset(leaf(Hdf5Layout.HR_TIME_S), a.rr().timeS());
            hr.putDataset(leaf(Hdf5Layout.HR_BPM), a.rr().bpm());
            hr.putDataset(leaf(ResultsLayout.HR_BPM_SMOOTHED), a.rr().smoothedBpm());
        }

        if (a.morphology() != null) {
            writeMorphology(h.putGroup(ResultsLayout.MORPHOLOGY_GROUP), a.morphology());
        }

        WritableGroup metrics = h.putGroup(Hdf5Layout.METRICS_GROUP);
        putAll(metrics, SummaryFields.metrics(a));
        metrics.putDataset(ResultsLayout.NN_RULE, new String[] {SummaryFields.NN_RULE_TEXT});
        if (a.evaluation() != null) {
            WritableGroup evaluation = h.putGroup(Hdf5Layout.EVALUATION_GROUP);
            putAll(evaluation, SummaryFields.evaluation(a.evaluation()));
            evaluation.putDataset(ResultsLayout.METHOD, new String[] {SummaryFields.METHOD_TEXT});
        }
    }

    /**
     * Two-dimensional datasets are written with the long axis last ({@code scores[component][beat]}): jHDF
     * writes each innermost row separately, so many short rows would be slow.
     */
    private static void writeMorphology(WritableGroup g, Morphology m) {
        g.putAttribute(ResultsLayout.MORPH_AAMI_CLASSES, "N,S,V,F,Q");
        g.putAttribute(ResultsLayout.MORPH_AAMI_MAPPING, AamiClass.mappingText());
        g.putAttribute(ResultsLayout.MORPH_OUTLIER_THRESHOLD, m.outlierThreshold());
        g.putDataset(ResultsLayout.MORPH_SAMPLE, m.beats().samples());
        g.putDataset(ResultsLayout.MORPH_TIME_S, BeatMatrix.timeAxis());
        g.putDataset(ResultsLayout.MORPH_MEAN_BEAT, m.pca().mean());
        g.putDataset(ResultsLayout.MORPH_COMPONENTS, m.pca().components());
        g.putDataset(ResultsLayout.MORPH_EXPLAINED, m.pca().explainedVariance());
        g.putDataset(ResultsLayout.MORPH_SCORES, m.pca().scores());
        g.putDataset(ResultsLayout.MORPH_CLASS, m.cluster());
        int[] outlier = new int[m.outlier().length];
        for (int i = 0; i < outlier.length; i++) {
            outlier[i] = m.outlier()[i] ? 1 : 0;
        }
        g.putDataset(ResultsLayout.MORPH_OUTLIER, outlier);
        g.putDataset(ResultsLayout.MORPH_CLASS_AVERAGE, m.classAverage());
        g.putDataset(ResultsLayout.MORPH_CLASS_COUNT, m.classCount());
        if (m.confusion() != null) {
            g.putDataset(ResultsLayout.MORPH_AAMI_CONFUSION, m.confusion());
        }
        g.putDataset(ResultsLayout.MORPH_METHOD, new String[] {SummaryFields.MORPHOLOGY_TEXT});
    }

    /** Opens the written file and lists every group, so a file jHDF wrote wrongly never takes a final name. */
    private static void verifyReadable(Path tmp, Path target) {
        try (HdfFile h = new HdfFile(tmp)) {
            walk(h);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the HDF5 writer produced an unreadable file for " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private static void walk(Group g) {
        for (Node n : g.getChildren().values()) {
            n.getAttributes().size();
            if (n instanceof Group child) {
                walk(child);
            }
        }
    }

    private static boolean isEmpty(Object data) {
        return data == null || (data.getClass().isArray() && Array.getLength(data) == 0);
    }

    private static void putAll(WritableNode node, Map<String, Object> attributes) {
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            // jHDF 0.13 cannot write zero-length attributes either; an absent one reads the same to users.
            if (!isEmpty(e.getValue())) {
                node.putAttribute(e.getKey(), e.getValue());
            }
        }
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }
}
