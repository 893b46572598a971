package ecgpipe.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void readsMetadataMetricsAndEvaluation() throws Exception {
        SyntheticRecord rec = new SyntheticRecord("100", 360, 20, 75);
        rec.writeTo(dir);
        try (RecordRepository repo = RecordRepository.open(dir)) {
            RecordInfo info = repo.find("100").orElseThrow().info();
            assertEquals(rec.fs, info.fs());
            assertEquals(rec.nSamples, info.nSamples());
            assertEquals(List.of(SyntheticRecord.LEADS), info.signals().stream().map(SignalSpec::name).toList());
            assertEquals(SyntheticRecord.GAIN, info.signals().get(1).gain());
            assertEquals(SyntheticRecord.BASELINE, info.signals().get(1).baseline());
            assertEquals(rec.detectedSamples.length, info.detectedBeats());
            assertEquals(rec.referenceSamples.length, info.referenceAnnotations());
            assertEquals(rec.meanDetectedRate(), info.metric(RecordInfo.METRIC_MEAN_HR).getAsDouble(), 1e-12);
            assertEquals((double) rec.detectedSamples.length, info.metric(RecordInfo.METRIC_BEATS).getAsDouble());
            assertEquals(rec.sensitivity(), info.evaluationScore(RecordInfo.EVAL_SENSITIVITY).getAsDouble());
            // values kept as one-element datasets read the same as attributes
            assertEquals(SyntheticRecord.SDNN, info.metric(SyntheticRecord.SDNN_MS).getAsDouble());
            assertEquals(1L, info.evaluation().get("fp"));
            assertEquals(List.of("synthetic 75.0 bpm"), info.comments());
        }
    }

    @Test
    void streamsTheStoredSamplesOfAWindow() throws Exception {
        SyntheticRecord rec = new SyntheticRecord("201", 250, 600, 60).chunked();
        rec.writeTo(dir);
        try (RecordRepository repo = RecordRepository.open(dir)) {
            ResultsFile f = repo.find("201").orElseThrow();
            // a window spanning several read blocks and chunk boundaries
            long from = 12_345;
            long to = 149_999;
            List<Integer> got = new ArrayList<>();
            long[] expectedNext = {from};
            f.readSamples(1, from, to, (sample, value) -> {
                assertEquals(expectedNext[0]++, sample);
                got.add(value);
            });
            assertEquals(to - from, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(rec.digital[1][(int) from + i], got.get(i).intValue());
            }
            assertArrayEquals(rec.detectedSamples, f.detectedBeats().samples());
            assertArrayEquals(rec.referenceSymbols, f.referenceAnnotations().symbols());
            assertArrayEquals(rec.hrBpm, f.heartRate().bpm());
        }
    }

    @Test
    void optionalGroupsMayBeMissing() throws Exception {
        new SyntheticRecord("x1", 128, 10, 60).withoutMetrics().withoutReference().writeTo(dir);
        try (RecordRepository repo = RecordRepository.open(dir)) {
            ResultsFile f = repo.find("x1").orElseThrow();
            assertTrue(f.info().metrics().isEmpty());
            assertTrue(f.info().evaluation().isEmpty());
            assertEquals(-1, f.info().referenceAnnotations());
            assertEquals(0, f.referenceAnnotations().size());
        }
    }

    @Test
    void listsRecordsInRecordOrderAndIgnoresTemporaryFiles() throws Exception {
        for (String id : new String[] {"1001", "201", "100"}) {
            new SyntheticRecord(id, 128, 5, 60).writeTo(dir);
        }
        Files.writeString(dir.resolve(".105.h5.123-1.part"), "half written");
        Files.writeString(dir.resolve("summary.json"), "{\"records\":3}");
        try (RecordRepository repo = RecordRepository.open(dir)) {
            assertEquals(List.of("100", "201", "1001"), repo.all().stream().map(f -> f.info().id()).toList());
            assertEquals("{\"records\":3}", repo.summaryJson().orElseThrow());
        }
    }

    @Test
    void skipsAnUnreadableFileButNeedsOneGoodRecord() throws Exception {
        Files.writeString(dir.resolve("bad.h5"), "this is not HDF5");
        PipelineException e = assertThrows(PipelineException.class, () -> RecordRepository.open(dir));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("bad.h5"), e.getMessage());

        new SyntheticRecord("100", 128, 5, 60).writeTo(dir);
        try (RecordRepository repo = RecordRepository.open(dir)) {
            assertEquals(1, repo.size());
        }
    }

    @Test
    void missingOrEmptyDirectoryIsInputMissing() throws Exception {
        PipelineException missing = assertThrows(PipelineException.class,
                () -> RecordRepository.open(dir.resolve("nope")));
        assertEquals(ExitCode.INPUT_MISSING, missing.exitCode());
        PipelineException empty = assertThrows(PipelineException.class, () -> RecordRepository.open(dir));
        assertEquals(ExitCode.INPUT_MISSING, empty.exitCode());
        assertTrue(empty.getMessage().contains("no results files"), empty.getMessage());
    }
}
