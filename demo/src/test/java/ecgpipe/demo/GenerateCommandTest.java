package ecgpipe.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.cli.Cli;
import ecgpipe.common.wfdb.AnnotationReader;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir Path dir;

    private int run(StringWriter out, String... args) {
        return Cli.commandLine(new DemoCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
                .execute(args);
    }

    @Test
    void writesReadableRecordsWithBeatsAndKeepsThemOnRerun() throws Exception {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "generate", dir.toString(), "--records", "2", "--minutes", "1"), out.toString());
        assertTrue(out.toString().contains("generated 2 synthetic records (0 kept)"), out.toString());
        for (String name : new String[] {"s001", "s002"}) {
            WfdbRecord record = WfdbReader.read(dir.resolve(name + ".hea"));
            assertEquals(2, record.samples().length);
            assertEquals(360 * 60, record.samples()[0].length);
            long beats = AnnotationReader.read(dir.resolve(name + ".atr")).stream().filter(a -> a.isBeat()).count();
            assertTrue(beats > 45 && beats < 110, name + ": " + beats + " beats in a minute");
        }
        byte[] before = Files.readAllBytes(dir.resolve("s001.dat"));
        StringWriter again = new StringWriter();
        assertEquals(0, run(again, "generate", dir.toString(), "--records", "2", "--minutes", "1"));
        assertTrue(again.toString().contains("generated 0 synthetic records (2 kept)"), again.toString());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("s001.dat")));
    }

    @Test
    void sameSeedSameRecords() throws Exception {
        Path other = dir.resolve("other");
        run(new StringWriter(), "generate", dir.toString(), "--records", "1", "--minutes", "1");
        run(new StringWriter(), "generate", other.toString(), "--records", "1", "--minutes", "1");
        assertArrayEquals(Files.readAllBytes(dir.resolve("s001.dat")), Files.readAllBytes(other.resolve("s001.dat")));
    }

    @Test
    void badCountIsAUsageError() {
        StringWriter out = new StringWriter();
        assertEquals(ExitCode.USAGE, run(out, "generate", dir.toString(), "--records", "0"));
        assertTrue(out.toString().contains("--records"), out.toString());
    }
}
