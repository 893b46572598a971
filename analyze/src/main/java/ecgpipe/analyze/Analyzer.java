package ecgpipe.analyze;

import ecgpipe.common.ExitCode;
import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.PipelineException;
import ecgpipe.common.cli.VersionProvider;
import ecgpipe.common.concurrent.ParallelMap;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyze stage: every record file of the input directory becomes a results file of the same name
 * in the output directory, then summary.json is rewritten from all results files there. Records run in
 * parallel and fail independently; a rerun skips results whose source digest, channel and producer match.
 */
public final class Analyzer {
    private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);
    public static final String EXTENSION = ".h5";

    private final PrintWriter out;
    private final PrintWriter err;

    public Analyzer(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    public static String producer() {
        return "analyze " + VersionProvider.version();
    }

    /** The outcome of one run; {@link #exitCode()} follows the shared table. */
    public record Report(int analyzed, int skipped, List<String> failures, int exitCode, Score gross,
            long recordsEvaluated) {
    }

    private enum Status { ANALYZED, SKIPPED, PLANNED }

    private record Outcome(Path file, Status status, PipelineException failure) {
    }

    public Report run(AnalyzeRequest request) {
        long started = System.nanoTime();
        List<Path> inputs = listInputs(request);
        if (!request.dryRun()) {
            createDirectory(request.outputDir());
            AtomicFiles.sweepTemporaries(request.outputDir());
        }
        List<Outcome> outcomes = ParallelMap.map("analyze", inputs, request.threads(), in -> runOne(request, in));

        int analyzed = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                String message = o.failure().getMessage();
                // Name the file once: most messages already give its path.
                String line = message.contains(o.file().toString()) ? message : o.file().getFileName() + ": " + message;
                failures.add(line);
                codes.add(o.failure().exitCode());
                err.println("analyze: error: " + line);
            } else if (o.status() == Status.ANALYZED || o.status() == Status.PLANNED) {
                analyzed++;
            } else {
                skipped++;
            }
        }
        int exit = ExitCode.combine(analyzed + skipped, codes);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (request.dryRun()) {
            out.printf(Locale.ROOT, "dry run: %d to analyze, %d up to date, %d failed; nothing written%n",
                    analyzed, skipped, failures.size());
            out.flush();
            return new Report(analyzed, skipped, failures, exit, null, 0);
        }
        List<ResultsSummary> results = readResults(request.outputDir());
        SummaryJson.write(request.outputDir().resolve(ResultsLayout.SUMMARY_FILE), results, producer());
        Score gross = SummaryJson.gross(results, "");
        long evaluated = SummaryJson.evaluated(results);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "analyzed %d, up to date %d, failed %d records in %.1f s", analyzed, skipped, failures.size(), seconds));
        if (evaluated > 0) {
            line.append(String.format(Locale.ROOT,
                    "; pooled over %d records from 5:00: Se %.2f%% +P %.2f%% (TP %d FP %d FN %d)", evaluated,
                    100 * gross.sensitivity(), 100 * gross.positivePredictivity(), gross.tp(), gross.fp(), gross.fn()));
        }
        out.println(line);
        out.flush();
        return new Report(analyzed, skipped, failures, exit, evaluated > 0 ? gross : null, evaluated);
    }

    private Outcome runOne(AnalyzeRequest request, Path in) {
        String record = RecordFileReader.stem(in);
        Path target = request.outputDir().resolve(in.getFileName());
        try {
            String digest = sha256(in);
            if (!request.force()) {
                ResultsSummary existing = ResultsSummary.readOrNull(target);
                // Without --channel the lead is chosen from the input alone: the digest decides.
                if (existing != null && digest.equals(existing.sourceSha256())
                        && (request.channel() == null || existing.channel() == request.channel())
                        && producer().equals(existing.producer())) {
                    say(record + ": up to date" + (request.dryRun() ? ", would skip" : ", skipped"));
                    return new Outcome(in, Status.SKIPPED, null);
                }
            }
            InputRecord input = RecordFileReader.read(in);
            int channel = LeadSelector.choose(input, request.channel());
            if (request.dryRun()) {
                say(String.format(Locale.ROOT, "%s: would analyze channel %s (%d signals, %.0f Hz, %d samples) -> %s",
                        record, LeadSelector.describe(input, channel), input.signals(), input.fs(), input.nSamples(),
                        target));
                return new Outcome(in, Status.PLANNED, null);
            }
            long t0 = System.nanoTime();
            RecordAnalysis a = RecordAnalysis.of(input, (Integer) channel);
            ResultsFileWriter.write(target, a, new ResultsFileWriter.Provenance(producer(), in.getFileName().toString(),
                    digest));
            say(describe(record, a, (System.nanoTime() - t0) / 1e9));
            return new Outcome(in, Status.ANALYZED, null);
        } catch (PipelineException e) {
            LOG.debug("{} failed", in, e);
            return new Outcome(in, Status.ANALYZED, e);
        } catch (RuntimeException e) {
            LOG.debug("{} failed", in, e);
            return new Outcome(in, Status.ANALYZED, new PipelineException(ExitCode.INTERNAL,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e));
        }
    }

    private static String describe(String record, RecordAnalysis a, double seconds) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: signal %s, %d beats", record,
                LeadSelector.describe(a.input(), a.channel()), a.beats().length));
        if (a.fiducialChannel() != a.channel()) {
            b.append(", fiducial on signal ").append(LeadSelector.describe(a.input(), a.fiducialChannel()));
        }
        if (a.beatsFromOtherLead() > 0) {
            b.append(String.format(Locale.ROOT, " (%d from another lead where this one lost the signal)",
                    a.beatsFromOtherLead()));
        }
        b.append(String.format(Locale.ROOT, ", mean HR %.1f bpm", a.metrics().meanHrBpm()));
        if (a.morphology() != null) {
            b.append(String.format(Locale.ROOT, ", %d morphology classes, %d outliers", a.morphology().classes(),
                    a.morphology().outliers()));
        }
        if (a.evaluation() != null) {
            Score s = a.evaluation().fromStart();
            b.append(String.format(Locale.ROOT, ", from 5:00 TP %d FP %d FN %d Se %.2f%% +P %.2f%%", s.tp(), s.fp(),
                    s.fn(), 100 * s.sensitivity(), 100 * s.positivePredictivity()));
        } else {
            b.append(", no reference annotations (annotations/" + Hdf5Layout.REFERENCE_ANNOTATOR + "): not evaluated");
        }
        return b.append(String.format(Locale.ROOT, " (%.2f s)", seconds)).toString();
    }

    private synchronized void say(String line) {
        out.println(line);
        out.flush();
    }

    private static List<Path> listInputs(AnalyzeRequest request) {
        Path dir = request.inputDir();
        if (!Files.isDirectory(dir)) {
            throw PipelineException.inputMissing("input directory " + dir + " does not exist or is not a directory");
        }
        if (Files.isDirectory(request.outputDir()) && sameFile(dir, request.outputDir())) {
            throw PipelineException.usage("output directory must differ from the input directory " + dir
                    + " (results files take the records' names)");
        }
        List<Path> files = h5Files(dir);
        if (files.isEmpty()) {
            throw PipelineException.inputMissing("no record files (*" + EXTENSION + ") in " + dir);
        }
        return request.shard().select(files);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> h5Files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(EXTENSION))
                    .filter(p -> !AtomicFiles.isTemporary(p) && !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw PipelineException.io("cannot list " + dir, e);
        }
    }

    private static List<ResultsSummary> readResults(Path dir) {
        List<ResultsSummary> out = new ArrayList<>();
        for (Path p : h5Files(dir)) {
            ResultsSummary s = ResultsSummary.readOrNull(p);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw PipelineException.io("cannot create output directory " + dir, e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw PipelineException.io("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
