// Detection time per MIT-BIH record, as thread CPU time (best of 20 calls after 10 warm-up calls), so that
// other jobs on a shared machine do not inflate it as they do wall time. Run with bench/analyze-detect-cpu.sh.
import ecgpipe.analyze.QrsDetector;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

class DetectCpuTime {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getenv("MITDB_DIR"));
        List<Path> headers;
        try (Stream<Path> s = Files.list(dir)) {
            headers = s.filter(p -> p.toString().endsWith(".hea")).sorted().toList();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long samples = 0;
        double seconds = 0;
        for (Path h : headers) {
            WfdbRecord rec = WfdbReader.read(h);
            SignalSpec spec = rec.header().signals().get(0);
            int[] row = rec.samples()[0];
            double[] x = new double[row.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (row[i] - spec.baseline()) / spec.gain();
            }
            double fs = rec.header().samplingFrequency();
            double best = Double.MAX_VALUE;
            for (int k = 0; k < 30; k++) {
                long t0 = threads.getCurrentThreadCpuTime();
                QrsDetector.detect(x, fs);
                long t1 = threads.getCurrentThreadCpuTime();
                if (k >= 10) {
                    best = Math.min(best, (t1 - t0) / 1e9);
                }
            }
            samples += x.length;
            seconds += best;
            System.out.printf(Locale.ROOT, "%s %8d samples  %6.1f ms  %5.1f M samples/s%n",
                    h.getFileName().toString().replace(".hea", ""), x.length, 1000 * best, x.length / best / 1e6);
        }
        System.out.printf(Locale.ROOT, "all %d records: %.1f ms per record, %.1f M samples/s per core (thread CPU time)%n",
                headers.size(), 1000 * seconds / headers.size(), samples / seconds / 1e6);
    }
}
