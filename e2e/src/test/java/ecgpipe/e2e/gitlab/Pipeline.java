package ecgpipe.e2e.gitlab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Plays GitLab (which creates the pipeline and hands jobs out) and one GitLab Runner with {@code concurrent} slots
 * (which runs them): a job starts once every job it depends on has finished, in a free slot whose number is its
 * CI_CONCURRENT_ID; a job whose dependency did not succeed is skipped, so a failure stops the later stages;
 * jobs of one {@code resource_group} never overlap; a failed job whose exit code its {@code retry:} lists runs once
 * more. Dotenv variables of the jobs a job depends on become its variables, as GitLab passes them on.
 */
final class Pipeline {
    /** Job ids as GitLab's: unique, growing; started from the clock so that concurrent harnesses do not collide. */
    private static final AtomicLong JOB_IDS = new AtomicLong(System.currentTimeMillis() / 1000 % 1_000_000 * 1000);

    /**
     * @param runnerEnvironment   the runner process's environment (the executor's knobs included)
     * @param runnerJobVariables  config.toml's {@code environment = [...]}: variables every job of this runner gets
     * @param runnerTags          the runner's tags: a job whose tags are not all among them would never start
     */
    record Runner(Executor executor, Map<String, String> runnerEnvironment, Map<String, String> runnerJobVariables,
                  Set<String> runnerTags, int concurrent, Path workDir) {
    }

    record Result(boolean created, long pipelineId, List<JobResult> jobs, Duration duration) {
        JobResult job(String name) {
            return jobs.stream().filter(j -> j.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no job '" + name + "' in " + summary()));
        }

        String summary() {
            StringBuilder s = new StringBuilder();
            jobs.forEach(j -> s.append(j.summary()).append('\n'));
            return s.toString();
        }

        /** The logs of the jobs that did not succeed, for a test's failure message. */
        String failedLogs() {
            StringBuilder s = new StringBuilder(summary());
            jobs.stream().filter(j -> j.status().equals("failed"))
                    .forEach(j -> s.append("\n===== ").append(j.name()).append(" =====\n").append(j.log()));
            return s.toString();
        }
    }

    private final Runner runner;

    Pipeline(Runner runner) {
        this.runner = runner;
    }

    Result run(CiFile file, Project project, String source, Map<String, String> pipelineVariables) throws Exception {
        long pipelineId = System.currentTimeMillis() % 100_000_000L;
        PipelinePlan plan = PipelinePlan.of(file, project.predefined(source, pipelineId), pipelineVariables);
        if (!plan.created) {
            return new Result(false, pipelineId, List.of(), Duration.ZERO);
        }
        long start = System.nanoTime();
        BlockingQueue<Integer> slots = new LinkedBlockingQueue<>();
        for (int i = 0; i < runner.concurrent(); i++) {
            slots.add(i);
        }
        Map<String, ReentrantLock> resourceGroups = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<JobResult>> futures = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(runner.concurrent());
        try {
            for (PlannedJob job : plan.jobs) {
                List<CompletableFuture<JobResult>> deps = job.dependsOn().stream().map(futures::get).toList();
                CompletableFuture<JobResult> f = CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new))
                        .thenApplyAsync(ignored -> {
                            List<JobResult> depResults = deps.stream().map(CompletableFuture::join).toList();
                            if (!depResults.stream().allMatch(JobResult::succeeded)) {
                                return JobResult.skipped(job);
                            }
                            return runWithRetries(job, depResults, pipelineVariables, slots, resourceGroups);
                        }, pool);
                futures.put(job.name(), f);
            }
            List<JobResult> results = new ArrayList<>();
            for (CompletableFuture<JobResult> f : futures.values()) {
                results.add(f.join());
            }
            return new Result(true, pipelineId, results, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            pool.shutdownNow();
        }
    }

    private JobResult runWithRetries(PlannedJob job, List<JobResult> deps, Map<String, String> pipelineVariables,
                                     BlockingQueue<Integer> slots, Map<String, ReentrantLock> resourceGroups) {
        ReentrantLock group = job.definition().resourceGroup()
                .map(g -> resourceGroups.computeIfAbsent(g, k -> new ReentrantLock())).orElse(null);
        if (group != null) {
            group.lock();
        }
        try {
            int attempt = 1;
            while (true) {
                JobResult r = runOnce(job, deps, pipelineVariables, slots).withAttempts(attempt);
                boolean retry = r.status().equals("failed") && r.exitCode().isPresent()
                        && job.definition().retry().retries(attempt, r.exitCode().getAsInt());
                if (!retry) {
                    return r;
                }
                attempt++;
            }
        } finally {
            if (group != null) {
                group.unlock();
            }
        }
    }

    private JobResult runOnce(PlannedJob job, List<JobResult> deps, Map<String, String> pipelineVariables,
                              BlockingQueue<Integer> slots) {
        long jobId = JOB_IDS.incrementAndGet();
        Integer slot = null;
        try {
            slot = slots.take();
            Map<String, String> vars = new LinkedHashMap<>(runner.runnerJobVariables());
            vars.putAll(job.variables());
            deps.forEach(d -> vars.putAll(d.dotenv()));
            vars.putAll(pipelineVariables);
            vars.put("CI_JOB_ID", Long.toString(jobId));
            vars.put("CI_JOB_NAME_SLUG", Project.slug(job.name()));
            vars.put("CI_JOB_URL", vars.get("CI_SERVER_URL") + "/" + vars.get("CI_PROJECT_PATH") + "/-/jobs/" + jobId);
            vars.put("CI_CONCURRENT_ID", Integer.toString(slot));
            vars.put("CI_CONCURRENT_PROJECT_ID", Integer.toString(slot));
            vars.put("CI_RUNNER_ID", "1");
            vars.put("CI_RUNNER_TAGS", String.join(", ", runner.runnerTags()));
            Map<String, String> expanded = CiVariables.expandAll(vars);
            Set<String> tags = new HashSet<>();
            job.definition().tags().forEach(t -> tags.add(CiVariables.expand(t, expanded)));
            if (!runner.runnerTags().containsAll(tags)) {
                return new JobResult(job.name(), job.stage(), jobId, "failed", java.util.OptionalInt.empty(),
                        "stuck: no runner has the tags " + tags, Duration.ZERO, new LinkedHashMap<>(), "",
                        Map.of(), java.util.Optional.empty(), 1);
            }
            List<Path> artifacts = deps.stream().filter(d -> d.jobId() > 0)
                    .map(d -> JobRunner.artifactsOf(runner.workDir(), d.jobId())).toList();
            return new JobRunner(runner.executor(), runner.runnerEnvironment(), runner.workDir())
                    .run(job, jobId, vars, artifacts);
        } catch (Exception e) {
            return new JobResult(job.name(), job.stage(), jobId, "failed", java.util.OptionalInt.empty(),
                    "harness error: " + e, Duration.ZERO, new LinkedHashMap<>(), "", Map.of(), java.util.Optional.empty(), 1);
        } finally {
            if (slot != null) {
                slots.add(slot);
            }
        }
    }
}
