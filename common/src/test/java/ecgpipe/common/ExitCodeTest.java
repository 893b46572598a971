package ecgpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodeTest {

    @Test
    void nothingFailedIsOk() {
        assertEquals(ExitCode.OK, ExitCode.combine(5, List.of()));
        assertEquals(ExitCode.OK, ExitCode.combine(0, List.of()));
    }

    @Test
    void everyRecordFailingAlikeKeepsTheirCode() {
        assertEquals(ExitCode.BAD_INPUT, ExitCode.combine(0, List.of(ExitCode.BAD_INPUT)));
        assertEquals(ExitCode.UNAVAILABLE,
                ExitCode.combine(0, List.of(ExitCode.UNAVAILABLE, ExitCode.UNAVAILABLE, ExitCode.UNAVAILABLE)));
    }

    @Test
    void everyRecordFailingDifferentlyIsPartial() {
        assertEquals(ExitCode.PARTIAL, ExitCode.combine(0, List.of(ExitCode.BAD_INPUT, ExitCode.INPUT_MISSING)));
    }

    @Test
    void someSucceedingIsPartialWhateverTheFailures() {
        assertEquals(ExitCode.PARTIAL, ExitCode.combine(1, List.of(ExitCode.BAD_INPUT)));
        assertEquals(ExitCode.PARTIAL, ExitCode.combine(3, List.of(ExitCode.TEMPORARY, ExitCode.TEMPORARY)));
        assertEquals(ExitCode.PARTIAL, ExitCode.combine(2, List.of(ExitCode.BAD_INPUT, ExitCode.IO_ERROR)));
    }
}
