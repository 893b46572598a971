package ecgpipe.e2e.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our Slurm custom executor (runner/slurm/) driven the way GitLab Runner drives it, against the real local
 * Slurm. Every job is short and sized small ({@code -c 1 --mem 100M}); assertions look only at the
 * tests' own jobs, found by their ids or their gitlab-<CI job id> names, because the cluster is shared.
 */
class SlurmExecutorTest {
    private static final String SMALL = "-c 1 --mem 100M -t 2";
    private static final Pattern SUBMITTED = Pattern.compile("submitted Slurm job (\\d+)");

    @TempDir
    static Path base;
    @TempDir
    static Path scratch;

    /** Slurm's shortest time limit is one minute, so the over-time job starts first and runs alongside the rest. */
    private static CustomExecutor overTime;
    private static CustomExecutor.Live overTimeRun;

    @BeforeAll
    static void startSlurmAndTheOverTimeJob() {
        LocalSlurm.ensureRunning();
        overTime = new CustomExecutor(base, scratch, "-c 1 --mem 100M -t 1");
        overTimeRun = overTime.start("run_exec",
                overTime.script("step_script", "echo 'sleeping past the limit'; sleep 600; echo 'not reached'").toString(),
                "step_script");
    }

    @AfterAll
    static void stopTheOverTimeJobIfItStillRuns() throws InterruptedException {
        if (overTimeRun != null && overTimeRun.process.isAlive()) {
            overTimeRun.terminate(); // run_exec cancels its Slurm job
            overTimeRun.process.waitFor(40, TimeUnit.SECONDS);
        }
    }

    private CustomExecutor job(String schedulerParameters) {
        return new CustomExecutor(base, scratch, schedulerParameters);
    }

    private static String slurmJobId(String stderr) {
        Matcher m = SUBMITTED.matcher(stderr);
        assertTrue(m.find(), "run_exec did not say which Slurm job it submitted:\n" + stderr);
        return m.group(1);
    }

    @Test
    void configExecGivesEachConcurrentJobItsOwnBuildsDirOnTheSharedFileSystem() throws Exception {
        Path python = Prerequisites.tool("python3");
        Map<String, String> first = configJson(python, job(SMALL).with("CUSTOM_ENV_CI_CONCURRENT_PROJECT_ID", "0"));
        Map<String, String> second = configJson(python, job(SMALL).with("CUSTOM_ENV_CI_CONCURRENT_PROJECT_ID", "1"));

        assertEquals(base.resolve("builds/" + CustomExecutor.RUNNER_ID + "/0").toString(), first.get("builds_dir"));
        assertEquals(base.resolve("builds/" + CustomExecutor.RUNNER_ID + "/1").toString(), second.get("builds_dir"));
        assertEquals(base.resolve("cache/" + CustomExecutor.RUNNER_ID).toString(), first.get("cache_dir"));
        assertEquals("false", first.get("builds_dir_is_shared"));
        assertFalse(first.get("hostname").isBlank());
        assertEquals("ecgpipe Slurm driver", first.get("driver.name"));
        assertTrue(first.get("driver.version").matches("\\d+\\.\\d+\\.\\d+"), first.get("driver.version"));
    }

