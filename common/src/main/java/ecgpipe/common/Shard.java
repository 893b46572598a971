package ecgpipe.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of a sorted list of records one run processes, the stages' {@code --shard I/N}: part {@code index}
 * (1-based) of {@code count} takes the items at positions index-1, index-1+count, ... Parallel CI jobs or Slurm
 * array tasks thus split a data set without talking to each other, together cover every item exactly once, and
 * get sizes that differ by at most one (every count-th item rather than a contiguous block, so that a run of
 * long records does not all land in one part).
 */
public record Shard(int index, int count) {
    /** Everything: the default outside a scheduler. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw PipelineException.usage("--shard I/N needs 1 <= I <= N, not " + index + "/" + count);
        }
    }

    /** Parses "I/N" (spaces around the numbers allowed). */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length == 2) {
            try {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            } catch (NumberFormatException e) {
                // reported below, with the text as given
            }
        }
        throw PipelineException.usage("--shard must be I/N (for example 2/4), not '" + text + "'");
    }

    /**
     * The shard the scheduler assigned, when the user gave none: GitLab CI's {@code parallel:} jobs
     * (CI_NODE_INDEX of CI_NODE_TOTAL, 1-based), then a Slurm job array (task SLURM_ARRAY_TASK_ID counted from
     * SLURM_ARRAY_TASK_MIN, 0 when unset, of SLURM_ARRAY_TASK_COUNT), else {@link #ALL}. A set but malformed
     * variable is a usage error: silently processing everything in every array task would duplicate the work.
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
            return fromSlurmArray(env, task, taskCount);
        }
        return ALL;
    }

    /**
     * Task SLURM_ARRAY_TASK_ID of an array {@code MIN-MAX:STEP} of SLURM_ARRAY_TASK_COUNT tasks is part
     * (ID - MIN) / STEP + 1. Only a complete, evenly spaced array maps onto the parts: a resubmitted subset such as
     * {@code --array=3,5} would silently take the wrong records (or fail in one task only), so it is refused with a
     * hint to give each task its {@code --shard}.
     */
    private static Shard fromSlurmArray(Map<String, String> env, String task, String taskCount) {
        int id;
        int count;
        int min;
        int max;
        int step;
        try {
            id = Integer.parseInt(task.strip());
            count = Integer.parseInt(taskCount.strip());
            min = Integer.parseInt(env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0").strip());
            max = Integer.parseInt(env.getOrDefault("SLURM_ARRAY_TASK_MAX", String.valueOf(min + count - 1)).strip());
            step = Integer.parseInt(env.getOrDefault("SLURM_ARRAY_TASK_STEP", "1").strip());
        } catch (NumberFormatException e) {
            throw PipelineException.usage("SLURM_ARRAY_TASK_ID, _COUNT, _MIN, _MAX and _STEP must be integers, not '"
                    + task + "', '" + taskCount + "', '" + env.get("SLURM_ARRAY_TASK_MIN") + "', '"
                    + env.get("SLURM_ARRAY_TASK_MAX") + "', '" + env.get("SLURM_ARRAY_TASK_STEP") + "'");
        }
        boolean regular = step >= 1 && count >= 1 && max - min == (long) (count - 1) * step && (id - min) % step == 0;
        if (!regular) {
            throw PipelineException.usage("Slurm array tasks " + min + "-" + max + " (" + count + " tasks, step " + step
                    + ") are not one evenly spaced array, so task " + id + " cannot tell its part: give --shard I/N");
        }
        return new Shard((id - min) / step + 1, count);
    }

    /** True when the item at {@code position} (0-based) of the sorted list belongs to this shard. */
    public boolean includes(int position) {
        return position % count == index - 1;
    }

    /** This shard's items of {@code sorted}, in order. */
    public <T> List<T> select(List<T> sorted) {
        List<T> mine = new ArrayList<>();
        for (int i = index - 1; i < sorted.size(); i += count) {
            mine.add(sorted.get(i));
        }
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
