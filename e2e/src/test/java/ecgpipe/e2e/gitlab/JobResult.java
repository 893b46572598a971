package ecgpipe.e2e.gitlab;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What GitLab shows of a finished job: status, the script's exit code (for a build failure), the failure reason,
 * duration (and per sub-stage, for the benchmark), the log, the dotenv variables it exported and the
 * environment URL it set.
 *
 * @param status  "success", "failed" or "skipped" (a dependency failed, as GitLab skips later jobs)
 */
record JobResult(String name, String stage, long jobId, String status, OptionalInt exitCode, String failureReason,
                 Duration duration, Map<String, Duration> subStages, String log, Map<String, String> dotenv,
                 Optional<String> environmentUrl, int attempts) {

    static JobResult skipped(PlannedJob job) {
        return new JobResult(job.name(), job.stage(), 0, "skipped", OptionalInt.empty(), "a job it depends on failed",
                Duration.ZERO, new LinkedHashMap<>(), "", Map.of(), Optional.empty(), 0);
    }

    boolean succeeded() {
        return status.equals("success");
    }

    JobResult withAttempts(int n) {
        return new JobResult(name, stage, jobId, status, exitCode, failureReason, duration, subStages, log, dotenv,
                environmentUrl, n);
    }

    /** One line for a test's failure message or the benchmark's table. */
    String summary() {
        return String.format("%-18s %-8s %s %6.1f s%s", name, status,
                exitCode.isPresent() ? "exit " + exitCode.getAsInt() : "      ", duration.toMillis() / 1000.0,
                failureReason.isEmpty() ? "" : "  (" + failureReason + ")");
    }
}
