package ecgpipe.dashboard;

import ecgpipe.common.Hdf5Layout;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Test fixture: a results file as the analyze stage writes it, around a synthesized two-lead ECG. Each
 * beat is a sum of Gaussians (P, Q, R, S, T) at its reference sample, so the R peak of every beat is the
 * signal's maximum near that sample. Detections are the reference beats moved by a few samples, with one
 * beat missed and one false detection added, so the evaluation numbers are not trivial.
 */
final class SyntheticRecord {
    /** Stored value of 0 mV and ADC units per mV, as in MIT-BIH. */
    static final int BASELINE = 1024;
    static final double GAIN = 200.0;
    static final String[] LEADS = {"MLII", "V5"};
    static final String SDNN_MS = "sdnn_ms";
    static final String RMSSD_MS = "rmssd_ms";
    /** Written as they are: the dashboard shows the analyze stage's numbers, it does not recompute them. */
    static final double SDNN = 42.5;
    static final double RMSSD = 31.25;

    final String id;
    final double fs;
    final int nSamples;
    final double heartRateBpm;
    /** Stored values, channel-major: digital[lead][sample]. */
    final short[][] digital;
    final long[] referenceSamples;
    final String[] referenceSymbols;
    final long[] detectedSamples;
    final double[] hrTimeS;
    final double[] hrBpm;

    private boolean metrics = true;
    private boolean reference = true;
    private boolean chunked;
    private boolean morphology = true;

    SyntheticRecord(String id, double fs, double seconds, double heartRateBpm) {
        this.id = id;
        this.fs = fs;
        this.nSamples = (int) Math.round(seconds * fs);
        this.heartRateBpm = heartRateBpm;

        List<Long> beats = new ArrayList<>();
        double t = 0.4;
        for (int i = 0; t < seconds - 0.5; i++) {
            beats.add(Math.round(t * fs));
            // a little respiratory variation, so SDNN and RMSSD are not zero
            t += 60.0 / heartRateBpm * (1 + 0.04 * Math.sin(i * 0.7));
        }
        // every 7th beat is a ventricular one; a rhythm label sits on the first beat's sample
        List<Long> refSamples = new ArrayList<>();
        List<String> refSymbols = new ArrayList<>();
        refSamples.add(beats.get(0));
        refSymbols.add("+");
        for (int i = 0; i < beats.size(); i++) {
            refSamples.add(beats.get(i));
            refSymbols.add(i % 7 == 6 ? "V" : "N");
        }
        referenceSamples = refSamples.stream().mapToLong(Long::longValue).toArray();
        referenceSymbols = refSymbols.toArray(String[]::new);

        List<Long> detected = new ArrayList<>();
        for (int i = 0; i < beats.size(); i++) {
            if (i == 3) {
                continue; // a missed beat
            }
            detected.add(beats.get(i) + (i % 3) - 1);
            if (i == 5) {
                detected.add((beats.get(5) + beats.get(6)) / 2); // a false detection
            }
        }
        detectedSamples = detected.stream().mapToLong(Long::longValue).toArray();
        hrTimeS = new double[detectedSamples.length - 1];
        hrBpm = new double[detectedSamples.length - 1];
        for (int i = 1; i < detectedSamples.length; i++) {
            hrTimeS[i - 1] = detectedSamples[i] / fs;
            hrBpm[i - 1] = 60.0 * fs / (detectedSamples[i] - detectedSamples[i - 1]);
        }

        digital = new short[2][nSamples];
        double[] scale = {1.0, 0.55};
        int reach = (int) Math.ceil(0.6 * fs);
        for (int lead = 0; lead < 2; lead++) {
            double[] mv = new double[nSamples];
            for (int s = 0; s < nSamples; s++) {
                mv[s] = 0.05 * Math.sin(2 * Math.PI * 0.25 * s / fs); // baseline wander
            }
            for (long b : beats) {
                for (int s = (int) Math.max(0, b - reach); s < Math.min(nSamples, b + reach); s++) {
                    mv[s] += scale[lead] * wave((s - b) / fs);
                }
            }
            for (int s = 0; s < nSamples; s++) {
                digital[lead][s] = (short) Math.round(mv[s] * GAIN + BASELINE);
            }
        }
    }

