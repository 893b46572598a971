package ecgpipe.convert;

import ecgpipe.common.ExitCode;
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

    /** {@link ExitCode#combine}: a record skipped as up to date or not convertible did not fail. */
    public int exitCode() {
        List<RecordConversion.Failed> failed = failures();
        List<Integer> codes = failed.stream().map(f -> f.error().exitCode()).toList();
        return ExitCode.combine(outcomes.size() - failed.size(), codes);
    }

    /** e.g. "converted 26 records (3 skipped) in 4.1 s". */
    public String line() {
        String skipped = skipped() + " skipped" + (failures().isEmpty() ? "" : ", " + failures().size() + " failed");
        String verb = dryRun ? "dry run: would convert" : "converted";
        return String.format(Locale.ROOT, "%s %d record%s (%s) in %.1f s", verb, converted(),
                converted() == 1 ? "" : "s", skipped, seconds);
    }
}
