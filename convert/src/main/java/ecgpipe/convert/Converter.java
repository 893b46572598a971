package ecgpipe.convert;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import ecgpipe.common.Shard;
import ecgpipe.common.concurrent.ParallelMap;
import ecgpipe.common.io.AtomicFiles;
import ecgpipe.common.wfdb.RecordHeader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The convert stage: every WFDB record in the input directory (this run's shard of them) becomes one HDF5
 * file in the output directory; a multi-segment record is one record, its segment headers are not records. Records are converted in parallel; one record's failure
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
        List<Path> all = headers(request.inputDir());
        Map<String, List<String>> extensions = extensionsByRecord(request.inputDir());
        Set<String> parts = segmentsOfMultiSegmentRecords(all);
        if (!parts.isEmpty()) {
            LOG.info("{} segment header(s) are read as parts of their multi-segment records", parts.size());
        }
        List<Path> headers = request.shard()
                .select(all.stream().filter(h -> !parts.contains(RecordConversion.recordName(h))).toList());
        if (!request.dryRun()) {
            try {
                Files.createDirectories(request.outputDir());
            } catch (IOException e) {
                throw PipelineException.io("cannot create output directory " + request.outputDir(), e);
            }
            if (!Files.isWritable(request.outputDir())) {
                // Checked once here, so an unwritable directory is one line, not one failure per record.
                throw new PipelineException(ExitCode.ACCESS_DENIED, "cannot write to output directory "
                        + request.outputDir() + " (permission denied or read-only file system)");
            }
            int swept = AtomicFiles.sweepTemporaries(request.outputDir());
            if (swept > 0) {
                LOG.info("removed {} unfinished file(s) of an earlier run from {}", swept, request.outputDir());
            }
        }
        RecordConversion conversion = new RecordConversion(request, producer, extensions);
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

    /**
     * Names of the records that are segments (or the layout header) of a multi-segment record in the list:
     * they are converted as part of it, not on their own. A header that cannot be parsed names nothing here; it
     * fails on its own later.
     */
    static Set<String> segmentsOfMultiSegmentRecords(List<Path> headers) {
        Set<String> parts = new HashSet<>();
        for (Path hea : headers) {
            try {
                if (!firstRecordLineIsMultiSegment(hea)) {
                    continue;
                }
                for (RecordHeader.Segment s : RecordHeader.read(hea).segments()) {
                    parts.add(s.name());
                }
            } catch (PipelineException e) {
                LOG.debug("{}: {}", hea, e.getMessage());
            }
        }
        return parts;
    }

    /** Cheap test on the first non-comment line ("name/segments ..."), so ordinary headers are parsed once. */
    private static boolean firstRecordLineIsMultiSegment(Path hea) {
        try (var lines = Files.lines(hea, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                    .map(l -> l.split("[ \\t]+")[0].contains("/")).orElse(false);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** For every record name, the extensions of the files {@code <name>.<ext>} in {@code dir}. */
    static Map<String, List<String>> extensionsByRecord(Path dir) {
        Map<String, List<String>> map = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !AtomicFiles.isTemporary(p)).map(p -> p.getFileName().toString()).sorted().forEach(f -> {
                int dot = f.lastIndexOf('.');
                if (dot > 0 && dot < f.length() - 1) {
                    map.computeIfAbsent(f.substring(0, dot), k -> new ArrayList<>()).add(f.substring(dot + 1));
                }
            });
        } catch (IOException e) {
            throw PipelineException.io("cannot list input directory " + dir, e);
        }
        return map;
    }
}
