package ecgpipe.analyze;

import ecgpipe.common.wfdb.AnnotationCodes;
import java.util.Arrays;

/**
 * Beat morphology of one record: the beat matrix around the detections, its principal components, outlier
 * beats, morphology classes, and (with reference labels) how the classes separate the AAMI beat classes.
 *
 * <p><b>Outliers</b>: a beat whose squared Mahalanobis distance from the average beat in the space of the
 * kept components (sum of score^2 / variance) exceeds the 99.9 % quantile of the chi-square distribution
 * with as many degrees of freedom: under a Gaussian beat-to-beat variation one normal beat in a thousand
 * would be flagged; premature, aberrant, noisy or misplaced beats are flagged far more often.
 *
 * <p><b>Classes</b>: k-means (Lloyd) on the component scores with {@link #MAX_CLASSES} seeds chosen
 * farthest-first from the beat nearest the average (deterministic, and rare shapes get a seed), then the
 * two nearest classes are merged while their centres are closer than {@link #MERGE_DISTANCE} times the
 * pooled within-class RMS distance. A distinct group (ventricular beats) keeps its own class; one
 * morphology that varies continuously (with the rate, residual baseline) may still be cut into a few
 * classes with near-identical averages, and odd beats form small classes of their own. Classes are numbered by
 * decreasing size: class 0 is the dominant morphology.
 *
 * <p><b>Separation</b>: each detection matched to a reference beat (nearest within 150 ms) takes its
 * AAMI class ({@link AamiClass}); each morphology class is labelled with the AAMI class most of its
 * beats have; the sensitivity of AAMI class c is the share of its beats in classes labelled c, the
 * positive predictivity the share of c among all labelled beats of those classes.
 *
 * @param cluster      morphology class of each segmented beat
 * @param outlier      outlier flag of each segmented beat
 * @param classAverage {@code classAverage[class][point]}, mV
 * @param classCount   beats per class
 * @param confusion    {@code confusion[class][aami]} counts of matched beats; null without reference
 */
