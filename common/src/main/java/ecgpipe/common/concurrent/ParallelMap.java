package ecgpipe.common.concurrent;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Applies a function to every item on a fixed pool of threads and returns the results in the items' order.
 * Stages make the function turn each item's expected failure into a result, so that one bad record does
 * not stop the others; what still escapes the function is a bug or fatal and ends the whole run.
 */
public final class ParallelMap {
    private ParallelMap() {
    }

    /**
     * @param name    prefix of the worker threads' names ({@code name-1}, {@code name-2}, ...), seen in
     *                stack traces and debug logs
     * @param threads the most items worked on at once (at least 1); no more threads than items are started
     * @throws PipelineException (TEMPORARY) when the calling thread is interrupted while waiting; the
     *                           workers are interrupted too
     * @throws RuntimeException  or {@link Error}: the first one {@code fn} threw, in the items' order, as is
     */
    public static <T, R> List<R> map(String name, List<T> items, int threads, Function<? super T, ? extends R> fn) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (items.isEmpty()) {
            return List.of();
        }
        AtomicInteger threadNo = new AtomicInteger();
        // Daemon workers: a run ended by an escaped exception must not keep the JVM alive.
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), task -> {
            Thread t = new Thread(task, name + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<? extends R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> fn.apply(item)));
            }
            List<R> results = new ArrayList<>(futures.size());
            for (Future<? extends R> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(ExitCode.TEMPORARY, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            // fn is a Function: it cannot throw a checked exception, but the compiler does not know that.
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
