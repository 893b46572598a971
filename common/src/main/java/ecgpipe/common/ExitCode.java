package ecgpipe.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one exit-code table shared by every stage (documented in docs/exit-codes.md). The values follow
 * BSD sysexits where one fits, so shell scripts and CI {@code retry} rules can key on them.
 */
public final class ExitCode {
    public static final int OK = 0;
    /** Unexpected failure: a bug in this program. */
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    /** Some records failed, the rest succeeded; each failure was reported on its own line. */
    public static final int PARTIAL = 3;
    public static final int BAD_INPUT = 65;
    public static final int INPUT_MISSING = 66;
    public static final int UNAVAILABLE = 69;
    public static final int IO_ERROR = 74;
    /** A temporary failure (throttling, timeout): worth retrying as it is. */
    public static final int TEMPORARY = 75;
    public static final int ACCESS_DENIED = 77;

    private ExitCode() {
    }

    /**
     * The exit code of a run over many records (the PARTIAL row of docs/exit-codes.md): {@link #OK} when
     * nothing failed; the failures' code when every record failed and all alike, so that a lone bad record
     * or an unreachable service keeps its own code; otherwise {@link #PARTIAL}.
     *
     * @param succeeded    records that did not fail (done, or skipped as up to date)
     * @param failureCodes the exit code of each failed record
     */
    public static int combine(int succeeded, List<Integer> failureCodes) {
        if (failureCodes.isEmpty()) {
            return OK;
        }
        if (succeeded == 0 && failureCodes.stream().distinct().count() == 1) {
            return failureCodes.get(0);
        }
        return PARTIAL;
    }

    /** The table as picocli shows it under "Exit Codes:" in every stage's --help. */
    public static Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(" " + OK, "Success");
        t.put(" " + INTERNAL, "Internal error (a bug: rerun with -v and report it)");
        t.put(" " + USAGE, "Usage error: unknown option or bad argument");
        t.put(" " + PARTIAL, "Some records failed, the others succeeded");
        t.put(BAD_INPUT + "", "Bad input data (unparsable header, truncated or corrupt file)");
        t.put(INPUT_MISSING + "", "Input missing (no such directory, file, bucket or key; empty input)");
        t.put(UNAVAILABLE + "", "Remote service unavailable (endpoint unreachable)");
        t.put(IO_ERROR + "", "Local I/O error (cannot read or write a file)");
        t.put(TEMPORARY + "", "Temporary failure, worth retrying");
        t.put(ACCESS_DENIED + "", "Access denied or bad credentials");
        return t;
    }
}
