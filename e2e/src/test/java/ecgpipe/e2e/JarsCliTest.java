package ecgpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every jar answers --help and --version with exit code 0, and fails on a missing input with one line. */
class JarsCliTest {
    static final java.util.List<String> STAGES = Jars.STAGES;

    @ParameterizedTest
    @FieldSource("STAGES")
    void helpListsUsageAndExitCodes(String module) throws Exception {
        Jars.Result r = Jars.runJar(module, "--help");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("Usage:"), r.out());
        if (!module.equals("demo")) {
            assertTrue(r.out().contains("Exit Codes:"), r.out());
        }
    }

    @ParameterizedTest
    @FieldSource("STAGES")
    void versionNamesTheBuild(String module) throws Exception {
        Jars.Result r = Jars.runJar(module, "--version");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("0.1.0"), r.out());
    }

    @ParameterizedTest
    @FieldSource("STAGES")
    void unknownOptionIsAUsageErrorWithoutStackTrace(String module) throws Exception {
        Jars.Result r = Jars.runJar(module, "--no-such-option");
        assertEquals(2, r.exitCode(), r.all());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
