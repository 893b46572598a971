package ecgpipe.common;

import java.util.Map;

/** How many records or objects a stage works on at once when the user did not say. */
public final class Parallelism {
    /** Set by Slurm to the CPUs it granted this task; using more would steal from the node's other jobs. */
    public static final String SLURM_CPUS_PER_TASK = "SLURM_CPUS_PER_TASK";

    private Parallelism() {
    }

    /**
     * The positive whole number in SLURM_CPUS_PER_TASK, else {@code fallback}. A malformed Slurm variable
     * is not the user's request, so it falls back rather than fails.
     */
    public static int defaultWorkers(Map<String, String> env, int fallback) {
        String slurm = env.get(SLURM_CPUS_PER_TASK);
        if (slurm != null) {
            try {
                int n = Integer.parseInt(slurm.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // not a number: fall back
            }
        }
        return fallback;
    }

    /** For CPU-bound stages: what Slurm granted, else every processor this JVM sees. */
    public static int defaultThreads(Map<String, String> env) {
        return defaultWorkers(env, Runtime.getRuntime().availableProcessors());
    }
}
