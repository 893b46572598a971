package ecgpipe.e2e.slurm;

import java.util.Arrays;
import java.util.List;

/** Read-only questions to Slurm about the tests' own jobs (never about the whole queue: it is shared). */
final class SlurmQueries {
    private SlurmQueries() {
    }

    /** Ids of the jobs with this name that are still pending, running or completing. */
    static List<String> activeJobs(String jobName) {
        LocalSlurm.Outcome o = LocalSlurm.run(List.of("squeue", "-h", "-n", jobName, "-o", "%i"), 60);
        if (o.exitCode() != 0) {
            throw new AssertionError("squeue failed: " + o.output());
        }
        return lines(o.output());
    }

    /** Ids of every job with this name the controller still remembers, finished ones included. */
    static List<String> anyJobs(String jobName) {
        LocalSlurm.Outcome o = LocalSlurm.run(List.of("squeue", "-h", "-t", "all", "-n", jobName, "-o", "%i"), 60);
        if (o.exitCode() != 0) {
            throw new AssertionError("squeue failed: " + o.output());
        }
        return lines(o.output());
    }

    /** The job's state as the controller sees it, e.g. CANCELLED. */
    static String state(String jobId) {
        LocalSlurm.Outcome o = LocalSlurm.run(List.of("squeue", "-h", "-t", "all", "-j", jobId, "-o", "%T"), 60);
        return o.output().strip();
    }

    /** The job's comment, as sbatch handed it to the controller. */
    static String comment(String jobId) {
        LocalSlurm.Outcome o = LocalSlurm.run(List.of("squeue", "-h", "-t", "all", "-j", jobId, "-o", "%k"), 60);
        return o.output().strip();
    }

    private static List<String> lines(String s) {
        return Arrays.stream(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
