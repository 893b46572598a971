package ecgpipe.e2e.gitlab;

import java.nio.file.Path;
import java.util.Map;

/**
 * What runs a job's scripts: GitLab Runner's custom-executor protocol (config, prepare, run per sub-stage,
 * cleanup). {@link CustomExecutor} calls a directory of executor scripts (ours: runner/slurm/); {@link
 * DirectExecutor} runs the same scripts with bash on this machine, for comparison.
 */
interface Executor {
    /** The name the job log shows. */
    String name();

    /** config_exec: builds_dir and cache_dir, as its JSON gives them. */
    Config config(Map<String, String> env, StringBuilder log) throws Exception;

    /** prepare_exec, run_exec SCRIPT SUB_STAGE, cleanup_exec: exit codes. */
    int prepare(Map<String, String> env, StringBuilder log) throws Exception;

    int run(Map<String, String> env, Path script, String subStage, StringBuilder log) throws Exception;

    int cleanup(Map<String, String> env, StringBuilder log) throws Exception;

    record Config(Path buildsDir, Path cacheDir, boolean buildsDirIsShared, String driver) {
    }
}
