// Beat morphology against the reference labels pooled over the MIT-BIH records: each record's classes are labelled
// by their majority AAMI class (as analyze does per record), and the per-class confusion rows of all records are
// summed. Run with bench/analyze-morphology-pooled.sh.
import ecgpipe.analyze.AamiClass;
import ecgpipe.analyze.InputRecord;
import ecgpipe.analyze.Morphology;
import ecgpipe.analyze.RecordAnalysis;
import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.wfdb.*;
import java.nio.file.*;
import java.util.*;
class MorphologyPooled {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getenv("MITDB_DIR"));
        List<long[]> rows = new ArrayList<>();
        long beats = 0, outliers = 0;
        List<String> records = new ArrayList<>();
        try (var s = Files.list(dir)) { s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hea")).map(n -> n.substring(0, n.length() - 4)).sorted().forEach(records::add); }
        for (String name : records) {
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
            RecordAnalysis ra = RecordAnalysis.of(in, 0);
            Morphology m = ra.morphology();
            rows.addAll(Arrays.asList(m.confusion()));
            beats += Arrays.stream(m.classCount()).sum();
            outliers += m.outliers();
        }
        Morphology pooled = new Morphology(null, null, null, null, 0, null, null, rows.toArray(new long[0][]));
        System.out.printf("segmented beats %d, outliers %.1f %%, purity %.1f %%%n", beats, 100.0 * outliers / beats, 100 * pooled.purity());
        for (AamiClass c : AamiClass.values()) System.out.printf("%s Se %.1f %% +P %.1f %%%n", c, 100 * pooled.sensitivity(c), 100 * pooled.positivePredictivity(c));
    }
}
