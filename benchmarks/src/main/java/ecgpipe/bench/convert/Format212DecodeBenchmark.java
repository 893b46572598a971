package ecgpipe.bench.convert;

import ecgpipe.common.synth.EcgSynth;
import ecgpipe.common.synth.SyntheticRecord;
import ecgpipe.common.synth.SyntheticRecordWriter;
import ecgpipe.common.wfdb.RecordHeader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.StorageFormat;
import ecgpipe.common.wfdb.WfdbReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode throughput of the WFDB storage formats on one core, in bytes of signal file per second: a synthetic
 * 30-minute two-lead MIT-BIH-shaped record (650,000 frames at 360 Hz, format 212: 1.95 MB), re-encoded in the
 * other formats with the same samples. Each operation decodes the whole file from memory, so
 * MB/s = ops/s x the {@code bytes} printed by {@link #bytes()} (see bench/convert-RESULTS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Format212DecodeBenchmark {
    @Param({"212", "16", "310", "311", "24"})
    int format;

    byte[] data;
    List<SignalSpec> signals;
    long frames;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("decode-bench");
        try {
            SyntheticRecord r = SyntheticRecordWriter.write(dir,
                    new EcgSynth.Params("b", 360, 650_000 / 360.0, 70, 3, 0.02, 0.05, 1));
            int[][] samples = r.samples();
            frames = samples[0].length;
            String file = "b" + format + ".dat";
            List<SignalSpec> specs = List.of(spec(file, "MLII"), spec(file, "V1"));
            RecordHeader h = RecordHeader.of("b" + format, 360, frames, "", "", specs, List.of());
            if (format == 310 || format == 311) {
                // 10-bit formats: keep the samples' top 10 of 11 bits so the data is ECG-like and fits.
                for (int[] s : samples) {
                    for (int k = 0; k < s.length; k++) {
                        s[k] = Math.max(-511, Math.min(511, (s[k] - 1024) / 2));
                    }
                }
            }
            ecgpipe.common.wfdb.WfdbWriter.write(dir, h, samples);
            data = Files.readAllBytes(dir.resolve(file));
            signals = specs;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.out.println("\nformat " + format + ": " + data.length + " bytes per operation ("
                + StorageFormat.of(format).orElseThrow() + ")");
    }

    private SignalSpec spec(String file, String name) {
        return new SignalSpec(file, format, 1, 0, 0, 200, 0, "mV", 12, 0, OptionalInt.empty(), OptionalInt.empty(),
                0, name);
    }

    /** Bytes of signal file one operation decodes. */
    public long bytes() {
        return data.length;
    }

    @Benchmark
    public int[][] decodeWholeFile() {
        return WfdbReader.decode(signals, data, frames);
    }
}
