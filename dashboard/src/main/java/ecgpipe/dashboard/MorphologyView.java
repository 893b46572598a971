package ecgpipe.dashboard;

import ecgpipe.common.Hdf5Layout;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.lang.reflect.Array;

/**
 * The beat-morphology results of the analyze stage ({@code morphology} group, see docs/hdf5-layout.md),
 * shaped for the page: the average beat of each class and every segmented beat's first two PCA scores and
 * class, so the page can draw the class averages and the scatter and find a beat from a point.
 */
final class MorphologyView {
    // Paths of the datasets this view reads; the names are the analyze stage's, shared through Hdf5Layout.
    static final String GROUP = Hdf5Layout.MORPHOLOGY_GROUP;
    static final String SAMPLE = Hdf5Layout.morphology(Hdf5Layout.MORPH_SAMPLE);
    static final String TIME_S = Hdf5Layout.morphology(Hdf5Layout.MORPH_TIME_S);
    static final String MEAN_BEAT = Hdf5Layout.morphology(Hdf5Layout.MORPH_MEAN_BEAT);
    static final String CLASS_AVERAGE = Hdf5Layout.morphology(Hdf5Layout.MORPH_CLASS_AVERAGE);
    static final String CLASS_COUNT = Hdf5Layout.morphology(Hdf5Layout.MORPH_CLASS_COUNT);
    static final String EXPLAINED = Hdf5Layout.morphology(Hdf5Layout.MORPH_EXPLAINED);
    static final String SCORES = Hdf5Layout.morphology(Hdf5Layout.MORPH_SCORES);
    static final String CLASS = Hdf5Layout.morphology(Hdf5Layout.MORPH_CLASS);
    static final String OUTLIER = Hdf5Layout.morphology(Hdf5Layout.MORPH_OUTLIER);

    /** {@code beatTimeS}, {@code pc1}, {@code pc2}, {@code beatClass} and {@code outlier} are per beat. */
    public record Morphology(String id, double[] timeS, double[] meanBeat, double[][] classAverage, long[] classCount,
            double[] explainedVariance, double[] beatTimeS, float[] pc1, float[] pc2, int[] beatClass,
            int[] outlier) {
    }

    private MorphologyView() {
    }

    /** Null when the file has no (complete) morphology group: fewer than 10 beats, or an older analyze. */
    static Morphology read(String id, HdfFile hdf, double fs) {
        long[] samples = HdfDatasets.longs(HdfDatasets.dataset(hdf, SAMPLE));
        double[][] scores = matrix(HdfDatasets.dataset(hdf, SCORES));
        long[] cls = HdfDatasets.longs(HdfDatasets.dataset(hdf, CLASS));
        double[][] averages = matrix(HdfDatasets.dataset(hdf, CLASS_AVERAGE));
        if (samples == null || scores == null || scores.length < 2 || cls == null || averages == null
                || scores[0].length != samples.length || cls.length != samples.length) {
            return null;
        }
        int n = samples.length;
        double[] t = new double[n];
        float[] pc1 = new float[n];
        float[] pc2 = new float[n];
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = RecordViews.round(samples[i] / fs, 4);
            pc1[i] = (float) scores[0][i];
            pc2[i] = (float) scores[1][i];
            c[i] = (int) cls[i];
        }
        long[] outlier = HdfDatasets.longs(HdfDatasets.dataset(hdf, OUTLIER));
        int[] out = new int[n];
        if (outlier != null && outlier.length == n) {
            for (int i = 0; i < n; i++) {
                out[i] = (int) outlier[i];
            }
        }
        return new Morphology(id, HdfDatasets.doubles(HdfDatasets.dataset(hdf, TIME_S)),
                HdfDatasets.doubles(HdfDatasets.dataset(hdf, MEAN_BEAT)), averages,
                HdfDatasets.longs(HdfDatasets.dataset(hdf, CLASS_COUNT)),
                HdfDatasets.doubles(HdfDatasets.dataset(hdf, EXPLAINED)), t, pc1, pc2, c, out);
    }

    /** A 2-D numeric dataset as rows of doubles; null when absent or not 2-D. */
    static double[][] matrix(Dataset d) {
        if (d == null || d.getDimensions().length != 2) {
            return null;
        }
        Object data = d.getData();
        int rows = Array.getLength(data);
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            Object row = Array.get(data, r);
            if (row instanceof double[] v) {
                out[r] = v;
            } else {
                out[r] = new double[Array.getLength(row)];
                for (int i = 0; i < out[r].length; i++) {
                    out[r][i] = ((Number) Array.get(row, i)).doubleValue();
                }
            }
        }
        return out;
    }
}
