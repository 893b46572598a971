package ecgpipe.convert;

import ecgpipe.common.PipelineException;
import ecgpipe.common.concurrent.ParallelMap;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The convert stage: every single-segment WFDB record in the input directory (this run's shard of them)
 * becomes one HDF5 file in the output directory. Records are converted in parallel; one record's failure
 * does not stop the others.
 */
public final class Converter {
    private static final Logger LOG = LoggerFactory.getLogger(Converter.class);

    private final PrintWriter out;
    private final PrintWriter err;
    private final String producer;

    /** {@code out} gets the dry-run listing, {@code err} the notes and one line per failed record. */
    public Converter(PrintWriter out, PrintWriter err, String producer) {
        this.out = out;
        this.err = err;
        this.producer = producer;
    }

    public ConversionSummary run(ConvertRequest request) {
        long start = System.nanoTime();
        List<Path> headers = shard(headers(request.inputDir()), request.shard());
        if (!request.dryRun()) {
            try {
                Files.createDirectories(request.outputDir());
            } catch (IOException e) {
                throw PipelineException.io("cannot create output directory " + request.outputDir(), e);
            }
            int swept = AtomicFiles.sweepTemporaries(request.outputDir());
            if (swept > 0) {
                LOG.info("removed {} unfinished file(s) of an earlier run from {}", swept, request.outputDir());
            }
        }
        RecordConversion conversion = new RecordConversion(request, producer);
        List<RecordConversion.Outcome> outcomes = convertAll(headers, conversion, request.threads());
        for (RecordConversion.Outcome o : outcomes) {
            report(o);
        }
        out.flush();
        err.flush();
        return new ConversionSummary(outcomes, request.dryRun(), (System.nanoTime() - start) / 1e9);
    }

    private void report(RecordConversion.Outcome o) {
        if (o instanceof RecordConversion.Failed f) {
            err.println("convert: error: " + f.error().getMessage());
            if (LOG.isDebugEnabled()) {
                LOG.debug("record " + f.record() + " failed", f.error());
            }
        } else if (o instanceof RecordConversion.NotConvertible n) {
            err.println("convert: note: skipping " + n.record() + ": " + n.reason());
        } else if (o instanceof RecordConversion.WouldConvert w) {
            out.println("would convert " + w.record() + " from " + String.join(", ", w.inputs()));
        } else if (o instanceof RecordConversion.UpToDate u) {
            LOG.info("{} is up to date", u.record());
        }
    }

    /** RecordConversion turns every record problem into an outcome; what escapes it is a bug or fatal. */
    private static List<RecordConversion.Outcome> convertAll(List<Path> headers, RecordConversion conversion,
                                                             int threads) {
        return ParallelMap.map("convert-worker", headers, threads, hea -> {
            long t0 = System.nanoTime();
            RecordConversion.Outcome o = conversion.convert(hea);
            LOG.debug("{}: {} in {} ms", o.record(), o.getClass().getSimpleName(),
                    (System.nanoTime() - t0) / 1_000_000);
            return o;
        });
    }

    /** The {@code .hea} files of {@code dir}, sorted by name; a missing or empty directory is input missing. */
    static List<Path> headers(Path dir) {
        if (!Files.exists(dir)) {
            throw PipelineException.inputMissing("input directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw PipelineException.inputMissing("input " + dir + " is not a directory");
        }
        List<Path> headers;
        try (Stream<Path> s = Files.list(dir)) {
            headers = s.filter(p -> p.getFileName().toString().endsWith(".hea") && !AtomicFiles.isTemporary(p)
                    && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw PipelineException.io("cannot list input directory " + dir, e);
        }
        if (headers.isEmpty()) {
            throw PipelineException.inputMissing("no WFDB records (.hea files) in " + dir);
        }
        return headers;
    }

    private static List<Path> shard(List<Path> headers, Shard shard) {
        List<Path> mine = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            if (shard.includes(i)) {
                mine.add(headers.get(i));
            }
        }
        return mine;
    }
}
