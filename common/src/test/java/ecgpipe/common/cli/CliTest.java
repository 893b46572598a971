package ecgpipe.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CliTest {

    @Command(name = "probe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
    static class Probe implements Callable<Integer> {
        @Mixin VerboseMixin verbose;
        @Option(names = "--fail") String fail;

        @Override
        public Integer call() {
            if ("bad".equals(fail)) {
                throw PipelineException.badInput("100.hea: line 2: bad gain 'x'");
            }
            if ("bug".equals(fail)) {
                throw new IllegalStateException("boom");
            }
            return ExitCode.OK;
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(new Probe())
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheExitCodeTable() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Exit Codes:"), r.out());
        assertTrue(r.out().contains("Input missing"), r.out());
    }

    @Test
    void versionAnswersZero() {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("probe "), r.out());
    }

    @Test
    void pipelineExceptionIsOneLineWithItsExitCode() {
        Run r = run("--fail", "bad");
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("probe: error: 100.hea: line 2: bad gain 'x'", r.err().strip());
    }

    @Test
    void stackTraceOnlyWithVerbose() {
        Run quiet = run("--fail", "bug");
        assertEquals(ExitCode.INTERNAL, quiet.code());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        Run verbose = run("--fail", "bug", "-v");
        assertTrue(verbose.err().contains("\tat "), verbose.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("--nope");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("--nope"), r.err());
    }
}
