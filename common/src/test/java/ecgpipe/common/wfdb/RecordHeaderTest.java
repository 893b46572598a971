package ecgpipe.common.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RecordHeaderTest {

    @Test
    void parsesAnMitBihStyleHeaderWithCommentsBlankLinesAndMixedLineEnds() {
        String text = "# written by hand\n"
                + "rec1 2 360 650000\r\n"
                + "rec1.dat 212 200 11 1024 995 -22131 0 MLII\n"
                + "\r\n"
                + "rec1.dat 212 200 11 1024 1011 20052 0 V5\r\n"
                + "# 69 M 1085 1629 x1\r\n"
                + "# Aldomet, Inderal\r\n";
        RecordHeader h = RecordHeader.parse(text, "rec1.hea");
        assertEquals("rec1", h.name());
        assertEquals(2, h.numberOfSignals());
        assertEquals(360.0, h.samplingFrequency());
        assertEquals(650000, h.numberOfSamples());
        assertEquals(List.of("written by hand", "69 M 1085 1629 x1", "Aldomet, Inderal"), h.comments());
        SignalSpec s = h.signals().get(1);
        assertEquals("rec1.dat", s.fileName());
        assertEquals(212, s.format());
        assertEquals(200.0, s.gain());
        assertEquals(1024, s.baseline(), "baseline defaults to the ADC zero");
        assertEquals("mV", s.units());
        assertEquals(11, s.adcResolution());
        assertEquals(1024, s.adcZero());
        assertEquals(OptionalInt.of(1011), s.declaredInitialValue());
        assertEquals(OptionalInt.of(20052), s.declaredChecksum());
        assertEquals("V5", s.description());
    }

    @Test
    void parsesEveryOptionalPartOfTheRecordAndSignalLines() {
        String text = "r 3 62.4725/999.56(12) 75000 17:27:45 15/08/1994\n"
                + "r.dat 212x4:3+24 12.84(-1605)/mmHg 12 0 -943 -23651 0 ABP  art line \n"
                + "r.dat 212 0 0 0\n"
                + "r.dat 16\n";
        RecordHeader h = RecordHeader.parse(text, "r.hea");
        assertEquals(62.4725, h.samplingFrequency());
        assertEquals(999.56, h.counterFrequency());
        assertEquals(12.0, h.baseCounter());
        assertEquals("17:27:45", h.baseTime());
        assertEquals("15/08/1994", h.baseDate());
        SignalSpec a = h.signals().get(0);
        assertEquals(4, a.samplesPerFrame());
        assertEquals(3, a.skew());
        assertEquals(24, a.byteOffset());
        assertEquals(12.84, a.gain());
        assertEquals(-1605, a.baseline());
        assertEquals("mmHg", a.units());
        assertEquals("ABP  art line", a.description(), "description keeps inner blanks");
        SignalSpec b = h.signals().get(1);
        assertEquals(SignalSpec.DEFAULT_GAIN, b.gain(), "gain 0 means 200");
        assertEquals(12, b.adcResolution(), "resolution 0 means the format's width");
        assertTrue(b.declaredChecksum().isEmpty());
        assertEquals(0, b.initialValue(), "initial value defaults to the ADC zero");
        SignalSpec c = h.signals().get(2);
        assertEquals(16, c.adcResolution());
        assertEquals(0, c.adcZero());
        assertEquals("", c.description());
    }

    @Test
    void appliesTheRecordLineDefaults() {
        RecordHeader h = RecordHeader.parse("short 0\n", "short.hea");
        assertEquals(RecordHeader.DEFAULT_FREQUENCY, h.samplingFrequency());
        assertEquals(0, h.numberOfSamples());
        assertEquals("", h.baseTime());
        assertEquals(0, h.numberOfSignals());
    }

    @Test
    void parsesMultiSegmentHeaders() {
        RecordHeader h = RecordHeader.parse("multi/3 2 125 3000\nseg1 1000\n~ 500\nseg2 1500\n", "multi.hea");
        assertTrue(h.isMultiSegment());
        assertEquals(3, h.numberOfSegments());
        assertEquals(2, h.numberOfSignals());
        assertEquals(new RecordHeader.Segment("~", 500), h.segments().get(1));
    }

    @Test
    void reportsTheFileAndLineOfAnError() {
        PipelineException e = assertThrows(PipelineException.class,
                () -> RecordHeader.parse("r 1 360 100\nr.dat 212 200 11 zero\n", "dir/r.hea"));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("dir/r.hea: line 2: bad ADC zero 'zero'", e.getMessage());

        e = assertThrows(PipelineException.class, () -> RecordHeader.parse("r two 360\n", "r.hea"));
        assertEquals("r.hea: line 1: bad number of signals 'two'", e.getMessage());

        e = assertThrows(PipelineException.class, () -> RecordHeader.parse("r 2 360 100\nr.dat 16\n", "r.hea"));
        assertEquals("r.hea: record line declares 2 signals but 1 signal lines follow", e.getMessage());

        e = assertThrows(PipelineException.class, () -> RecordHeader.parse("r 1 360\nr.dat 212q\n", "r.hea"));
        assertEquals("r.hea: line 2: bad storage format field '212q'", e.getMessage());

        e = assertThrows(PipelineException.class, () -> RecordHeader.parse("# only a comment\n", "r.hea"));
        assertEquals("r.hea: no record line (empty header)", e.getMessage());
    }

    @Test
    void missingFieldsAreNamedWithTheirLine() {
        PipelineException e = assertThrows(PipelineException.class, () -> RecordHeader.parse("r\n", "r.hea"));
        assertEquals("r.hea: line 1: record line has no number of signals", e.getMessage());
        e = assertThrows(PipelineException.class, () -> RecordHeader.parse("r 1 360 100\nr.dat\n", "r.hea"));
        assertEquals("r.hea: line 2: signal line has no storage format", e.getMessage());
        e = assertThrows(PipelineException.class, () -> RecordHeader.parse("m/2 1 360\ns1 10\ns2\n", "m.hea"));
        assertEquals("m.hea: line 3: segment line needs a record name and a length", e.getMessage());
        e = assertThrows(PipelineException.class, () -> RecordHeader.parse("m/2 1 360\ns1 10\n", "m.hea"));
        assertEquals("m.hea: record line declares 2 segments but 1 segment lines follow", e.getMessage());
        e = assertThrows(PipelineException.class, () -> RecordHeader.parse("r 1 360 ten\n", "r.hea"));
        assertEquals("r.hea: line 1: bad number of samples 'ten'", e.getMessage());
        e = assertThrows(PipelineException.class, () -> RecordHeader.parse("r 1 360 10\nr.dat 16 x/mV\n", "r.hea"));
        assertEquals("r.hea: line 2: bad gain field 'x/mV'", e.getMessage());
    }

    @Test
    void textRoundTripsThroughTheParser() {
        String text = "r 3 62.4725/999.56(12) 75000 17:27:45 15/08/1994\n"
                + "r.dat 212x4:3+24 12.84(-1605)/mmHg 12 0 -943 -23651 0 ABP  art line\n"
                + "r.dat 212 2963.77/mV 12 5 67 -11266 0 MCL1\n"
                + "s.dat 16 200/\u00b0 16 0\n"
                + "# a comment\n";
        RecordHeader h = RecordHeader.parse(text, "r.hea");
        assertEquals(h, RecordHeader.parse(h.toText(), "again"));
        RecordHeader m = RecordHeader.parse("multi/2 2 125 3000\nseg1 1000\nseg2 2000\n", "m.hea");
        assertEquals(m, RecordHeader.parse(m.toText(), "again"));
    }
}
