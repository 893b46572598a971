package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.testing.Prerequisites;
import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationReader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The done-when of the detector: on the MIT-BIH records in MITDB_DIR, pooled sensitivity and positive
 * predictivity from 5:00 (bxb's gross statistics) are both at least 99.5 %. The records go through the
 * same path as analyze's input (InputRecord: stored samples, gain, baseline, format) on lead 0.
 */
class MitdbAccuracyTest {
    static final double REQUIRED = 0.995;

    @Test
    void pooledSensitivityAndPositivePredictivityFromFiveMinutes() throws Exception {
        Path dir = Prerequisites.mitdbDir();
        List<String> records;
        try (Stream<Path> s = Files.list(dir)) {
            records = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hea"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .filter(r -> Files.exists(dir.resolve(r + ".atr"))).sorted().toList();
        }
        // Records in parallel (2 cores here): each is independent.
        List<RecordAnalysis> results = records.parallelStream().map(r -> analyse(dir, r)).toList();

        StringBuilder table = new StringBuilder("record     TP    FP    FN     Se%     +P%   (from 5:00)\n");
        Score gross = Score.ZERO;
        Score grossAll = Score.ZERO;
        for (RecordAnalysis a : results) {
            Score s = a.evaluation().fromStart();
            gross = gross.plus(s);
            grossAll = grossAll.plus(a.evaluation().all());
            table.append(row(a.input().name(), s));
        }
        table.append(row("gross", gross)).append(row("gross(all)", grossAll));
        System.out.print(table);
        assertTrue(gross.sensitivity() >= REQUIRED && gross.positivePredictivity() >= REQUIRED,
                "pooled Se/+P below 99.5 %:\n" + table);
    }

    private static String row(String name, Score s) {
        return String.format(Locale.ROOT, "%-9s %6d %5d %5d %7.2f %7.2f%n", name, s.tp(), s.fp(), s.fn(),
                100 * s.sensitivity(), 100 * s.positivePredictivity());
    }

    private static RecordAnalysis analyse(Path dir, String name) {
        WfdbRecord rec = WfdbReader.read(dir.resolve(name + ".hea"));
        List<SignalSpec> specs = rec.header().signals();
        double[] gain = specs.stream().mapToDouble(SignalSpec::gain).toArray();
        int[] baseline = specs.stream().mapToInt(SignalSpec::baseline).toArray();
        int[] format = specs.stream().mapToInt(SignalSpec::format).toArray();
        List<Annotation> anns = AnnotationReader.read(dir.resolve(name + ".atr"));
        long[] samples = anns.stream().mapToLong(Annotation::sample).toArray();
        int[] codes = anns.stream().mapToInt(Annotation::code).toArray();
        InputRecord in = new InputRecord(name, rec.header().samplingFrequency(), rec.numberOfSamples(), rec.samples(),
                Map.of(Hdf5Layout.SIG_GAIN, gain, Hdf5Layout.SIG_BASELINE, baseline, Hdf5Layout.SIG_FORMAT, format),
                Map.of(), List.of(new InputRecord.AnnotationSet(Hdf5Layout.REFERENCE_ANNOTATOR,
                        Map.of(Hdf5Layout.ANN_SAMPLE, samples, Hdf5Layout.ANN_CODE, codes), Map.of())));
        return RecordAnalysis.of(in, 0);
    }
}