    /** The JSON config_exec printed, parsed by a real JSON parser (Python's), flattened to strings. */
    private static Map<String, String> configJson(Path python, CustomExecutor job) throws Exception {
        CustomExecutor.Result r = job.run("config_exec");
        assertEquals(0, r.exitCode(), r.all());
        Path json = Files.createTempFile(scratch, "config", ".json");
        Files.writeString(json, r.out(), StandardCharsets.UTF_8);
        LocalSlurm.Outcome parsed = LocalSlurm.run(List.of(python.toString(), "-c",
                "import json,sys\n"
                        + "d = json.load(open(sys.argv[1]))\n"
                        + "for k in ('builds_dir', 'cache_dir', 'hostname'): print(k + '=' + d[k])\n"
                        + "print('builds_dir_is_shared=' + json.dumps(d['builds_dir_is_shared']))\n"
                        + "print('driver.name=' + d['driver']['name'])\n"
                        + "print('driver.version=' + d['driver']['version'])\n",
                json.toString()), 60);
        assertEquals(0, parsed.exitCode(), "config_exec did not print valid JSON:\n" + r.out() + parsed.output());
        Map<String, String> values = new HashMap<>();
        for (String line : parsed.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    @Test
    void passingScriptSucceedsAndItsOutputArrivesWhileTheJobStillRuns() {
        CustomExecutor job = job(SMALL);
        CustomExecutor.Live live = job.start("run_exec",
                job.script("step_script", "echo \"first line from $SLURM_JOB_ID\"; sleep 4; echo 'second line'").toString(),
                "step_script");

        CustomExecutor.Line first = live.awaitOut(l -> l.startsWith("first line from "), 240);
        assertTrue(live.process.isAlive(), "run_exec ended before the first line arrived");
        CustomExecutor.Line second = live.awaitOut(l -> l.equals("second line"), 60);
        CustomExecutor.Result r = live.finish(60);

        assertEquals(0, r.exitCode(), r.all());
        String jobId = slurmJobId(r.err());
        assertTrue(r.out().contains("first line from " + jobId), "the step ran as Slurm job " + jobId + ":\n" + r.out());
        long apartMillis = TimeUnit.NANOSECONDS.toMillis(second.nanos() - first.nanos());
        assertTrue(apartMillis >= 2500, "the lines came " + apartMillis + " ms apart: not streamed while the job ran");
        assertEquals(Optional.empty(), job.reportedExitCode());
        assertEquals("COMPLETED", SlurmQueries.state(jobId));
    }

    @Test
    void failingScriptFailsTheBuildWithItsRealExitCode() {
        CustomExecutor job = job(SMALL);
        CustomExecutor.Result r = job.run("run_exec", job.script("step_script", "echo failing; exit 3").toString(),
                "step_script");
        assertEquals(CustomExecutor.BUILD_FAILURE, r.exitCode(), r.all());
        assertEquals(Optional.of(3), job.reportedExitCode());
        assertTrue(r.out().contains("failing"), r.all());

        // An older runner gives no BUILD_EXIT_CODE_FILE: the build failure code alone says "failed".
        CustomExecutor old = job(SMALL).with("BUILD_EXIT_CODE_FILE", null);
        CustomExecutor.Result r2 = old.run("run_exec", old.script("step_script", "exit 3").toString(), "step_script");
        assertEquals(CustomExecutor.BUILD_FAILURE, r2.exitCode(), r2.all());
        assertEquals(Optional.empty(), old.reportedExitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sacct", "scontrol"})
    void bothStateSourcesGiveTheSameExitCode(String source) {
        if (source.equals("sacct")) {
            LocalSlurm.ensureRunningWithAccounting();
        }
        CustomExecutor job = job(SMALL).with("ECGPIPE_SLURM_ACCOUNTING", source);
        CustomExecutor.Result r = job.run("run_exec", job.script("step_script", "exit 42").toString(), "step_script");
        assertEquals(CustomExecutor.BUILD_FAILURE, r.exitCode(), r.all());
        assertEquals(Optional.of(42), job.reportedExitCode());
        assertTrue(r.err().contains("state from " + source), r.err());
    }

    @Test
    void withAccountingOnTheDriverReadsTheFinalStateFromSacct() {
        LocalSlurm.ensureRunningWithAccounting();
        CustomExecutor job = job(SMALL);
        CustomExecutor.Result r = job.run("run_exec", job.script("step_script", "true").toString(), "step_script");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.err().contains("state from sacct"), r.err());
    }

    /**
     * A cluster without accounting, as its clients see it: the same controller, but a slurm.conf (SLURM_CONF)
     * that says accounting_storage/none, so that sacct answers "accounting storage is disabled".
     */
    @Test
    void withoutAccountingTheDriverFallsBackToScontrol() throws IOException {
        Path conf = Path.of("/etc/slurm/slurm.conf");
        Prerequisites.require(Files.isReadable(conf), conf + " is not readable");
        StringBuilder without = new StringBuilder();
        for (String line : Files.readAllLines(conf, StandardCharsets.UTF_8)) {
            if (line.startsWith("AccountingStorage")) {
                continue;
            }
            without.append(line).append('\n');
        }
        without.append("AccountingStorageType=accounting_storage/none\n");
        Path noAccounting = Files.writeString(scratch.resolve("slurm-no-accounting.conf"), without);
        ProcessBuilder sacct = new ProcessBuilder("sacct", "-n", "-X").redirectErrorStream(true);
        sacct.environment().put("SLURM_CONF", noAccounting.toString());
        String answer = new String(sacct.start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(answer.contains("accounting storage is disabled"), answer);

        CustomExecutor job = job(SMALL).with("SLURM_CONF", noAccounting.toString());
        CustomExecutor.Result r = job.run("run_exec", job.script("step_script", "exit 42").toString(), "step_script");
        assertEquals(CustomExecutor.BUILD_FAILURE, r.exitCode(), r.all());
        assertEquals(Optional.of(42), job.reportedExitCode());
        assertTrue(r.err().contains("state from scontrol"), r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--output=/tmp/x | --output", "-o /tmp/x | -o", "-o/tmp/x | -o", "--error x | --error", "-e x | -e",
        "--wait | --wait", "-W | -W", "--chdir /tmp | --chdir", "-D /tmp | -D", "--job-name mine | --job-name",
        "-J mine | -J", "-Jmine | -J", "--parsable | --parsable", "--out=/tmp/x | --out", "--array=0-3 | --array",
        "-Q -H | -H", "-vo x | -o", "--requeue | --requeue", "--wrap hi | --wrap"})
    void driverOwnedOptionsAreRefusedAsABuildFailure(String option, String named) {
        CustomExecutor job = job("-c 1 --mem 100M " + option);
        CustomExecutor.Result r = job.run("run_exec", job.script("step_script", "echo ran").toString(), "step_script");

        assertEquals(CustomExecutor.BUILD_FAILURE, r.exitCode(), r.all());
        assertTrue(r.err().contains("option '" + named + "' is not allowed"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, not more:\n" + r.err());
        assertFalse(r.out().contains("ran"), r.all());
        assertEquals(List.of(), SlurmQueries.anyJobs(job.slurmJobName()), "nothing may be submitted");
    }

    @Test
    void wordsThatLookLikeOptionsInsideAnArgumentAreNotRefused() {
        CustomExecutor job = job(SMALL + " --comment \"-J x -o y\"");
        CustomExecutor.Result r = job.run("run_exec", job.script("step_script", "true").toString(), "step_script");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("-J x -o y", SlurmQueries.comment(slurmJobId(r.err())));
    }

    @Test
    void prepareExecReportsTheClusterAndRefusesBadParametersEarly() {
        CustomExecutor good = job(SMALL + " --comment \"two words\"");
        CustomExecutor.Result ok = good.run("prepare_exec");
        assertEquals(0, ok.exitCode(), ok.all());
        assertTrue(ok.err().matches("(?s).*Slurm cluster \\S+, partition \\S+.*"), ok.err());
        assertTrue(Files.isDirectory(good.stateDir()));

        CustomExecutor bad = job(SMALL + " --comment \"unterminated");
        CustomExecutor.Result refused = bad.run("prepare_exec");
        assertEquals(CustomExecutor.BUILD_FAILURE, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("unterminated \" quote"), refused.err());
    }

    @Test
    void quotedSchedulerParametersReachSbatchUnchangedAndUnexpanded() {
        CustomExecutor job = job(SMALL + " --comment \"two  words\"");
        CustomExecutor.Result r = job.run("run_exec", job.script("step_script", "true").toString(), "step_script");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("two  words", SlurmQueries.comment(slurmJobId(r.err())));

        CustomExecutor literal = job(SMALL + " --comment 'say \"hi\" $HOME `id`'");
        CustomExecutor.Result r2 = literal.run("run_exec", literal.script("step_script", "true").toString(),
                "step_script");
        assertEquals(0, r2.exitCode(), r2.all());
        assertEquals("say \"hi\" $HOME `id`", SlurmQueries.comment(slurmJobId(r2.err())));
    }

    @Test
    void sigtermCancelsTheSlurmJobWithinSeconds() throws Exception {
        CustomExecutor job = job(SMALL);
        CustomExecutor.Live live = job.start("run_exec",
                job.script("step_script", "echo started; sleep 300").toString(), "step_script");
        String jobId = slurmJobId(live.awaitErr(l -> SUBMITTED.matcher(l).find(), 120).text());
        live.awaitOut(l -> l.equals("started"), 240); // cancel a running job, not just a queued one
        assertEquals("RUNNING", SlurmQueries.state(jobId));

        long before = System.nanoTime();
        live.terminate();
        CustomExecutor.Result r = live.finish(60);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

        assertTrue(r.err().contains("cancelling Slurm job " + jobId), r.err());
        assertEquals(List.of(), SlurmQueries.activeJobs(job.slurmJobName()), "the Slurm job must be gone");
        assertEquals("CANCELLED", SlurmQueries.state(jobId));
        assertTrue(tookMillis < 15_000, "run_exec took " + tookMillis + " ms to cancel");
    }

    @Test
    void cleanupExecCancelsAJobLeftBehindAndRemovesTheStateDirectory() throws Exception {
        CustomExecutor job = job(SMALL);
        CustomExecutor.Live live = job.start("run_exec",
                job.script("step_script", "sleep 300").toString(), "step_script");
        String jobId = slurmJobId(live.awaitErr(l -> SUBMITTED.matcher(l).find(), 120).text());
        // SIGKILL: run_exec gets no chance to cancel, as when the runner host loses the process.
        live.process.destroyForcibly();
        live.process.waitFor(30, TimeUnit.SECONDS);
        assertEquals(List.of(jobId), SlurmQueries.activeJobs(job.slurmJobName()));

        CustomExecutor.Result r = job.run("cleanup_exec");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.err().contains(jobId), r.err());
        assertEquals(List.of(), SlurmQueries.activeJobs(job.slurmJobName()));
        assertFalse(Files.exists(job.stateDir()), job.stateDir() + " should be removed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sacct", "scontrol"})
    void overMemoryFailsTheBuildWithTheMemoryReason(String source) {
        if (source.equals("sacct")) {
            LocalSlurm.ensureRunningWithAccounting();
        }
        CustomExecutor job = job("-c 1 --mem 50M -t 2").with("ECGPIPE_SLURM_ACCOUNTING", source);
        // tail keeps the one 200 MB "line" in memory until the reader, asleep, takes it.
        CustomExecutor.Result r = job.run("run_exec", job.script("step_script",
                "echo allocating; head -c 200000000 /dev/zero | tail -n 1 | { sleep 10; wc -c; }; echo survived")
                .toString(), "step_script");

        assertEquals(CustomExecutor.BUILD_FAILURE, r.exitCode(), r.all());
        String jobId = slurmJobId(r.err());
        assertTrue(r.err().contains("job " + jobId + " exceeded its memory limit (--mem 50M)"), r.err());
        assertFalse(r.out().contains("survived"), r.out());
        assertNotEquals(Optional.of(0), job.reportedExitCode());
        assertTrue(job.reportedExitCode().isPresent());
    }

    @Test
    void overTimeFailsTheBuildWithTheTimeReason() {
        CustomExecutor.Result r = overTimeRun.finish(240);
        assertEquals(CustomExecutor.BUILD_FAILURE, r.exitCode(), r.all());
        String jobId = slurmJobId(r.err());
        assertTrue(r.err().contains("job " + jobId + " exceeded its time limit (-t 00:01:00)"), r.err());
        assertTrue(r.out().contains("sleeping past the limit") && !r.out().contains("not reached"), r.out());
        assertTrue(overTime.reportedExitCode().isPresent());
    }

    @Test
    void otherSubStagesRunOnTheLoginNodeWithoutSlurm() {
        CustomExecutor job = job(SMALL);
        CustomExecutor.Result ok = job.run("run_exec",
                job.script("get_sources", "echo \"slurm job: ${SLURM_JOB_ID:-none}\"").toString(), "get_sources");
        assertEquals(0, ok.exitCode(), ok.all());
        assertTrue(ok.out().contains("slurm job: none"), ok.all());

        CustomExecutor.Result failed = job.run("run_exec",
                job.script("upload_artifacts_on_success", "exit 5").toString(), "upload_artifacts_on_success");
        assertEquals(CustomExecutor.BUILD_FAILURE, failed.exitCode(), failed.all());
        assertEquals(Optional.of(5), job.reportedExitCode());
        assertEquals(List.of(), SlurmQueries.anyJobs(job.slurmJobName()));
    }

    @Test
    void missingJobVariablesAreASystemFailure() throws IOException {
        CustomExecutor job = job(SMALL).with("CUSTOM_ENV_CI_JOB_ID", null);
        CustomExecutor.Result r = job.run("run_exec", job.script("step_script", "true").toString(), "step_script");
        assertEquals(CustomExecutor.SYSTEM_FAILURE, r.exitCode(), r.all());
        assertTrue(r.err().contains("CUSTOM_ENV_CI_JOB_ID"), r.err());
    }
}
