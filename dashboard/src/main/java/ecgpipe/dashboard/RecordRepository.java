package ecgpipe.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results directory of one dataset ({@code <record>.h5} files and an optional {@code summary.json}),
 * opened once at start. The files are read-only while the server runs, so handles and metadata are
 * cached for its lifetime.
 */
public final class RecordRepository implements AutoCloseable {
    static final String SUMMARY_FILE = "summary.json";
    private static final Logger LOG = LoggerFactory.getLogger(RecordRepository.class);

    private final Path dir;
    private final Map<String, ResultsFile> records;
    private final String summaryJson;

    private RecordRepository(Path dir, Map<String, ResultsFile> records, String summaryJson) {
        this.dir = dir;
        this.records = records;
        this.summaryJson = summaryJson;
    }

    /**
     * Opens every results file in {@code dir}, in record order. A file that cannot be read is reported and
     * skipped, so one damaged record does not take the whole dashboard down; a directory with no readable
     * record at all is an error.
     */
    public static RecordRepository open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw PipelineException.inputMissing("data directory " + dir + " does not exist");
        }
        List<Path> files = resultsFiles(dir);
        if (files.isEmpty()) {
            throw PipelineException.inputMissing("no results files (*.h5) in " + dir
                    + ": run the analyze stage first");
        }
        Map<String, ResultsFile> opened = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            try {
                ResultsFile r = ResultsFile.open(f);
                opened.put(r.info().id(), r);
            } catch (PipelineException e) {
                failures.add(e.getMessage());
                LOG.warn("skipping {}", e.getMessage());
            }
        }
        if (opened.isEmpty()) {
            throw PipelineException.badInput("none of the " + files.size() + " results files in " + dir
                    + " could be read; first: " + failures.get(0));
        }
        return new RecordRepository(dir, Collections.unmodifiableMap(opened), readSummary(dir));
    }

    public int size() {
        return records.size();
    }

    public Path directory() {
        return dir;
    }

    Collection<ResultsFile> all() {
        return records.values();
    }

    Optional<ResultsFile> find(String id) {
        return Optional.ofNullable(records.get(id));
    }

    /** The dataset summary written by the analyze stage, verbatim, when present and valid JSON. */
    Optional<String> summaryJson() {
        return Optional.ofNullable(summaryJson);
    }

    @Override
    public void close() {
        records.values().forEach(ResultsFile::close);
    }

    private static List<Path> resultsFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".h5"))
                    .filter(p -> !AtomicFiles.isTemporary(p))
                    .filter(Files::isRegularFile)
                    .sorted(RecordRepository::byRecordName)
                    .toList();
        } catch (IOException e) {
            throw PipelineException.io("cannot list " + dir, e);
        }
    }

    /** MIT-BIH names are numbers ("100", "1001"): order them as numbers, others by name. */
    private static int byRecordName(Path a, Path b) {
        String x = a.getFileName().toString();
        String y = b.getFileName().toString();
        if (x.length() != y.length() && x.matches("\\d+\\.h5") && y.matches("\\d+\\.h5")) {
            return Integer.compare(x.length(), y.length());
        }
        return x.compareTo(y);
    }

    private static String readSummary(Path dir) {
        Path p = dir.resolve(SUMMARY_FILE);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            String json = Files.readString(p);
            new ObjectMapper().readTree(json);
            return json;
        } catch (IOException e) {
            LOG.warn("ignoring {}: {}", p, e.getMessage());
            return null;
        }
    }
}