    /** One heartbeat in mV at {@code dt} seconds from its R peak. */
    private static double wave(double dt) {
        return gauss(dt, -0.20, 0.025, 0.15) + gauss(dt, -0.03, 0.010, -0.12) + gauss(dt, 0, 0.011, 1.3)
                + gauss(dt, 0.03, 0.010, -0.25) + gauss(dt, 0.26, 0.045, 0.30);
    }

    private static double gauss(double t, double mu, double sigma, double amp) {
        return amp * Math.exp(-(t - mu) * (t - mu) / (2 * sigma * sigma));
    }

    SyntheticRecord withoutMetrics() {
        metrics = false;
        return this;
    }

    SyntheticRecord withoutReference() {
        reference = false;
        return this;
    }

    /** Signals chunked and deflated, as a writer minding disk space would store them. */
    SyntheticRecord chunked() {
        chunked = true;
        return this;
    }

    double millivolts(int lead, int sample) {
        return (digital[lead][sample] - BASELINE) / GAIN;
    }

    /** The beats of the reference annotations (symbol N or V), not the rhythm label. */
    int referenceBeats() {
        int n = 0;
        for (String s : referenceSymbols) {
            n += s.equals("N") || s.equals("V") ? 1 : 0;
        }
        return n;
    }

    /** One beat missed and one false detection: tp / (tp + 1) for both Se and +P. */
    double sensitivity() {
        int tp = referenceBeats() - 1;
        return tp / (tp + 1.0);
    }

    double meanDetectedRate() {
        double sum = 0;
        for (double b : hrBpm) {
            sum += b;
        }
        return sum / hrBpm.length;
    }

