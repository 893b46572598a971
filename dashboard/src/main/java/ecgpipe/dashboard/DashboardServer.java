package ecgpipe.dashboard;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import io.javalin.Javalin;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** Opens the results directory and serves the dashboard over it until stopped. */
public final class DashboardServer implements AutoCloseable {
    private final RecordRepository repo;
    private final Javalin app;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private DashboardServer(RecordRepository repo, Javalin app) {
        this.repo = repo;
        this.app = app;
    }

    /**
     * Starts serving {@code request.dataDir()}; returns once the server listens. Port 0 picks a free port
     * (see {@link #port()}).
     */
    public static DashboardServer start(DashboardRequest request) {
        RecordRepository repo = RecordRepository.open(request.dataDir());
        Javalin app = DashboardApp.create(repo);
        try {
            app.start(request.host(), request.port());
        } catch (RuntimeException e) {
            repo.close();
            throw new PipelineException(ExitCode.IO_ERROR, "cannot listen on " + request.host() + ":"
                    + request.port() + ": " + rootMessage(e), e);
        }
        return new DashboardServer(repo, app);
    }

    public int port() {
        return app.port();
    }

    public int records() {
        return repo.size();
    }

    /** Blocks until {@link #close()} is called (from a shutdown hook, when the process is terminated). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops serving and closes the files; safe to call more than once (the shutdown hook calls it too). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            app.stop();
        } finally {
            repo.close();
            stopped.countDown();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