public record Morphology(BeatMatrix beats, BeatPca pca, int[] cluster, boolean[] outlier, double outlierThreshold,
        double[][] classAverage, long[] classCount, long[][] confusion) {
    public static final int MAX_CLASSES = 6;
    /** Classes whose centres are closer than this many pooled within-class RMS distances are merged. */
    public static final double MERGE_DISTANCE = 2.0;
    public static final int MAX_ITERATIONS = 50;
    /** chi-square 99.9 % quantiles for 1 to 5 degrees of freedom. */
    private static final double[] CHI2_999 = {10.828, 13.816, 16.266, 18.467, 20.515};

    /** Null when fewer than {@link #MIN_BEATS} beats can be segmented: too few for components. */
    public static Morphology of(double[] wideBand, double fs, long[] fiducials, long[] refSamples, int[] refCodes,
            double matchWindowS) {
        BeatMatrix m = BeatMatrix.segment(wideBand, fs, fiducials);
        if (m.beats() < MIN_BEATS) {
            return null;
        }
        BeatPca pca = BeatPca.of(m.rows());
        int n = m.beats();
        int dims = pca.scores().length;
        double threshold = CHI2_999[dims - 1];
        boolean[] outlier = new boolean[n];
        for (int i = 0; i < n; i++) {
            double d2 = 0;
            for (int c = 0; c < dims; c++) {
                if (pca.variance()[c] > 0) {
                    d2 += pca.scores()[c][i] * pca.scores()[c][i] / pca.variance()[c];
                }
            }
            outlier[i] = d2 > threshold;
        }
        int[] cluster = kMeans(pca.scores(), n);
        int classes = Arrays.stream(cluster).max().orElse(-1) + 1;
        double[][] average = new double[classes][BeatMatrix.POINTS];
        long[] count = new long[classes];
        for (int i = 0; i < n; i++) {
            count[cluster[i]]++;
            for (int j = 0; j < BeatMatrix.POINTS; j++) {
                average[cluster[i]][j] += m.rows()[i][j];
            }
        }
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < BeatMatrix.POINTS; j++) {
                average[k][j] /= count[k];
            }
        }
        long[][] confusion = refSamples == null ? null
                : confusion(m.samples(), cluster, classes, refSamples, refCodes, Math.round(matchWindowS * fs));
        return new Morphology(m, pca, cluster, outlier, threshold, average, count, confusion);
    }

    public static final int MIN_BEATS = 10;

    public long outliers() {
        long k = 0;
        for (boolean b : outlier) {
            if (b) {
                k++;
            }
        }
        return k;
    }

    public int classes() {
        return classCount.length;
    }

    /** k-means on the columns of {@code scores[dim][beat]}; returns classes numbered by decreasing size. */
    static int[] kMeans(double[][] scores, int n) {
        int dims = scores.length;
        // First seed: the beat nearest the average (the origin of the scores).
        double[][] centres = new double[MAX_CLASSES][];
        int k = 0;
        centres[k++] = point(scores, nearest(scores, n, new double[dims]));
        double[] nearestDist = new double[n];
        Arrays.fill(nearestDist, Double.POSITIVE_INFINITY);
        while (k < MAX_CLASSES) {
            int far = -1;
            for (int i = 0; i < n; i++) {
                nearestDist[i] = Math.min(nearestDist[i], dist2(scores, i, centres[k - 1]));
                if (far < 0 || nearestDist[i] > nearestDist[far]) {
                    far = i;
                }
            }
            if (!(nearestDist[far] > 0)) {
                break; // fewer distinct beats than classes
            }
            centres[k++] = point(scores, far);
        }
        int[] label = new int[n];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestD = dist2(scores, i, centres[0]);
                for (int c = 1; c < k; c++) {
                    double d = dist2(scores, i, centres[c]);
                    if (d < bestD) {
                        bestD = d;
                        best = c;
                    }
                }
                if (it == 0 || label[i] != best) {
                    changed |= it > 0;
                    label[i] = best;
                }
            }
            double[][] sum = new double[k][dims];
            int[] cnt = new int[k];
            for (int i = 0; i < n; i++) {
                cnt[label[i]]++;
                for (int d = 0; d < dims; d++) {
                    sum[label[i]][d] += scores[d][i];
                }
            }
            for (int c = 0; c < k; c++) {
                if (cnt[c] > 0) {
                    for (int d = 0; d < dims; d++) {
                        sum[c][d] /= cnt[c];
                    }
                    centres[c] = sum[c];
                }
            }
            if (it > 0 && !changed) {
                break;
            }
        }
        mergeClose(scores, n, label, centres, k);
        // Renumber by decreasing size, dropping empty classes.
        int[] size = new int[k];
        for (int l : label) {
            size[l]++;
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(size[b], size[a]));
        int[] rank = new int[k];
        for (int r = 0; r < k; r++) {
            rank[order[r]] = size[order[r]] == 0 ? -1 : r;
        }
        for (int i = 0; i < n; i++) {
            label[i] = rank[label[i]];
        }
        return label;
    }

    /**
     * Merges the two classes with the nearest centres while those centres are closer than
     * {@link #MERGE_DISTANCE} times the pooled within-class RMS distance (of every beat from its class
     * centre): k-means uses every seed and would split one morphology into several; a second morphology
     * (ventricular beats) lies several within-class spreads away and stays apart.
     */
    private static void mergeClose(double[][] scores, int n, int[] label, double[][] centres, int k) {
        int dims = scores.length;
        int[] size = new int[k];
        for (int l : label) {
            size[l]++;
        }
        while (true) {
            double within = 0;
            for (int i = 0; i < n; i++) {
                within += dist2(scores, i, centres[label[i]]);
            }
            double limit = MERGE_DISTANCE * MERGE_DISTANCE * within / n;
            int bestA = -1;
            int bestB = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    if (size[a] > 0 && size[b] > 0) {
                        double d = 0;
                        for (int q = 0; q < dims; q++) {
                            d += (centres[a][q] - centres[b][q]) * (centres[a][q] - centres[b][q]);
                        }
                        if (d < best) {
                            best = d;
                            bestA = a;
                            bestB = b;
                        }
                    }
                }
            }
            if (bestA < 0 || !(best < limit)) {
                return;
            }
            double[] merged = new double[dims];
            for (int q = 0; q < dims; q++) {
                merged[q] = (size[bestA] * centres[bestA][q] + size[bestB] * centres[bestB][q])
                        / (size[bestA] + size[bestB]);
            }
            centres[bestA] = merged;
            for (int i = 0; i < n; i++) {
                if (label[i] == bestB) {
                    label[i] = bestA;
                }
            }
            size[bestA] += size[bestB];
            size[bestB] = 0;
        }
    }

    private static int nearest(double[][] scores, int n, double[] p) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (dist2(scores, i, p) < dist2(scores, best, p)) {
                best = i;
            }
        }
        return best;
    }

    private static double[] point(double[][] scores, int i) {
        double[] p = new double[scores.length];
        for (int d = 0; d < scores.length; d++) {
            p[d] = scores[d][i];
        }
        return p;
    }

    private static double dist2(double[][] scores, int i, double[] c) {
        double s = 0;
        for (int d = 0; d < c.length; d++) {
            double v = scores[d][i] - c[d];
            s += v * v;
        }
        return s;
    }

    /** Counts of matched detections per (morphology class, AAMI class). */
    static long[][] confusion(long[] samples, int[] cluster, int classes, long[] refSamples, int[] refCodes,
            long window) {
        long[][] out = new long[classes][AamiClass.values().length];
        // Reference beats only, ascending.
        long[] beats = new long[refSamples.length];
        AamiClass[] labels = new AamiClass[refSamples.length];
        int r = 0;
        for (int k = 0; k < refSamples.length; k++) {
            AamiClass a = AnnotationCodes.isBeat(refCodes[k]) ? AamiClass.of(refCodes[k]) : null;
            if (a != null) {
                beats[r] = refSamples[k];
                labels[r++] = a;
            }
        }
        for (int i = 0; i < samples.length; i++) {
            int q = Arrays.binarySearch(beats, 0, r, samples[i]);
            q = q < 0 ? -q - 1 : q;
            int best = -1;
            for (int c = Math.max(0, q - 1); c <= Math.min(r - 1, q); c++) {
                if (Math.abs(beats[c] - samples[i]) <= window
                        && (best < 0 || Math.abs(beats[c] - samples[i]) < Math.abs(beats[best] - samples[i]))) {
                    best = c;
                }
            }
            if (best >= 0) {
                out[cluster[i]][labels[best].ordinal()]++;
            }
        }
        return out;
    }

    /** Sensitivity of AAMI class {@code a} under majority labelling of the classes; NaN without such beats. */
    public double sensitivity(AamiClass a) {
        long hit = 0;
        long all = 0;
        for (long[] row : confusion) {
            all += row[a.ordinal()];
            if (majority(row) == a.ordinal()) {
                hit += row[a.ordinal()];
            }
        }
        return all == 0 ? Double.NaN : (double) hit / all;
    }

    /** Positive predictivity of AAMI class {@code a} under majority labelling; NaN when no class is labelled a. */
    public double positivePredictivity(AamiClass a) {
        long hit = 0;
        long labelled = 0;
        for (long[] row : confusion) {
            if (majority(row) == a.ordinal()) {
                hit += row[a.ordinal()];
                labelled += Arrays.stream(row).sum();
            }
        }
        return labelled == 0 ? Double.NaN : (double) hit / labelled;
    }

    /** Share of matched beats whose class's majority label is their own AAMI class. */
    public double purity() {
        long hit = 0;
        long all = 0;
        for (long[] row : confusion) {
            int m = majority(row);
            all += Arrays.stream(row).sum();
            hit += m < 0 ? 0 : row[m];
        }
        return all == 0 ? Double.NaN : (double) hit / all;
    }

    private static int majority(long[] row) {
        int best = -1;
        for (int c = 0; c < row.length; c++) {
            if (row[c] > 0 && (best < 0 || row[c] > row[best])) {
                best = c;
            }
        }
        return best;
    }
}
