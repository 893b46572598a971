package ecgpipe.common.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Tests that need something from outside the project (the MIT-BIH records in {@code MITDB_DIR}, or a
 * system tool such as h5dump or Chromium) call these. Where the thing is missing the test is skipped with
 * the reason shown; where {@code ECGPIPE_REQUIRE_ALL=true} (set by .ci/run) the skip becomes a failure,
 * so CI runs every such test.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    public static boolean requireAll() {
        return "true".equalsIgnoreCase(System.getenv("ECGPIPE_REQUIRE_ALL"));
    }

    /** Skips (or, under ECGPIPE_REQUIRE_ALL, fails) with {@code reason} unless {@code available}. */
    public static void require(boolean available, String reason) {
        if (available) {
            return;
        }
        if (requireAll()) {
            fail("ECGPIPE_REQUIRE_ALL is set but " + reason);
        }
        // Surefire's summary counts skips but does not say why: say it where the build log shows it.
        String caller = StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(c -> !c.equals(Prerequisites.class.getName()))
                .findFirst().orElse("a test"));
        System.err.println("[SKIPPED] " + caller.substring(caller.lastIndexOf('.') + 1) + ": " + reason
                + " (set it up, or ECGPIPE_REQUIRE_ALL=true to fail instead)");
        assumeTrue(false, "skipped: " + reason);
    }

    /** The MIT-BIH directory from {@code MITDB_DIR}, with at least one {@code .hea} in it. */
    public static Path mitdbDir() {
        String dir = System.getenv("MITDB_DIR");
        boolean ok = dir != null && !dir.isBlank() && hasHeaders(Path.of(dir));
        require(ok, "MITDB_DIR is not set to a directory of MIT-BIH records (.hea/.dat/.atr)");
        return Path.of(dir);
    }

    /** An executable on PATH (or an absolute path), e.g. "h5dump", "/usr/bin/chromium". */
    public static Path tool(String name) {
        Path found = findTool(name);
        require(found != null, name + " is not installed");
        return found;
    }

    public static Path findTool(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean hasHeaders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".hea"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
