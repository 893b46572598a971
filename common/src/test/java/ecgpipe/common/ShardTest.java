package ecgpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void shardsCoverEveryItemOnceAndDifferInSizeByAtMostOne() {
        List<Integer> all = IntStream.range(0, 26).boxed().toList();
        List<Integer> seen = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Shard shard = new Shard(i, 4);
            List<Integer> part = shard.select(all);
            assertTrue(part.size() == 6 || part.size() == 7, part.toString());
            for (int position = 0; position < all.size(); position++) {
                assertEquals(part.contains(all.get(position)), shard.includes(position), shard + " at " + position);
            }
            seen.addAll(part);
        }
        assertEquals(all, seen.stream().sorted().toList());
        assertEquals(List.of(1, 5, 9, 13, 17, 21, 25), new Shard(2, 4).select(all));
        assertEquals(all, Shard.ALL.select(all));
        assertEquals(List.of(), new Shard(3, 3).select(List.of("a", "b")));
    }

    @Test
    void parsesIOverNAndRefusesAnythingElseAsAUsageError() {
        assertEquals(new Shard(2, 4), Shard.parse(" 2/4 "));
        assertEquals(new Shard(2, 4), Shard.parse("2 / 4"));
        assertEquals("2/4", Shard.parse("2/4").toString());
        for (String bad : new String[] {"2", "0/4", "5/4", "a/b", "/", "2/0", "1/2/3", "-1/2", ""}) {
            PipelineException e = assertThrows(PipelineException.class, () -> Shard.parse(bad), bad);
            assertEquals(ExitCode.USAGE, e.exitCode(), bad);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void defaultsComeFromGitLabThenSlurmVariables() {
        assertEquals(new Shard(3, 5), Shard.fromEnvironment(Map.of("CI_NODE_INDEX", "3", "CI_NODE_TOTAL", "5")));
        assertEquals(new Shard(2, 3), Shard.fromEnvironment(
                Map.of("SLURM_ARRAY_TASK_ID", "11", "SLURM_ARRAY_TASK_MIN", "10", "SLURM_ARRAY_TASK_COUNT", "3")));
        assertEquals(new Shard(1, 2), Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "2")));
        // GitLab's variables win over Slurm's when both are set.
        assertEquals(new Shard(1, 2), Shard.fromEnvironment(Map.of("CI_NODE_INDEX", "1", "CI_NODE_TOTAL", "2",
                "SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "4")));
        // Only one of a pair: not a shard assignment.
        assertEquals(Shard.ALL, Shard.fromEnvironment(Map.of("CI_NODE_INDEX", "2")));
        assertEquals(Shard.ALL, Shard.fromEnvironment(Map.of()));
        for (Map<String, String> bad : List.of(Map.of("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_COUNT", "2"),
                Map.of("CI_NODE_INDEX", "4", "CI_NODE_TOTAL", "3"))) {
            PipelineException e = assertThrows(PipelineException.class, () -> Shard.fromEnvironment(bad), bad.toString());
            assertEquals(ExitCode.USAGE, e.exitCode());
        }
    }

    @Test
    void stepsOfASlurmArrayCountAsConsecutiveParts() {
        // sbatch --array=0-14:2 → 8 tasks, ids 0, 2, ..., 14
        Map<String, String> env = Map.of("SLURM_ARRAY_TASK_ID", "6", "SLURM_ARRAY_TASK_MIN", "0",
                "SLURM_ARRAY_TASK_MAX", "14", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "8");
        assertEquals(new Shard(4, 8), Shard.fromEnvironment(env));
    }

    @Test
    void aResubmittedSubsetOfAnArrayIsRefusedRatherThanGuessed() {
        // sbatch --array=3,5 (two failed tasks of 0-7 resubmitted): Slurm says MIN 3, MAX 5, COUNT 2, STEP 1.
        for (String id : List.of("3", "5")) {
            Map<String, String> env = Map.of("SLURM_ARRAY_TASK_ID", id, "SLURM_ARRAY_TASK_MIN", "3",
                    "SLURM_ARRAY_TASK_MAX", "5", "SLURM_ARRAY_TASK_STEP", "1", "SLURM_ARRAY_TASK_COUNT", "2");
            PipelineException e = assertThrows(PipelineException.class, () -> Shard.fromEnvironment(env));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("--shard"), e.getMessage());
        }
    }
}
