package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.synth.EcgSynth;
import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationCodes;
import org.junit.jupiter.api.Test;

/** Beat matrix, PCA by EJML, outliers, classes and their AAMI separation on synthetic beats with known labels. */
class MorphologyTest {
    @Test
    void beatWindowIsResampledToTheSamePointsAtAnyRate() {
        for (double fs : new double[] {125, 360, 1000}) {
            double[] x = new double[(int) (10 * fs)];
            for (int i = 0; i < x.length; i++) {
                x[i] = i / fs; // the signal is its own time: each row must read back the window's times
            }
            long f = Math.round(5 * fs);
            BeatMatrix m = BeatMatrix.segment(x, fs, new long[] {1, f, x.length - 2}, false);
            assertEquals(1, m.beats(), "beats whose window leaves the record are left out");
            double[] axis = BeatMatrix.timeAxis();
            for (int j = 0; j < BeatMatrix.POINTS; j++) {
                assertEquals(f / fs + axis[j], m.rows()[0][j], 1e-9);
            }
        }
        assertEquals(-BeatMatrix.BEFORE_S, BeatMatrix.timeAxis()[0], 1e-12);
        assertEquals(BeatMatrix.AFTER_S, BeatMatrix.timeAxis()[BeatMatrix.POINTS - 1], 1e-12);
    }

    @Test
    void pcaOfBeatsMadeOfTwoShapesHasTwoComponents() {
        // Every beat is mean + a * u + b * v with u, v orthonormal: two components carry all the variance.
        int p = BeatMatrix.POINTS;
        double[] u = new double[p];
        double[] v = new double[p];
        for (int j = 0; j < p; j++) {
            u[j] = Math.sin(2 * Math.PI * j / p);
            v[j] = Math.cos(2 * Math.PI * 3 * j / p);
        }
        normalise(u);
        normalise(v);
        int n = 200;
        double[][] rows = new double[n][p];
        for (int i = 0; i < n; i++) {
            // Amplitudes uncorrelated over the sample (a full period each), spreads 3 : 1.
            double a = 3 * Math.sin(2 * Math.PI * i / n);
            double b = Math.cos(2 * Math.PI * i / n);
            for (int j = 0; j < p; j++) {
                rows[i][j] = 0.5 + a * u[j] + b * v[j];
            }
        }
        BeatPca pca = BeatPca.of(rows);
        assertEquals(1.0, pca.explainedVariance()[0] + pca.explainedVariance()[1], 1e-9);
        assertTrue(pca.explainedVariance()[0] > 0.8, "the larger spread is first: " + pca.explainedVariance()[0]);
        assertEquals(1.0, Math.abs(dot(pca.components()[0], u)), 1e-6);
        assertEquals(1.0, Math.abs(dot(pca.components()[1], v)), 1e-6);
        assertEquals(0.0, dot(pca.components()[0], pca.components()[1]), 1e-9);
        assertEquals(0.5, pca.mean()[7], 1e-9);
        // Scores reproduce the beats: row = mean + sum of score * component.
        for (int j = 0; j < p; j++) {
            double r = pca.mean()[j] + pca.scores()[0][5] * pca.components()[0][j]
                    + pca.scores()[1][5] * pca.components()[1][j];
            assertEquals(rows[5][j], r, 1e-9);
        }
        // Variance along a component is the sample variance of its scores.
        double ss = 0;
        for (double s : pca.scores()[0]) {
            ss += s * s;
        }
        assertEquals(ss / (n - 1), pca.variance()[0], 1e-9);
    }

