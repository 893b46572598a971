package ecgpipe.e2e.gitlab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The same job scripts run with bash on this machine, no Slurm: the baseline of the pipeline benchmark
 * (bench/gitlab-pipeline.sh). It keeps the custom-executor protocol's exit codes so the harness reads both alike.
 */
final class DirectExecutor implements Executor {
    private final Path base;

    DirectExecutor(Path base) {
        this.base = base;
    }

    @Override
    public String name() {
        return "direct (bash on this machine)";
    }

    @Override
    public Config config(Map<String, String> env, StringBuilder log) {
        return new Config(base.resolve("builds"), base.resolve("cache"), true, "direct");
    }

    @Override
    public int prepare(Map<String, String> env, StringBuilder log) {
        return 0;
    }

    @Override
    public int run(Map<String, String> env, Path script, String subStage, StringBuilder log)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString())).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = p.waitFor();
        synchronized (log) {
            log.append(out);
        }
        if (code == 0) {
            return 0;
        }
        // As a custom executor reports a failing script: BUILD_FAILURE_EXIT_CODE, the real code in the file.
        java.nio.file.Files.writeString(Path.of(env.get("BUILD_EXIT_CODE_FILE")), Integer.toString(code));
        return Integer.parseInt(env.get("BUILD_FAILURE_EXIT_CODE"));
    }

    @Override
    public int cleanup(Map<String, String> env, StringBuilder log) {
        return 0;
    }
}
