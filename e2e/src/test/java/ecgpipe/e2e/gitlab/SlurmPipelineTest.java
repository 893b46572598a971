package ecgpipe.e2e.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ecgpipe.common.testing.Prerequisites;
import ecgpipe.deploy.FakeHeroku;
import ecgpipe.e2e.slurm.LocalSlurm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main test of the GitLab CI pipeline: {@code .gitlab-ci.yml} as it is in the working tree, run job by job on
 * a real local Slurm through our custom executor (runner/slurm/) by a harness that plays GitLab Runner, from
 * synthetic records on a local S3 server, through a build of the jars inside the pipeline, to a deploy to the
 * Heroku stand-in whose release must serve every record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlurmPipelineTest {
    private static final List<String> RECORDS = List.of("s001", "s002", "s003");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path base;
    private PipelineSetup setup;

    @BeforeAll
    void startSlurmAndTheServices() throws Exception {
        Path root = PipelineSetup.repositoryRoot();
        Prerequisites.require(Files.isExecutable(root.resolve("runner/slurm/run_exec")),
                "runner/slurm/ has no executor scripts (config_exec, prepare_exec, run_exec, cleanup_exec)");
        Prerequisites.require(Files.isRegularFile(root.resolve("demo/target/demo.jar")),
                "demo/target/demo.jar is missing: build the reactor first");
        Prerequisites.tool("git");
        LocalSlurm.ensureRunning();
        Path records = base.resolve("records");
        S3Records.generate(root.resolve("demo/target/demo.jar"), records.resolve("synth"), RECORDS.size(), 2);
        // The same records with one of them cut short: the converter must refuse it (exit code 65).
        Files.createDirectories(records.resolve("broken"));
        try (Stream<Path> s = Files.list(records.resolve("synth"))) {
            for (Path p : s.toList()) {
                Files.copy(p, records.resolve("broken").resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path cut = records.resolve("broken/s002.dat");
        byte[] dat = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(dat, dat.length / 2));
        setup = new PipelineSetup(root, base.resolve("ci"), records, true, "main");
    }

    @AfterAll
    void stopTheServices() throws Exception {
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void theWholePipelineRunsOnSlurmAndDeploysAWorkingDashboard() throws Exception {
        Pipeline.Result r = setup.run("web", setup.variables("synth"));
        assertTrue(r.created());
        assertEquals(List.of("build", "download", "convert 1/4", "convert 2/4", "convert 3/4", "convert 4/4",
                "analyze 1/4", "analyze 2/4", "analyze 3/4", "analyze 4/4", "dashboard", "deploy"),
                r.jobs().stream().map(JobResult::name).toList());
        assertTrue(r.jobs().stream().allMatch(JobResult::succeeded), r.failedLogs());

        // Each job's script ran as a Slurm batch job with its SCHEDULER_PARAMETERS, not on the runner's host.
        for (JobResult j : r.jobs()) {
            assertTrue(SlurmJobs.idsIn(j.log()).size() >= 1, j.name() + " shows no Slurm job:\n" + j.log());
        }
        // Each shard handled its own records: CI_NODE_INDEX/CI_NODE_TOTAL reached the jar.
        assertTrue(r.job("convert 2/4").log().contains("--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\""));
        assertTrue(r.job("convert 2/4").log().contains("converted 1 record"), r.job("convert 2/4").log());
        assertTrue(r.job("convert 4/4").log().contains("converted 0 records"), r.job("convert 4/4").log());

        Path data = setup.dataRoot(r);
        assertEquals(RECORDS, S3Records.names(data.resolve("raw/synth"), ".hea"));
        assertEquals(RECORDS, S3Records.names(data.resolve("h5/synth"), ".h5"));
        assertEquals(RECORDS, S3Records.names(data.resolve("results/synth"), ".h5"));
        // The dashboard job's summary covers every shard's records, and travels as an artifact.
        Path summaryArtifact = JobRunner.artifactsOf(setup.runner.workDir(), r.job("dashboard").jobId())
                .resolve("files/summary.json");
        String summary = Files.readString(summaryArtifact);
        RECORDS.forEach(id -> assertTrue(summary.contains("\"" + id + "\""), id + " missing from summary.json"));

        // Deploy: the stand-in's app got the pushed commit, released it, and GitLab's environment link points at it.
        JobResult deploy = r.job("deploy");
        String appName = PipelineSetup.HEROKU_APP;
        FakeHeroku.App app = setup.heroku.app(appName);
        assertEquals(List.of("heroku/jvm"), app.buildpacks());
        assertTrue(app.config().containsKey("JAVA_OPTS"));
        HerokuStandIn.Release release = setup.heroku.releases.get(setup.heroku.releases.size() - 1);
        String pushed = git(setup.heroku.gitRepository(appName), "rev-parse", "refs/heads/main");
        assertEquals(pushed, release.commit());
        String message = git(setup.heroku.gitRepository(appName), "log", "-1", "--format=%B", "main");
        assertTrue(message.contains(setup.project.commitSha().substring(0, 10)), "the app commit names the pipeline's commit");
        String host = "127.0.0.1:" + setup.heroku.port(appName);
        assertEquals(Map.of("DEPLOY_HOST", host), deploy.dotenv());
        assertEquals("https://" + host, deploy.environmentUrl().orElseThrow());

        // The released app, started from a checkout of the pushed commit with its Procfile, serves every record.
        HttpClient http = HttpClient.newHttpClient();
        String web = setup.heroku.webUrl(appName);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(web + "health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        JsonNode records = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(web + "api/records"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        List<String> ids = new ArrayList<>();
        records.forEach(n -> ids.add(n.path("id").asText()));
        assertEquals(RECORDS, ids);
        records.forEach(n -> assertTrue(n.path("beats").asInt() > 60, "a 2-minute record has beats: " + n));

        // Nothing of this pipeline is left in Slurm's queue.
        List<String> ours = r.jobs().stream().flatMap(j -> SlurmJobs.idsIn(j.log()).stream()).toList();
        assertEquals(List.of(), SlurmJobs.stillQueued(ours));
    }

    @Test
    void aFailingJobStopsThePipelineWithItsExitCode() throws Exception {
        Pipeline.Result r = setup.run("web", setup.variables("broken"));
        assertEquals("success", r.job("build").status(), r.failedLogs());
        assertEquals("success", r.job("download").status(), r.failedLogs());
        // s002 is the second record: shard 2 of 4 gets it, and fails with "bad input data".
        JobResult bad = r.job("convert 2/4");
        assertEquals("failed", bad.status(), r.summary());
        assertEquals(65, bad.exitCode().orElseThrow(), bad.log());
        assertTrue(bad.log().contains("s002"), bad.log());
        assertTrue(bad.log().contains("ERROR: Job failed: script_failure"), bad.log());
        for (String other : List.of("convert 1/4", "convert 3/4", "convert 4/4")) {
            assertEquals("success", r.job(other).status(), r.failedLogs());
        }
        for (String later : List.of("analyze 1/4", "analyze 2/4", "analyze 3/4", "analyze 4/4", "dashboard", "deploy")) {
            assertEquals("skipped", r.job(later).status(), r.summary());
        }
        // 65 is not a temporary failure: the job ran once.
        assertEquals(1, bad.attempts());
        assertFalse(Files.exists(setup.dataRoot(r).resolve("results")), "nothing analyzed after the failure");
    }

    @Test
    void aPushRunsNothing() throws Exception {
        Pipeline.Result r = setup.run("push", setup.variables("synth"));
        assertFalse(r.created());
        assertEquals(List.of(), r.jobs());
    }

    private static String git(Path repo, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir=" + repo));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