    @Test
    void ventricularBeatsFormTheirOwnClassAndSeparateFromNormalOnes() {
        double fs = 360;
        EcgSynth.Ecg ecg = EcgSynth.generate(EcgSynth.Params.of("m", 300, 5).withHeartRate(70, 3)
                .withEctopicFraction(0.15).withNoise(0.02));
        double[] lead = ecg.millivolts()[0];
        QrsDetector.Detection d = QrsDetector.detectOnLead(lead, fs);
        long[] refSamples = ecg.beats().stream().mapToLong(Annotation::sample).toArray();
        int[] refCodes = ecg.beats().stream().mapToInt(Annotation::code).toArray();
        long pvcs = ecg.beats().stream().filter(a -> a.code() == AnnotationCodes.PVC).count();
        assertTrue(pvcs > 20, "the record has ventricular beats: " + pvcs);

        Morphology m = Morphology.of(d.wideBand(), fs, d.beats(), refSamples, refCodes, 0.15);
        assertTrue(m.classes() >= 2, "at least normal and ventricular classes: " + m.classes());
        assertTrue(m.sensitivity(AamiClass.V) >= 0.95, "V sensitivity " + m.sensitivity(AamiClass.V));
        assertTrue(m.positivePredictivity(AamiClass.V) >= 0.95, "V +P " + m.positivePredictivity(AamiClass.V));
        assertTrue(m.sensitivity(AamiClass.N) >= 0.95, "N sensitivity " + m.sensitivity(AamiClass.N));
        assertEquals(m.beats().beats(), java.util.Arrays.stream(m.classCount()).sum());
        // Class 0 is the largest: the normal morphology.
        assertTrue(m.confusion()[0][AamiClass.N.ordinal()] > m.confusion()[0][AamiClass.V.ordinal()]);
        // Each class average is the mean of its beats.
        int k = m.cluster()[0];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < m.beats().beats(); i++) {
            if (m.cluster()[i] == k) {
                sum += m.beats().rows()[i][40];
                count++;
            }
        }
        assertEquals(sum / count, m.classAverage()[k][40], 1e-9);
    }

    @Test
    void aRegularRhythmIsOneMorphologyWithFewOutliersAndAnOddBeatIsAnOutlier() {
        double fs = 360;
        SyntheticEcg ecg = SyntheticEcg.generate(fs, 300, 0.8, 0.1, 0.01, 9);
        double[] x = ecg.mv.clone();
        // One beat with double amplitude: distinct from all others.
        long odd = ecg.rPeaks[100];
        SyntheticEcg.addBeat(x, odd, fs, 1.0);
        QrsDetector.Detection d = QrsDetector.detectOnLead(x, fs);
        Morphology m = Morphology.of(d.wideBand(), fs, d.beats(), null, null, 0.15);
        assertNull(m.confusion());
        int idx = java.util.Arrays.binarySearch(m.beats().samples(), odd);
        assertTrue(idx >= 0, "the odd beat is detected on its peak");
        assertTrue(m.outlier()[idx], "the odd beat is an outlier");
        assertTrue(m.outliers() <= 0.02 * m.beats().beats(), "outliers " + m.outliers());
        // k-means may cut one morphology along its small continuous variations (rate, residual baseline);
        // then the averages of the classes are all the same beat: R amplitude within 5 %.
        int r = (int) Math.round(BeatMatrix.BEFORE_S / (BeatMatrix.BEFORE_S + BeatMatrix.AFTER_S) * (BeatMatrix.POINTS - 1));
        double r0 = m.classAverage()[0][r];
        for (int k = 0; k < m.classes(); k++) {
            if (m.classCount()[k] >= 10) {
                assertEquals(r0, m.classAverage()[k][r], 0.05 * r0, "class " + k + " of " + m.classes());
            }
        }
    }

    @Test
    void aamiMappingFollowsEc57() {
        assertEquals(AamiClass.N, AamiClass.of(AnnotationCodes.LBBB));
        assertEquals(AamiClass.N, AamiClass.of(AnnotationCodes.NESC));
        assertEquals(AamiClass.S, AamiClass.of(AnnotationCodes.APC));
        assertEquals(AamiClass.S, AamiClass.of(AnnotationCodes.ABERR));
        assertEquals(AamiClass.V, AamiClass.of(AnnotationCodes.PVC));
        assertEquals(AamiClass.V, AamiClass.of(AnnotationCodes.VESC));
        assertEquals(AamiClass.F, AamiClass.of(AnnotationCodes.FUSION));
        assertEquals(AamiClass.Q, AamiClass.of(AnnotationCodes.PACE));
        assertEquals(AamiClass.Q, AamiClass.of(AnnotationCodes.PFUS));
        assertNull(AamiClass.of(AnnotationCodes.RHYTHM));
    }

    @Test
    void tooFewBeatsGiveNoMorphology() {
        SyntheticEcg ecg = SyntheticEcg.generate(360, 6, 0.8, 0, 0.01, 2);
        QrsDetector.Detection d = QrsDetector.detectOnLead(ecg.mv, 360);
        assertNull(Morphology.of(d.wideBand(), 360, d.beats(), null, null, 0.15));
    }

    private static void normalise(double[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int j = 0; j < v.length; j++) {
            v[j] /= n;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
