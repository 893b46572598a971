// Where the detections sit against the MIT-BIH reference marks, per record: the mean offset (detection -
// reference) over matched beats, at the records' 360 Hz and after resampling them to other frequencies (Lanczos
// windowed-sinc interpolation of both leads, low-passed below the new Nyquist frequency when downsampling;
// reference marks rescaled), so that the fiducial rule is seen not to depend on the
// sampling rate. Offsets in samples at 360 Hz (2.78 ms) whatever the rate, so the columns compare; the issue's
// criterion is |offset| <= 2 on every record. Also: pooled Se/+P from 5:00 at each rate. Detection on signal 0,
// fiducial chosen by signal name as analyze does (LeadSelector.fiducialLead). Run with bench/analyze-fiducial.sh.
import ecgpipe.analyze.InputRecord;
import ecgpipe.analyze.RecordAnalysis;
import ecgpipe.analyze.Score;
import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationCodes;
import ecgpipe.common.wfdb.AnnotationReader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

class FiducialOffsets {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getenv("MITDB_DIR"));
        double[] rates = args.length > 0 ? Arrays.stream(args).mapToDouble(Double::parseDouble).toArray()
                : new double[] {360, 125, 250, 500, 1000};
        List<String> records;
        try (Stream<Path> s = Files.list(dir)) {
            records = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".atr"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        StringBuilder head = new StringBuilder("record  lead0  fiducial");
        for (double fs : rates) {
            head.append(String.format(Locale.ROOT, " %8s", (int) fs + "Hz"));
        }
        System.out.println(head + "   (mean offset, samples at 360 Hz)");
        Score[] gross = new Score[rates.length];
        Arrays.fill(gross, Score.ZERO);
        int[] outside = new int[rates.length];
        double[] worst = new double[rates.length];
        for (String name : records) {
            WfdbRecord rec = WfdbReader.read(dir.resolve(name + ".hea"));
            List<Annotation> anns = AnnotationReader.read(dir.resolve(name + ".atr"));
            StringBuilder line = new StringBuilder();
            String fiducial = "";
            for (int r = 0; r < rates.length; r++) {
                RecordAnalysis a = RecordAnalysis.of(resampled(rec, anns, name, rates[r]), 0);
                fiducial = a.lead() + (a.fiducialChannel() == a.channel() ? "" : "->" + a.fiducialChannel());
                double offset = meanOffset(a) * 360 / rates[r];
                gross[r] = gross[r].plus(a.evaluation().fromStart());
                outside[r] += Math.abs(offset) > 2 ? 1 : 0;
                worst[r] = Math.max(worst[r], Math.abs(offset));
                line.append(String.format(Locale.ROOT, " %+8.2f", offset));
            }
            System.out.printf(Locale.ROOT, "%-7s %-14s%s%n", name, fiducial, line);
        }
        for (int r = 0; r < rates.length; r++) {
            System.out.printf(Locale.ROOT, "%5.0f Hz: %d of %d records beyond +-2, largest |offset| %.2f; from 5:00 Se %.2f%% +P %.2f%% (TP %d FP %d FN %d)%n",
                    rates[r], outside[r], records.size(), worst[r], 100 * gross[r].sensitivity(),
                    100 * gross[r].positivePredictivity(), gross[r].tp(), gross[r].fp(), gross[r].fn());
        }
    }

    /** Lanczos window size (lobes on either side). */
    static final int LOBES = 4;

    /**
     * The record at {@code fs} Hz: both leads resampled with a Lanczos kernel, stretched by fs0/fs when
     * downsampling so that it also removes what the new rate cannot represent (stored at 200 units/mV); marks
     * rescaled.
     */
    static InputRecord resampled(WfdbRecord rec, List<Annotation> anns, String name, double fs) {
        double fs0 = rec.header().samplingFrequency();
        List<SignalSpec> specs = rec.header().signals();
        int n0 = rec.samples()[0].length;
        int n = (int) Math.floor((n0 - 1) * fs / fs0) + 1;
        int[][] digital = new int[specs.size()][n];
        for (int s = 0; s < specs.size(); s++) {
            int[] row = rec.samples()[s];
            SignalSpec spec = specs.get(s);
            double stretch = Math.max(1, fs0 / fs);
            int reach = (int) Math.ceil(LOBES * stretch);
            for (int i = 0; i < n; i++) {
                double t = i * fs0 / fs;
                int centre = (int) Math.floor(t);
                double sum = 0;
                double weights = 0;
                for (int k = Math.max(0, centre - reach + 1); k <= Math.min(n0 - 1, centre + reach); k++) {
                    double w = lanczos((t - k) / stretch);
                    sum += w * row[k];
                    weights += w;
                }
                double mv = (sum / weights - spec.baseline()) / spec.gain();
                digital[s][i] = (int) Math.round(200 * mv);
            }
        }
        double[] gain = new double[specs.size()];
        Arrays.fill(gain, 200);
        int[] baseline = new int[specs.size()];
        int[] format = new int[specs.size()];
        Arrays.fill(format, 32); // any stored value is valid
        String[] names = specs.stream().map(SignalSpec::description).toArray(String[]::new);
        long[] samples = anns.stream().mapToLong(x -> Math.round(x.sample() * fs / fs0)).toArray();
        int[] codes = anns.stream().mapToInt(Annotation::code).toArray();
        return new InputRecord(name, fs, n, digital,
                Map.of(Hdf5Layout.SIG_GAIN, gain, Hdf5Layout.SIG_BASELINE, baseline, Hdf5Layout.SIG_FORMAT, format,
                        Hdf5Layout.SIG_NAME, names),
                Map.of(), List.of(new InputRecord.AnnotationSet(Hdf5Layout.REFERENCE_ANNOTATOR,
                        Map.of(Hdf5Layout.ANN_SAMPLE, samples, Hdf5Layout.ANN_CODE, codes), Map.of())));
    }

    static double lanczos(double x) {
        if (x == 0) {
            return 1;
        }
        if (Math.abs(x) >= LOBES) {
            return 0;
        }
        double px = Math.PI * x;
        return LOBES * Math.sin(px) * Math.sin(px / LOBES) / (px * px);
    }

    /** Mean of detection - reference over the reference beats with a detection within 150 ms (the nearest). */
    static double meanOffset(RecordAnalysis a) {
        InputRecord.AnnotationSet ref = a.input().annotator(Hdf5Layout.REFERENCE_ANNOTATOR);
        long[] det = a.beats();
        long window = Math.round(0.150 * a.input().fs());
        double sum = 0;
        int count = 0;
        long[] samples = ref.samples();
        int[] codes = ref.codes();
        for (int k = 0; k < samples.length; k++) {
            if (!AnnotationCodes.isBeat(codes[k])) {
                continue;
            }
            int q = Arrays.binarySearch(det, samples[k]);
            q = q < 0 ? -q - 1 : q;
            long best = Long.MAX_VALUE;
            for (int c = Math.max(0, q - 1); c <= Math.min(det.length - 1, q); c++) {
                if (Math.abs(det[c] - samples[k]) < Math.abs(best)) {
                    best = det[c] - samples[k];
                }
            }
            if (Math.abs(best) <= window) {
                sum += best;
                count++;
            }
        }
        return sum / count;
    }
}
