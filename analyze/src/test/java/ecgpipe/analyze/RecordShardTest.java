package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordShardTest {
    @TempDir
    Path tmp;

    @Test
    void shardsCoverEveryRecordOnceAndDifferInSizeByAtMostOne() {
        List<Integer> all = IntStream.range(0, 26).boxed().toList();
        List<Integer> seen = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            List<Integer> part = new RecordShard(i, 4).select(all);
            assertTrue(part.size() == 6 || part.size() == 7, part.toString());
            seen.addAll(part);
        }
        assertEquals(all, seen.stream().sorted().toList());
        assertEquals(List.of(1, 5, 9, 13, 17, 21, 25), new RecordShard(2, 4).select(all));
    }

    @Test
    void parseAndEnvironment() {
        assertEquals(new RecordShard(2, 4), RecordShard.parse(" 2/4 "));
        for (String bad : new String[] {"2", "0/4", "5/4", "a/b", "/", "2/0"}) {
            PipelineException e = assertThrows(PipelineException.class, () -> RecordShard.parse(bad), bad);
            assertEquals(ExitCode.USAGE, e.exitCode(), bad);
        }
        assertEquals(new RecordShard(3, 5), RecordShard.fromEnvironment(Map.of("CI_NODE_INDEX", "3", "CI_NODE_TOTAL", "5")));
        assertEquals(new RecordShard(2, 3), RecordShard.fromEnvironment(
                Map.of("SLURM_ARRAY_TASK_ID", "11", "SLURM_ARRAY_TASK_MIN", "10", "SLURM_ARRAY_TASK_COUNT", "3")));
        assertEquals(new RecordShard(1, 2), RecordShard.fromEnvironment(
                Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "2")));
        assertEquals(RecordShard.ALL, RecordShard.fromEnvironment(Map.of()));
    }

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
