package ecgpipe.bench.analyze;

import ecgpipe.analyze.HrvMetrics;
import ecgpipe.analyze.Morphology;
import ecgpipe.analyze.QrsDetector;
import ecgpipe.common.synth.EcgSynth;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The analyze stage's hot paths on one 30-minute lead (ECGSYN, 70 bpm, 10 % ventricular ectopy, 0.05 mV
 * noise) at the sampling rate given: QRS detection (the target: 650,000 samples at 360 Hz in under
 * 13 ms, i.e. 50 M samples/s on one core), HRV with the Lomb-Scargle spectrum, and the morphology analysis
 * (segmentation, PCA by EJML, outliers, classes). Single-threaded: divide the record's samples by the time.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'bench.analyze' -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalyzeBenchmark {
    @Param({"360"})
    public double fs;

    double[] lead;
    long[] beats;
    double[] wideBand;

    @Setup
    public void setUp() {
        EcgSynth.Ecg ecg = EcgSynth.generate(EcgSynth.Params.of("bench", 1800, 17).withFs(fs).withHeartRate(70, 3)
                .withEctopicFraction(0.1).withNoise(0.05));
        lead = ecg.millivolts()[0];
        QrsDetector.Detection d = QrsDetector.detectOnLead(lead, fs);
        beats = d.beats();
        wideBand = d.wideBand();
    }

    /** Detection alone: what the 50 M samples/s target is about. */
    @Benchmark
    public long[] detect() {
        return QrsDetector.detect(lead, fs);
    }

    /** Time- and frequency-domain HRV of the detected beats (Lomb-Scargle on about 2,100 NN intervals). */
    @Benchmark
    public HrvMetrics hrv() {
        return HrvMetrics.ofBeats(beats, fs);
    }

    /** Beat matrix, PCA (covariance + EJML SVD), outliers and k-means classes of about 2,100 beats. */
    @Benchmark
    public Morphology morphology() {
        return Morphology.of(wideBand, fs, beats, null, null, 0.15);
    }
}
