package ecgpipe.e2e.gitlab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipeline benchmark's driver (bench/gitlab-pipeline.sh runs it): one whole pipeline of .gitlab-ci.yml, from
 * an empty data directory to a rehearsed deploy to the Heroku stand-in, on our Slurm executor or with bash
 * directly, over the records of one S3 prefix. Prints a markdown table: per job its status, wall time, the
 * step_script's time, and, on Slurm, the Slurm job's submit→start wait and start→end run time as the executor measured them (its "queued ... s, ran ... s" line).
 *
 * <pre>java -cp ... ecgpipe.e2e.gitlab.PipelineBench slurm|direct RECORDS_DIR PREFIX BASE_DIR</pre>
 */
public final class PipelineBench {
    private static final Pattern QUEUED_RAN = Pattern.compile("queued ([0-9.]+) s, ran ([0-9.]+) s");
    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !List.of("slurm", "direct").contains(args[0])) {
            System.err.println("usage: PipelineBench slurm|direct RECORDS_DIR PREFIX BASE_DIR");
            System.exit(2);
        }
        boolean slurm = args[0].equals("slurm");
        boolean failed = false;
        Path base = Path.of(args[3]).toAbsolutePath();
        try (PipelineSetup setup = new PipelineSetup(PipelineSetup.repositoryRoot(), base, Path.of(args[1]).toAbsolutePath(),
                slurm, "main")) {
            Pipeline.Result r = setup.run("web", setup.variables(args[2]));
            System.out.printf("%n%s pipeline (%s): %s in %.1f s; data %s%n", args[0], setup.runner.executor().name(),
                    r.jobs().stream().allMatch(JobResult::succeeded) ? "success" : "FAILED",
                    r.duration().toMillis() / 1000.0, setup.dataRoot(r));
            System.out.println("| job | status | job wall s | step_script s | Slurm wait (submit→start) s | Slurm run (start→end) s |");
            System.out.println("|---|---|---:|---:|---:|---:|");
            for (JobResult j : r.jobs()) {
                double step = j.subStages().containsKey("step_script")
                        ? j.subStages().get("step_script").toMillis() / 1000.0 : Double.NaN;
                // The executor's own account of its Slurm job: "(queued 1.9 s, ran 22.3 s ...)".
                Matcher m = QUEUED_RAN.matcher(j.log());
                String wait = "", run = "";
                if (slurm && m.find()) {
                    wait = m.group(1);
                    run = m.group(2);
                }
                System.out.printf("| %s | %s | %.1f | %.1f | %s | %s |%n", j.name(), j.status(),
                        j.duration().toMillis() / 1000.0, step, wait, run);
            }
            Files.writeString(base.resolve("pipeline-logs.txt"), r.failedLogs() + "\n" + String.join("\n",
                    r.jobs().stream().map(j -> "===== " + j.name() + " =====\n" + j.log()).toList()));
            if (!r.jobs().stream().allMatch(JobResult::succeeded)) {
                System.err.println(r.failedLogs());
                failed = true;
            }
        }
        // Only now, once the S3 server and the Heroku stand-in's release are stopped.
        if (failed) {
            System.exit(1);
        }
    }
}