    Path writeTo(Path dir) throws IOException {
        Path file = dir.resolve(id + ".h5");
        Files.deleteIfExists(file);
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putAttribute(Hdf5Layout.ATTR_LAYOUT, Hdf5Layout.LAYOUT_RESULTS);
            h.putAttribute(Hdf5Layout.ATTR_LAYOUT_VERSION, Hdf5Layout.LAYOUT_VERSION);
            h.putAttribute(Hdf5Layout.ATTR_RECORD, id);
            h.putAttribute(Hdf5Layout.ATTR_FS, fs);
            h.putAttribute(Hdf5Layout.ATTR_N_SAMPLES, (long) nSamples);
            h.putAttribute(Hdf5Layout.ATTR_PRODUCER, "synthetic test fixture");
            h.putAttribute(Hdf5Layout.ATTR_COMMENTS, new String[] {"synthetic " + heartRateBpm + " bpm"});

            WritableGroup signals = h.putGroup(Hdf5Layout.SIGNALS_GROUP);
            DatasetCreationOptions options = chunked
                    ? DatasetCreationOptions.builder().chunkDimensions(1, 4096).shuffle().deflate(4).build()
                    : DatasetCreationOptions.DEFAULT;
            WritableDataset d = signals.putDataset(leaf(Hdf5Layout.SIGNALS_DIGITAL), digital, options);
            d.putAttribute(Hdf5Layout.SIG_NAME, LEADS.clone());
            d.putAttribute(Hdf5Layout.SIG_UNITS, new String[] {"mV", "mV"});
            d.putAttribute(Hdf5Layout.SIG_GAIN, new double[] {GAIN, GAIN});
            d.putAttribute(Hdf5Layout.SIG_BASELINE, new int[] {BASELINE, BASELINE});

            if (reference) {
                WritableGroup atr = h.putGroup(Hdf5Layout.ANNOTATIONS_GROUP).putGroup(Hdf5Layout.REFERENCE_ANNOTATOR);
                atr.putDataset(Hdf5Layout.ANN_SAMPLE, referenceSamples);
                atr.putDataset(Hdf5Layout.ANN_SYMBOL, referenceSymbols);
            }

            WritableGroup qrs = h.putGroup(Hdf5Layout.QRS_GROUP);
            qrs.putDataset(leaf(Hdf5Layout.QRS_SAMPLE), detectedSamples);
            qrs.putAttribute(Hdf5Layout.QRS_DETECTOR, "synthetic");
            WritableGroup hr = h.putGroup(parent(Hdf5Layout.HR_TIME_S));
            hr.putDataset(leaf(Hdf5Layout.HR_TIME_S), hrTimeS);
            hr.putDataset(leaf(Hdf5Layout.HR_BPM), hrBpm);

            if (morphology) {
                writeMorphology(h.putGroup(MorphologyView.GROUP));
            }

            if (metrics) {
                // jHDF 0.13 writes a corrupt file when a group has attributes but no child, so some values
                // are one-element datasets: the reader must accept both forms.
                WritableGroup m = h.putGroup(Hdf5Layout.METRICS_GROUP);
                m.putAttribute(RecordInfo.METRIC_BEATS, (long) detectedSamples.length);
                m.putAttribute(RecordInfo.METRIC_MEAN_HR, meanDetectedRate());
                m.putDataset(SDNN_MS, new double[] {SDNN});
                m.putDataset(RMSSD_MS, new double[] {RMSSD});
                if (reference) {
                    int tp = referenceBeats() - 1;
                    WritableGroup e = h.putGroup(Hdf5Layout.EVALUATION_GROUP);
                    e.putDataset("tp", new long[] {tp});
                    e.putDataset("fp", new long[] {1});
                    e.putDataset("fn", new long[] {1});
                    e.putAttribute(RecordInfo.EVAL_SENSITIVITY, sensitivity());
                    e.putAttribute(RecordInfo.EVAL_PPV, sensitivity());
                }
            }
        }
        return file;
    }

    /** Detections (all but the first and last) with their class: 1 for the ventricular beats, else 0. */
    int[] morphologyClasses() {
        int[] c = new int[detectedSamples.length - 2];
        for (int k = 0; k < c.length; k++) {
            long s = detectedSamples[k + 1];
            int nearest = 1;
            for (int r = 1; r < referenceSamples.length; r++) {
                if (Math.abs(referenceSamples[r] - s) < Math.abs(referenceSamples[nearest] - s)) {
                    nearest = r;
                }
            }
            c[k] = referenceSymbols[nearest].equals("V") ? 1 : 0;
        }
        return c;
    }

    /** PCA scores of beat k: ventricular beats far right on PC1, the others spread on PC2. */
    double[][] morphologyScores() {
        int[] cls = morphologyClasses();
        double[][] scores = new double[5][cls.length];
        for (int k = 0; k < cls.length; k++) {
            scores[0][k] = cls[k] == 1 ? 2.0 + 0.01 * (k % 5) : -0.3 + 0.02 * (k % 7);
            scores[1][k] = Math.sin(k);
        }
        return scores;
    }

    private void writeMorphology(WritableGroup g) {
        int[] cls = morphologyClasses();
        long[] samples = new long[cls.length];
        System.arraycopy(detectedSamples, 1, samples, 0, cls.length);
        double[] t = new double[96];
        double[] mean = new double[96];
        double[][] avg = new double[2][96];
        for (int i = 0; i < 96; i++) {
            t[i] = -0.25 + 0.65 * i / 95;
            mean[i] = wave(t[i]);
            avg[0][i] = wave(t[i]);
            avg[1][i] = -1.5 * wave(t[i]);
        }
        long v = IntStream.of(cls).filter(c -> c == 1).count();
        g.putDataset("sample", samples);
        g.putDataset("time_s", t);
        g.putDataset("mean_beat", mean);
        g.putDataset("class_average", avg);
        g.putDataset("class_count", new long[] {cls.length - v, v});
        g.putDataset("explained_variance", new double[] {0.6, 0.2, 0.1, 0.05, 0.02});
        g.putDataset("scores", morphologyScores());
        g.putDataset("class", cls);
        g.putDataset("outlier", new int[cls.length]);
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
