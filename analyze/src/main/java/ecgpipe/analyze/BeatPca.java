package ecgpipe.analyze;

import ecgpipe.common.PipelineException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Principal components of a beat matrix by EJML's singular value decomposition of the covariance matrix
 * C = (X - mean)^T (X - mean) / (n - 1), symmetric positive semi-definite, so C = V S V^T: the columns of V
 * are the components (eigen-beats), the singular values their variances, and each beat's scores are its
 * centred row projected on them. Decomposing the p x p covariance (p = {@link BeatMatrix#POINTS}) instead of
 * the n x p data matrix costs one pass over the data plus a fixed small SVD, about six times faster for a
 * 30-minute record; the price, a squared condition number, only affects the smallest components, and only
 * the leading {@link #COMPONENTS} are kept.
 *
 * @param mean              the average beat, per point
 * @param components        {@code components[k][point]}, unit vectors, by decreasing variance
 * @param variance          variance along each kept component
 * @param explainedVariance fraction of the total variance along each kept component
 * @param scores            {@code scores[k][beat]}, component-major (written so; see ResultsFileWriter)
 */
public record BeatPca(double[] mean, double[][] components, double[] variance, double[] explainedVariance,
        double[][] scores) {
    /** Components kept: the first few carry the QRS/T shape; beyond five they are mostly noise. */
    public static final int COMPONENTS = 5;

    public static BeatPca of(double[][] rows) {
        int n = rows.length;
        int p = n == 0 ? 0 : rows[0].length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 beats, got " + n);
        }
        double[] mean = new double[p];
        for (double[] r : rows) {
            for (int j = 0; j < p; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        double[] data = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                data[i * p + j] = rows[i][j] - mean[j];
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(p, p);
        for (int i = 0; i < n; i++) {
            int off = i * p;
            for (int j = 0; j < p; j++) {
                double v = data[off + j];
                int row = j * p;
                for (int k = j; k < p; k++) {
                    cov.data[row + k] += v * data[off + k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            for (int k = j; k < p; k++) {
                double v = cov.data[j * p + k] / (n - 1);
                cov.data[j * p + k] = v;
                cov.data[k * p + j] = v;
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(p, p, false, true, true);
        if (!svd.decompose(svd.inputModified() ? cov.copy() : cov)) {
            throw PipelineException.badInput("the singular value decomposition of the " + p + " x " + p
                    + " covariance of " + n + " beats did not converge");
        }
        double[] s = svd.getSingularValues();
        int rank = svd.numberOfSingularValues();
        DMatrixRMaj vt = svd.getV(null, true); // rows are right singular vectors
        Integer[] order = IntStream.range(0, rank).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(k -> -s[k]));
        double total = 0;
        for (int k = 0; k < rank; k++) {
            total += s[k];
        }
        int keep = Math.min(COMPONENTS, rank);
        double[][] components = new double[keep][p];
        double[] variance = new double[keep];
        double[] explained = new double[keep];
        double[][] scores = new double[keep][n];
        for (int c = 0; c < keep; c++) {
            int k = order[c];
            for (int j = 0; j < p; j++) {
                components[c][j] = vt.get(k, j);
            }
            orient(components[c]);
            variance[c] = s[k];
            explained[c] = total > 0 ? s[k] / total : 0;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < p; j++) {
                    sum += data[i * p + j] * components[c][j];
                }
                scores[c][i] = sum;
            }
        }
        return new BeatPca(mean, components, variance, explained, scores);
    }

    /**
     * A singular vector's sign is arbitrary; fix it (largest-magnitude element positive) so that repeated
     * runs and different records give comparable scores.
     */
    private static void orient(double[] v) {
        int big = 0;
        for (int j = 1; j < v.length; j++) {
            if (Math.abs(v[j]) > Math.abs(v[big])) {
                big = j;
            }
        }
        if (v[big] < 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] = -v[j];
            }
        }
    }

    public int beats() {
        return scores.length == 0 ? 0 : scores[0].length;
    }
}
