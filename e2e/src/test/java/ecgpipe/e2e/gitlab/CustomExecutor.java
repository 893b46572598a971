package ecgpipe.e2e.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * GitLab Runner's side of the custom executor: runs {@code config_exec}, {@code prepare_exec},
 * {@code run_exec <script> <sub-stage>} and {@code cleanup_exec} from one directory, each with the runner's
 * environment plus the job's {@code CUSTOM_ENV_*} variables, and copies their output into the job log as it
 * comes (as the runner streams it). A call that outlives {@code timeout} gets SIGTERM, as the runner sends on a
 * job timeout or cancellation, then SIGKILL after {@code killGrace}.
 */
final class CustomExecutor implements Executor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final Duration timeout;
    private final Duration killGrace = Duration.ofSeconds(30);

    CustomExecutor(Path dir, Duration timeout) {
        this.dir = dir;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "custom (" + dir + ")";
    }

    @Override
    public Config config(Map<String, String> env, StringBuilder log) throws Exception {
        StringBuilder stdout = new StringBuilder();
        int code = exec(List.of(dir.resolve("config_exec").toString()), env, log, stdout);
        if (code != 0) {
            throw new IOException("config_exec exited " + code);
        }
        JsonNode json = JSON.readTree(stdout.toString());
        return new Config(Path.of(json.path("builds_dir").asText()), Path.of(json.path("cache_dir").asText()),
                json.path("builds_dir_is_shared").asBoolean(true), json.path("driver").path("name").asText(""));
    }

    @Override
    public int prepare(Map<String, String> env, StringBuilder log) throws Exception {
        return exec(List.of(dir.resolve("prepare_exec").toString()), env, log, null);
    }

    @Override
    public int run(Map<String, String> env, Path script, String subStage, StringBuilder log) throws Exception {
        return exec(List.of(dir.resolve("run_exec").toString(), script.toString(), subStage), env, log, null);
    }

    @Override
    public int cleanup(Map<String, String> env, StringBuilder log) throws Exception {
        return exec(List.of(dir.resolve("cleanup_exec").toString()), env, log, null);
    }

    /** Runs {@code cmd}; stdout goes to {@code stdout} when given (config_exec's JSON), else to the log. */
    private int exec(List<String> cmd, Map<String, String> env, StringBuilder log, StringBuilder stdout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(stdout == null);
        pb.environment().clear();
        pb.environment().putAll(env);
        if (stdout != null) {
            Path err = Files.createTempFile("config_exec", ".err");
            pb.redirectError(err.toFile());
            try {
                int code = waitFor(pb.start(), stdout);
                String e = Files.readString(err);
                synchronized (log) {
                    log.append(e);
                }
                return code;
            } finally {
                Files.deleteIfExists(err);
            }
        }
        return waitFor(pb.start(), log);
    }

    private int waitFor(Process p, StringBuilder sink) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (sink) {
                        sink.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process went away; its exit code tells
            }
        });
        pump.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            synchronized (sink) {
                sink.append("ERROR: Job failed: execution took longer than ").append(timeout).append('\n');
            }
            p.destroy();
            if (!p.waitFor(killGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
            pump.join(5000);
            return TIMED_OUT;
        }
        pump.join(10_000);
        return p.exitValue();
    }

    /** What {@link #run} returns when the call was stopped for running too long. */
    static final int TIMED_OUT = -1;
}
