package ecgpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's built jars and scripts as a user would, from the repository root. */
final class Jars {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final List<String> STAGES = List.of("download", "convert", "analyze", "dashboard", "deploy", "demo");

    private Jars() {
    }

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Path jar(String module) {
        Path jar = ROOT.resolve(module).resolve("target").resolve(module + ".jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build the reactor (./mvnw -B verify) first");
        return jar;
    }

    static Result runJar(String module, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar(module).toString()));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of(), 300);
    }

    static Result run(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("e2e", ".out");
        Path err = Files.createTempFile("e2e", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
