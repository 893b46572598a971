package ecgpipe.common.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelMapTest {

    @Test
    void resultsComeInTheItemsOrder() {
        List<Integer> items = IntStream.range(0, 50).boxed().toList();
        // Later items finish first, so completion order differs from the items' order.
        List<String> out = ParallelMap.map("t", items, 4, i -> {
            sleepMillis(50 - i);
            return "#" + i;
        });
        assertEquals(items.stream().map(i -> "#" + i).toList(), out);
    }

    @Test
    void atMostThreadsItemsRunAtOnceOnNamedWorkers() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<String> names = ConcurrentHashMap.newKeySet();
        ParallelMap.map("worker", IntStream.range(0, 30).boxed().toList(), 3, i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            names.add(Thread.currentThread().getName());
            sleepMillis(5);
            running.decrementAndGet();
            return i;
        });
        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        assertTrue(names.stream().allMatch(n -> n.matches("worker-[123]")), names.toString());
    }

    @Test
    void noItemsNoWork() {
        assertEquals(List.of(), ParallelMap.map("t", List.<Integer>of(), 4, i -> {
            throw new AssertionError("called");
        }));
    }

    @Test
    void threadsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ParallelMap.map("t", List.of(1), 0, i -> i));
    }

    @Test
    void aRuntimeExceptionFromATaskIsRethrownAsIs() {
        PipelineException bad = PipelineException.badInput("100.hea: bad");
        PipelineException thrown = assertThrows(PipelineException.class, () -> ParallelMap.map("t", List.of(1, 2, 3), 2,
                i -> {
                    if (i == 2) {
                        throw bad;
                    }
                    return i;
                }));
        assertSame(bad, thrown);
    }

    @Test
    void anErrorFromATaskIsRethrownAsIs() {
        StackOverflowError boom = new StackOverflowError("deep");
        Error thrown = assertThrows(StackOverflowError.class, () -> ParallelMap.map("t", List.of(1, 2), 2, i -> {
            throw boom;
        }));
        assertSame(boom, thrown);
    }

    @Test
    void anInterruptedCallerGetsATemporaryFailureAndTheWorkersAreStopped() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch workerInterrupted = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                ParallelMap.map("t", List.of(1), 1, i -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        workerInterrupted.countDown();
                    }
                    return i;
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(30_000);
        assertFalse(caller.isAlive());
        PipelineException e = (PipelineException) failure.get();
        assertEquals(ExitCode.TEMPORARY, e.exitCode());
        assertEquals("interrupted", e.getMessage());
        assertTrue(workerInterrupted.await(30, TimeUnit.SECONDS), "the worker was interrupted");
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
