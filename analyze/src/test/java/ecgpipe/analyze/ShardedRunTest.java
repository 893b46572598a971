package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** analyze --shard I/N (the shared {@link ecgpipe.common.Shard}, unit-tested in common) on real runs. */
class ShardedRunTest {
    @TempDir
    Path tmp;

    @Test
    void twoShardRunsTogetherAnalyzeEveryRecordAndTheSummaryListsThemAll() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("h5"));
        Path out = tmp.resolve("results");
        for (int k = 0; k < 3; k++) {
            SyntheticEcg ecg = SyntheticEcg.generate(360, 30, 0.8, 0.1, 0.02, 40 + k);
            RecordFileFixture.write(in.resolve("r" + k + ".h5"), "r" + k, 360, RecordFileFixture.digitize(ecg.mv),
                    ecg.rPeaks);
        }
        Run first = Run.analyze(in.toString(), out.toString(), "--shard", "1/2");
        assertEquals(ExitCode.OK, first.code(), first.err());
        assertTrue(first.out().contains("analyzed 2, up to date 0, failed 0"), first.out());
        assertTrue(Files.exists(out.resolve("r0.h5")) && Files.exists(out.resolve("r2.h5")));
        assertTrue(!Files.exists(out.resolve("r1.h5")));
        Run second = Run.analyze(in.toString(), out.toString(), "--shard", "2/2");
        assertTrue(second.out().contains("analyzed 1, up to date 0, failed 0"), second.out());
        String json = Files.readString(out.resolve(ResultsLayout.SUMMARY_FILE));
        for (int k = 0; k < 3; k++) {
            assertTrue(json.contains("\"record\": \"r" + k + "\""), json);
        }
        assertEquals(ExitCode.USAGE, Run.analyze(in.toString(), out.toString(), "--shard", "3/2").code());
    }
}
