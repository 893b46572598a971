package ecgpipe.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ThreadsMixinTest {
    private static final Map<String, String> SLURM_6 = Map.of("SLURM_CPUS_PER_TASK", "6");

    /** Answers with the thread count it resolved, so the exit code shows it. */
    @Command(name = "probe", mixinStandardHelpOptions = true)
    static class Probe implements Callable<Integer> {
        @Mixin ThreadsMixin threads;

        @Override
        public Integer call() {
            return 100 + threads.threads(SLURM_6);
        }
    }

    private static int run(StringWriter err, String... args) {
        return Cli.commandLine(new Probe()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void theOptionWins() {
        assertEquals(103, run(new StringWriter(), "--threads", "3"));
    }

    @Test
    void withoutTheOptionTheEnvironmentDecides() {
        assertEquals(106, run(new StringWriter()));
        assertEquals(Runtime.getRuntime().availableProcessors(), new ThreadsMixin().threads(Map.of()));
    }

    @Test
    void lessThanOneIsAUsageError() {
        for (String n : new String[] {"0", "-2"}) {
            StringWriter err = new StringWriter();
            assertEquals(ExitCode.USAGE, run(err, "--threads", n));
            assertEquals("probe: error: --threads must be at least 1, not " + n + "\n", err.toString());
        }
    }

    @Test
    void notANumberIsAUsageError() {
        StringWriter err = new StringWriter();
        assertEquals(ExitCode.USAGE, run(err, "--threads", "many"));
        assertTrue(err.toString().contains("--threads"), err.toString());
    }

    @Test
    void helpShowsTheOption() {
        StringWriter out = new StringWriter();
        Cli.commandLine(new Probe()).setOut(new PrintWriter(out)).execute("--help");
        assertTrue(out.toString().contains("--threads=N"), out.toString());
        assertTrue(out.toString().contains("SLURM_CPUS_PER_TASK"), out.toString());
    }
}
