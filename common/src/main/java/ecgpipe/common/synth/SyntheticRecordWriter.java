package ecgpipe.common.synth;

import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationCodes;
import ecgpipe.common.wfdb.RecordHeader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.WfdbWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@link EcgSynth} output as a WFDB record shaped like an MIT-BIH one: format 212, 200 adu/mV,
 * 11-bit ADC with zero 1024, and a reference annotation file {@code .atr}.
 */
public final class SyntheticRecordWriter {
    public static final double GAIN = 200;
    public static final int ADC_RESOLUTION = 11;
    public static final int ADC_ZERO = 1024;
    public static final String[] LEAD_NAMES = {"MLII", "V1"};

    private SyntheticRecordWriter() {
    }

    /** Generates the record {@code params} describes and writes it into {@code dir}. */
    public static SyntheticRecord write(Path dir, EcgSynth.Params params) {
        EcgSynth.Ecg ecg = EcgSynth.generate(params);
        int n = ecg.millivolts()[0].length;
        int max = (1 << ADC_RESOLUTION) - 1;
        int[][] samples = new int[2][n];
        for (int lead = 0; lead < 2; lead++) {
            double[] mv = ecg.millivolts()[lead];
            for (int i = 0; i < n; i++) {
                // The ADC saturates at its range, as a real one does.
                long v = Math.round(mv[i] * GAIN) + ADC_ZERO;
                samples[lead][i] = (int) Math.max(0, Math.min(max, v));
            }
        }
        String file = params.recordName() + ".dat";
        List<SignalSpec> signals = new ArrayList<>();
        for (int lead = 0; lead < 2; lead++) {
            signals.add(SignalSpec.of(file, 212, GAIN, ADC_RESOLUTION, ADC_ZERO, 0, 0, LEAD_NAMES[lead]));
        }
        List<String> comments = List.of(String.format(Locale.ROOT,
                "synthetic ECG (McSharry et al. 2003 model): %.1f bpm +- %.1f, noise %.3f mV, ectopic %.2f, seed %d",
                params.meanHeartRate(), params.heartRateStd(), params.noiseMv(), params.ectopicFraction(),
                params.seed()));
        RecordHeader header = RecordHeader.of(params.recordName(), params.fs(), n, "00:00:00", "", signals, comments);
        RecordHeader written = WfdbWriter.write(dir, header, samples);

        List<Annotation> annotations = new ArrayList<>();
        annotations.add(Annotation.of(0, AnnotationCodes.RHYTHM).withAux("(N"));
        annotations.addAll(ecg.beats());
        WfdbWriter.writeAnnotations(dir, params.recordName(), "atr", annotations);
        return new SyntheticRecord(params, dir, written, samples, List.copyOf(annotations));
    }
}
