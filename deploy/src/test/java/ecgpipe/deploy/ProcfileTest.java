package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcfileTest {
    @Test
    void theDashboardProcfileReadsBackToTheSameWebCommand() {
        Procfile written = Procfile.forDashboard("dashboard.jar", "data");
        Procfile read = Procfile.parse(written.render());
        assertEquals(Optional.of("java $JAVA_OPTS -jar dashboard.jar --port $PORT --data data"), read.command("web"));
    }

    @Test
    void parsesSeveralTypesCommentsAndColonsInCommands() {
        Procfile p = Procfile.parse("# processes\n\nweb:  java -jar app.jar --url http://x:1  \r\nworker: ./run\n");
        assertEquals(Optional.of("java -jar app.jar --url http://x:1"), p.command("web"));
        assertEquals(Optional.of("./run"), p.command("worker"));
        assertTrue(p.command("release").isEmpty());
    }

    @Test
    void aLineWithoutTypeIsBadInput() {
        PipelineException e = assertThrows(PipelineException.class, () -> Procfile.parse("java -jar app.jar\n"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("'java -jar app.jar'"), e.getMessage());
    }
}
