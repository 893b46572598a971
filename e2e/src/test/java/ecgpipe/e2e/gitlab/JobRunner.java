package ecgpipe.e2e.gitlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs one job the way GitLab Runner drives a custom executor: {@code config_exec} (its builds_dir becomes
 * CI_BUILDS_DIR, then GIT_CLONE_PATH the project directory), {@code prepare_exec}, {@code run_exec} for each
 * sub-stage in the runner's order, {@code cleanup_exec}. The executor gets the runner's own environment plus every
 * job variable as {@code CUSTOM_ENV_<name>}, and {@code BUILD_FAILURE_EXIT_CODE}, {@code SYSTEM_FAILURE_EXIT_CODE}
 * and a fresh {@code BUILD_EXIT_CODE_FILE} per call, from which a build failure's real exit code is read.
 */
final class JobRunner {
    static final int BUILD_FAILURE = 1;
    static final int SYSTEM_FAILURE = 2;

    private final Executor executor;
    private final Map<String, String> runnerEnvironment;
    private final Path workDir;

    /**
     * @param runnerEnvironment the runner process's environment (PATH, HOME, the executor's ECGPIPE_SLURM_* knobs)
     * @param workDir           the harness's own files: scripts, artifacts ("GitLab's storage")
     */
    JobRunner(Executor executor, Map<String, String> runnerEnvironment, Path workDir) {
        this.executor = executor;
        this.runnerEnvironment = runnerEnvironment;
        this.workDir = workDir;
    }

    static Path artifactsOf(Path workDir, long jobId) {
        return workDir.resolve("artifacts").resolve(Long.toString(jobId));
    }

    /**
     * @param jobVariables   the job's variables before expansion, including the per-job predefined ones
     * @param dependencies   the artifact directories of the jobs it depends on
     */
    JobResult run(PlannedJob job, long jobId, Map<String, String> jobVariables, List<Path> dependencies)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        StringBuilder log = new StringBuilder();
        Map<String, Duration> subStages = new LinkedHashMap<>();
        Path scripts = Files.createDirectories(workDir.resolve("scripts").resolve(Long.toString(jobId)));
        Path artifacts = artifactsOf(workDir, jobId);
        log.append("Running with the ecgpipe harness (GitLab Runner's custom-executor protocol), executor ")
                .append(executor.name()).append('\n');

