package ecgpipe.convert;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.util.List;
import java.util.Locale;

/** The outcome of a run: what was converted, skipped or failed, and how long it took. */
public record ConversionSummary(List<RecordConversion.Outcome> outcomes, boolean dryRun, double seconds) {

    public ConversionSummary {
        outcomes = List.copyOf(outcomes);
    }

    public long converted() {
        return count(RecordConversion.Converted.class) + count(RecordConversion.WouldConvert.class);
    }

    /** Up to date, or not convertible by design. */
    public long skipped() {
        return count(RecordConversion.UpToDate.class) + count(RecordConversion.NotConvertible.class);
    }

    public List<RecordConversion.Failed> failures() {
        return outcomes.stream().filter(RecordConversion.Failed.class::isInstance)
                .map(RecordConversion.Failed.class::cast).toList();
    }

    private long count(Class<?> type) {
        return outcomes.stream().filter(type::isInstance).count();
    }

    /** 0 when nothing failed, 3 when some records failed and others did not, else the first failure's code. */
    public int exitCode() {
        List<RecordConversion.Failed> failed = failures();
        if (failed.isEmpty()) {
            return ExitCode.OK;
        }
        if (failed.size() < outcomes.size()) {
            return ExitCode.PARTIAL;
        }
        PipelineException first = failed.get(0).error();
        return first.exitCode();
    }

    /** e.g. "converted 26 records (3 skipped) in 4.1 s". */
    public String line() {
        String skipped = skipped() + " skipped" + (failures().isEmpty() ? "" : ", " + failures().size() + " failed");
        String verb = dryRun ? "dry run: would convert" : "converted";
        return String.format(Locale.ROOT, "%s %d record%s (%s) in %.1f s", verb, converted(),
                converted() == 1 ? "" : "s", skipped, seconds);
    }
}
