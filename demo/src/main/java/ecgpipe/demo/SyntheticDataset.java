package ecgpipe.demo;

import ecgpipe.common.PipelineException;
import ecgpipe.common.synth.EcgSynth;
import ecgpipe.common.synth.SyntheticRecordWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, varied set of synthetic records: each record gets its own heart rate, variability, noise level
 * and share of premature ventricular beats, so the dashboard has differences to show and the detector has
 * something to get wrong.
 */
public final class SyntheticDataset {
    private SyntheticDataset() {
    }

    public record Request(Path dir, int records, double durationSeconds, double fs, long seed) {
        public Request {
            if (records < 1 || records > 10_000) {
                throw PipelineException.usage("--records must be 1..10000: " + records);
            }
            if (durationSeconds < 10 || durationSeconds > 24 * 3600) {
                throw PipelineException.usage("--minutes must give 10 s .. 24 h: " + durationSeconds / 60);
            }
            if (fs < 100 || fs > 2000) {
                throw PipelineException.usage("--fs must be 100..2000 Hz: " + fs);
            }
        }
    }

    public record Result(int written, int kept) {
    }

    // Per-record variety, cycled: mean HR (bpm), HR std (bpm), noise (mV), ectopic fraction.
    private static final double[][] PROFILES = {
        {72, 3, 0.01, 0.00},
        {58, 2, 0.02, 0.03},
        {88, 4, 0.03, 0.08},
        {66, 5, 0.05, 0.01},
        {104, 3, 0.02, 0.12},
    };

    /** The record names the request produces: s001, s002, ... */
    public static List<String> names(Request request) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= request.records(); i++) {
            names.add(String.format(Locale.ROOT, "s%03d", i));
        }
        return names;
    }

    public static Result write(Request request) {
        int written = 0;
        int kept = 0;
        List<String> names = names(request);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (complete(request.dir(), name)) {
                kept++;
                continue;
            }
            double[] p = PROFILES[i % PROFILES.length];
            EcgSynth.Params params = new EcgSynth.Params(name, request.fs(), request.durationSeconds(),
                    p[0], p[1], p[2], p[3], request.seed() + i);
            SyntheticRecordWriter.write(request.dir(), params);
            written++;
        }
        return new Result(written, kept);
    }

    // The WFDB writer renames each file into place when complete, so existing files are whole.
    private static boolean complete(Path dir, String name) {
        return Files.isRegularFile(dir.resolve(name + ".hea")) && Files.isRegularFile(dir.resolve(name + ".dat"))
                && Files.isRegularFile(dir.resolve(name + ".atr"));
    }
}