        Map<String, String> vars = new LinkedHashMap<>(jobVariables);
        Outcome outcome;
        try {
            Executor.Config config = executor.config(env(CiVariables.expandAll(vars), scripts, "config"), log);
            vars.put("CI_BUILDS_DIR", config.buildsDir().toString());
            Map<String, String> expanded = CiVariables.expandAll(vars);
            String projectDir = expanded.getOrDefault("GIT_CLONE_PATH", "");
            if (projectDir.isEmpty()) {
                projectDir = config.buildsDir().resolve(expanded.get("CI_PROJECT_PATH")).toString();
            } else if (!Path.of(projectDir).normalize().startsWith(config.buildsDir())) {
                throw new IOException("GIT_CLONE_PATH " + projectDir + " is not under the builds_dir " + config.buildsDir());
            }
            vars.put("CI_PROJECT_DIR", projectDir);
            Map<String, String> finalVars = CiVariables.expandAll(vars);
            Optional<Path> cacheDir = job.definition().cache().map(c -> config.cacheDir()
                    .resolve(finalVars.get("CI_PROJECT_PATH")).resolve(CiVariables.expand(c.key(), finalVars)));
            JobScripts js = new JobScripts(job, finalVars, cacheDir, artifacts, dependencies);
            outcome = stages(job, js, finalVars, scripts, log, subStages);
            Map<String, String> env = env(finalVars, scripts, "cleanup");
            int cleanup = executor.cleanup(env, log);
            if (cleanup != 0) {
                log.append("WARNING: cleanup_exec exited ").append(cleanup).append('\n');
            }
        } catch (IOException e) {
            log.append("ERROR: Job failed (system failure): ").append(e.getMessage()).append('\n');
            outcome = new Outcome("failed", OptionalInt.empty(), "runner_system_failure: " + e.getMessage());
        } catch (Exception e) {
            log.append("ERROR: Job failed (system failure): ").append(e).append('\n');
            outcome = new Outcome("failed", OptionalInt.empty(), "runner_system_failure: " + e);
        }
        Map<String, String> dotenv = readDotenv(artifacts.resolve("dotenv"));
        Optional<String> url = job.definition().environment().flatMap(JobDefinition.Environment::url).map(u -> {
            Map<String, String> withDotenv = new LinkedHashMap<>(vars);
            withDotenv.putAll(dotenv);
            return CiVariables.expand(u, withDotenv);
        });
        if (outcome.status().equals("success")) {
            log.append("Job succeeded\n");
        }
        return new JobResult(job.name(), job.stage(), jobId, outcome.status(), outcome.exitCode(), outcome.reason(),
                Duration.ofNanos(System.nanoTime() - start), subStages, log.toString(), dotenv, url, 1);
    }

    private record Outcome(String status, OptionalInt exitCode, String reason) {
    }

    private Outcome stages(PlannedJob job, JobScripts js, Map<String, String> vars, Path scripts, StringBuilder log,
                           Map<String, Duration> times) throws Exception {
        int prepare = executor.prepare(env(vars, scripts, "prepare"), log);
        if (prepare != 0) {
            return new Outcome("failed", OptionalInt.empty(), "runner_system_failure: prepare_exec exited " + prepare);
        }
        JobDefinition def = job.definition();
        Outcome outcome = null;
        List<String> before = new ArrayList<>(JobScripts.BEFORE_STEP);
        if (def.cache().isEmpty()) {
            before.remove("restore_cache");
        }
        for (String stage : before) {
            Outcome o = runStage(js, stage, vars, scripts, log, times);
            if (o != null) {
                outcome = o;
                break;
            }
        }
        if (outcome == null) {
            Outcome step = runStage(js, "step_script", vars, scripts, log, times);
            outcome = step == null ? new Outcome("success", OptionalInt.of(0), "") : step;
        }
        if (!def.afterScript().isEmpty()) {
            Outcome after = runStage(js, "after_script", vars, scripts, log, times);
            if (after != null) {
                log.append("WARNING: after_script failed, but the job continues\n");
            }
        }
        boolean ok = outcome.status().equals("success");
        if (ok && def.cache().isPresent() && !def.cache().get().policy().equals("pull")) {
            if (runStage(js, "archive_cache", vars, scripts, log, times) != null) {
                log.append("WARNING: archiving the cache failed\n");
            }
        }
        String when = def.artifacts().when();
        if (def.artifacts().any()) {
            if (ok && !when.equals("on_failure")) {
                Outcome up = runStage(js, "upload_artifacts_on_success", vars, scripts, log, times);
                if (up != null) {
                    outcome = new Outcome("failed", up.exitCode(), "uploading artifacts failed");
                }
            } else if (!ok && !when.equals("on_success")) {
                runStage(js, "upload_artifacts_on_failure", vars, scripts, log, times);
            }
        }
        runStage(js, "cleanup_file_variables", vars, scripts, log, times);
        if (!outcome.status().equals("success")) {
            log.append("ERROR: Job failed: ").append(outcome.reason()).append('\n');
        }
        return outcome;
    }

    /** One run_exec call: null when it succeeded, else why the job fails. */
    private Outcome runStage(JobScripts js, String stage, Map<String, String> vars, Path scripts, StringBuilder log,
                             Map<String, Duration> times) throws Exception {
        Path script = scripts.resolve(stage);
        Files.writeString(script, js.script(stage));
        Map<String, String> env = env(vars, scripts, stage);
        long t0 = System.nanoTime();
        int code = executor.run(env, script, stage, log);
        times.put(stage, Duration.ofNanos(System.nanoTime() - t0));
        if (code == 0) {
            return null;
        }
        if (code == BUILD_FAILURE) {
            Path file = Path.of(env.get("BUILD_EXIT_CODE_FILE"));
            int exit = Files.isRegularFile(file) ? Integer.parseInt(Files.readString(file).strip()) : 1;
            return new Outcome("failed", OptionalInt.of(exit), "script_failure: " + stage + " exit code " + exit);
        }
        if (code == CustomExecutor.TIMED_OUT) {
            return new Outcome("failed", OptionalInt.empty(), "job_execution_timeout in " + stage);
        }
        return new Outcome("failed", OptionalInt.empty(), "runner_system_failure: run_exec " + stage + " exited " + code);
    }

    private Map<String, String> env(Map<String, String> vars, Path scripts, String call) {
        Map<String, String> env = new LinkedHashMap<>(runnerEnvironment);
        vars.forEach((k, v) -> env.put("CUSTOM_ENV_" + k, v));
        env.put("BUILD_FAILURE_EXIT_CODE", Integer.toString(BUILD_FAILURE));
        env.put("SYSTEM_FAILURE_EXIT_CODE", Integer.toString(SYSTEM_FAILURE));
        env.put("BUILD_EXIT_CODE_FILE", scripts.resolve(call + ".exit-code").toString());
        return env;
    }

    static Map<String, String> readDotenv(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
