package ecgpipe.convert;

import ecgpipe.common.PipelineException;
import java.util.Map;

/**
 * Part {@code index} (1-based) of {@code count}: a run converts every count-th record of the sorted list,
 * so parallel CI jobs or Slurm array tasks split a data set without talking to each other.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw PipelineException.usage("shard must be I/N with 1 <= I <= N, not " + index + "/" + count);
        }
    }

    /** Parses "I/N". */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/");
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw PipelineException.usage("--shard must be I/N (for example 2/4), not '" + text + "'");
    }

    /**
     * The shard the scheduler assigned: GitLab's {@code parallel:} (CI_NODE_INDEX/CI_NODE_TOTAL, 1-based) or a
     * Slurm job array (SLURM_ARRAY_TASK_ID relative to SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT).
     */
    public static Shard fromEnvironment(Map<String, String> env) {
        String ci = env.get("CI_NODE_INDEX");
        String ciTotal = env.get("CI_NODE_TOTAL");
        if (ci != null && ciTotal != null) {
            return parse(ci + "/" + ciTotal);
        }
        String task = env.get("SLURM_ARRAY_TASK_ID");
        String taskCount = env.get("SLURM_ARRAY_TASK_COUNT");
        if (task != null && taskCount != null) {
            try {
                int min = Integer.parseInt(env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0").strip());
                return new Shard(Integer.parseInt(task.strip()) - min + 1, Integer.parseInt(taskCount.strip()));
            } catch (NumberFormatException e) {
                throw PipelineException.usage("SLURM_ARRAY_TASK_ID/COUNT/MIN are not numbers");
            }
        }
        return ALL;
    }

    /** True when the record at {@code position} of the sorted list belongs to this shard. */
    public boolean includes(int position) {
        return position % count == index - 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
