package ecgpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParallelismTest {

    @Test
    void slurmGrantWins() {
        assertEquals(16, Parallelism.defaultWorkers(Map.of("SLURM_CPUS_PER_TASK", "16"), 4));
        assertEquals(2, Parallelism.defaultWorkers(Map.of("SLURM_CPUS_PER_TASK", " 2\n"), 4));
    }

    @Test
    void withoutAUsableGrantTheFallbackIsUsed() {
        assertEquals(4, Parallelism.defaultWorkers(Map.of(), 4));
        assertEquals(7, Parallelism.defaultWorkers(Map.of("SLURM_CPUS_PER_TASK", "lots"), 7));
        assertEquals(7, Parallelism.defaultWorkers(Map.of("SLURM_CPUS_PER_TASK", "0"), 7));
        assertEquals(7, Parallelism.defaultWorkers(Map.of("SLURM_CPUS_PER_TASK", "-3"), 7));
        assertEquals(7, Parallelism.defaultWorkers(Map.of("SLURM_CPUS_PER_TASK", ""), 7));
    }

    @Test
    void threadsFallBackToTheProcessorCount() {
        assertEquals(3, Parallelism.defaultThreads(Map.of("SLURM_CPUS_PER_TASK", "3")));
        assertEquals(Runtime.getRuntime().availableProcessors(), Parallelism.defaultThreads(Map.of()));
    }
}
