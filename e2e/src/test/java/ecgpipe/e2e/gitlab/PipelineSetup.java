package ecgpipe.e2e.gitlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything a pipeline of our {@code .gitlab-ci.yml} needs around it, on this machine: the project (a snapshot
 * of the working tree under test, on branch main), a runner (our Slurm custom executor, runner/slurm/, or bash
 * directly) with a shared-file-system base directory and the Maven cache seeded, an S3 server with records,
 * and the Heroku stand-in with its git repositories. The pipeline variables are those a user sets in GitLab.
 */
final class PipelineSetup implements AutoCloseable {
    static final String PROJECT_PATH = "ecgpipe/ecg-pipeline";
    static final String HEROKU_KEY = "e2e-heroku-key-0123456789";
    static final String HEROKU_APP = "ecgpipe-e2e";
    static final String RUNNER_TAG = "FarmCloud";

    final Path root;
    final Path base;
    final Project project;
    final CiFile ciFile;
    final Pipeline.Runner runner;
    final S3Records s3;
    final HerokuStandIn heroku;

    /**
     * @param records  directory whose subdirectories are the S3 prefixes (datasets) to serve
     * @param slurm    true: our Slurm executor (runner/slurm/); false: the same scripts with bash, no Slurm
     */
    PipelineSetup(Path root, Path base, Path records, boolean slurm, String branch) throws Exception {
        this.root = root;
        this.base = Files.createDirectories(base);
        this.ciFile = CiFile.load(root.resolve(".gitlab-ci.yml"));
        this.project = Project.snapshot(root, base.resolve("gitlab"), PROJECT_PATH, branch, "main");
        Map<String, String> runnerEnv = new LinkedHashMap<>(System.getenv());
        // The executor's knobs (runner/config.toml.example): where builds_dir and cache_dir go on the shared FS.
        runnerEnv.put("ECGPIPE_SLURM_BASE_DIR", base.resolve("shared").toString());
        runnerEnv.remove("JAVA_TOOL_OPTIONS");
        Path work = Files.createDirectories(base.resolve("harness"));
        // The runner's administrator installs one version of the executor: a copy made now, so that the whole
        // pipeline runs with the same scripts even if the working tree changes meanwhile.
        Executor executor = slurm
                ? new CustomExecutor(install(root.resolve("runner/slurm"), base.resolve("executor")), Duration.ofMinutes(10))
                : new DirectExecutor(base.resolve("shared"));
        // config.toml's environment = ["SCRATCH=..."]: the cluster's scratch directory, as the docs tell users.
        Map<String, String> runnerJobVars = Map.of("SCRATCH", Files.createDirectories(base.resolve("scratch")).toString());
        this.runner = new Pipeline.Runner(executor, runnerEnv, runnerJobVars, Set.of(RUNNER_TAG), 4, work);
        seedMavenCache(executor, runnerEnv);
        this.s3 = new S3Records(root.resolve("demo/target/demo.jar"), records, work);
        this.heroku = new HerokuStandIn(HEROKU_KEY, base.resolve("heroku"));
    }

    /** The cache lives where config_exec says (cache_dir): ask it, as the runner would, then seed it. */
    private void seedMavenCache(Executor executor, Map<String, String> runnerEnv) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(runnerEnv);
        project.predefined("web", 1).forEach((k, v) -> env.put("CUSTOM_ENV_" + k, v));
        env.put("CUSTOM_ENV_CI_JOB_ID", "1");
        env.put("CUSTOM_ENV_CI_CONCURRENT_ID", "0");
        env.put("CUSTOM_ENV_CI_CONCURRENT_PROJECT_ID", "0");
        env.put("CUSTOM_ENV_CI_RUNNER_ID", "1");
        env.put("CUSTOM_ENV_CI_JOB_NAME", "build");
        StringBuilder log = new StringBuilder();
        Executor.Config config = executor.config(env, log);
        String key = ciFile.jobs.get("build").cache().orElseThrow().key();
        MavenCacheSeed.seed(config.cacheDir().resolve(PROJECT_PATH).resolve(key));
    }

    private static Path install(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    /** What a user sets in GitLab for a pipeline over the records under {@code prefix}. */
    Map<String, String> variables(String prefix) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("SOURCE", S3Records.source(prefix));
        v.put("S3_OPTIONS", s3.s3Options());
        v.put("DATASET", prefix);
        v.put("RUNNER_TAG", RUNNER_TAG);
        v.put("HEROKU_API_KEY", HEROKU_KEY);
        v.put("HEROKU_APP", HEROKU_APP);
        // The stand-ins instead of api.heroku.com and git.heroku.com (deploy.jar's hidden test options).
        v.put("DEPLOY_OPTIONS", "--api-url " + heroku.apiUrl() + " --git-url " + heroku.gitRepository(HEROKU_APP)
                + " --health-timeout 120");
        return v;
    }

    Pipeline.Result run(String source, Map<String, String> variables) throws Exception {
        return new Pipeline(runner).run(ciFile, project, source, variables);
    }

    /** The data directory of a pipeline: DATA_ROOT as the file defines it, with our SCRATCH. */
    Path dataRoot(Pipeline.Result r) {
        return base.resolve("scratch/ecgpipe").resolve(Long.toString(r.pipelineId()));
    }

    static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return dir.getFileName().toString().equals("e2e") ? dir.getParent() : dir;
    }

    @Override
    public void close() throws IOException {
        heroku.close();
        s3.close();
    }
}
