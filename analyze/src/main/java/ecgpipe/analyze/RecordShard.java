package ecgpipe.analyze;

import ecgpipe.common.PipelineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of the sorted record list one run analyzes: part {@code part} (1-based) of {@code parts} takes
 * the records at positions part-1, part-1+parts, ... Parallel jobs split the work without coordination and
 * together cover every record exactly once, with sizes differing by at most one. Same convention as the
 * convert stage's --shard (1-based I/N; GitLab parallel or Slurm array variables by default).
 */
public record RecordShard(int part, int parts) {
    public static final RecordShard ALL = new RecordShard(1, 1);

    public RecordShard {
        if (parts < 1 || part < 1 || part > parts) {
            throw PipelineException.usage("--shard I/N needs 1 <= I <= N, got " + part + "/" + parts);
        }
    }

    public static RecordShard parse(String spec) {
        int slash = spec.indexOf('/');
        if (slash > 0) {
            try {
                return new RecordShard(Integer.parseInt(spec.substring(0, slash).strip()),
                        Integer.parseInt(spec.substring(slash + 1).strip()));
            } catch (NumberFormatException e) {
                // falls through to the usage message
            }
        }
        throw PipelineException.usage("--shard takes I/N (e.g. 1/4), got '" + spec + "'");
    }

    /**
     * Without --shard: GitLab CI's {@code parallel:} jobs (CI_NODE_INDEX of CI_NODE_TOTAL, 1-based), then a
     * Slurm job array (task SLURM_ARRAY_TASK_ID counted from SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT),
     * else everything.
     */
    public static RecordShard fromEnvironment(Map<String, String> env) {
        if (env.containsKey("CI_NODE_INDEX") && env.containsKey("CI_NODE_TOTAL")) {
            return parse(env.get("CI_NODE_INDEX") + "/" + env.get("CI_NODE_TOTAL"));
        }
        if (env.containsKey("SLURM_ARRAY_TASK_ID") && env.containsKey("SLURM_ARRAY_TASK_COUNT")) {
            try {
                int id = Integer.parseInt(env.get("SLURM_ARRAY_TASK_ID").strip());
                int min = Integer.parseInt(env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0").strip());
                return new RecordShard(id - min + 1, Integer.parseInt(env.get("SLURM_ARRAY_TASK_COUNT").strip()));
            } catch (NumberFormatException e) {
                throw PipelineException.usage("SLURM_ARRAY_TASK_ID, _MIN and _COUNT must be integers");
            }
        }
        return ALL;
    }

    public <T> List<T> select(List<T> sorted) {
        List<T> mine = new ArrayList<>();
        for (int i = part - 1; i < sorted.size(); i += parts) {
            mine.add(sorted.get(i));
        }
        return mine;
    }

    @Override
    public String toString() {
        return part + "/" + parts;
    }
}
