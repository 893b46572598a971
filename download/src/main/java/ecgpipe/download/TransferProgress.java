package ecgpipe.download;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Files and bytes done so far, shown while a run lasts. On a terminal one status line is redrawn in place
 * twice a second; in a log (CI, Slurm output files) carriage returns would make a mess, so a plain status
 * line is printed every {@code interval} instead. Both go to stderr: stdout carries only the summary line,
 * which scripts parse.
 *
 * <p>Transfer threads call {@link #add} after every buffer they write, so the counters are atomics and
 * the display thread only reads them.
 */
final class TransferProgress implements AutoCloseable {
    private static final long LIVE_REFRESH_MS = 500;

    private final PrintWriter err;
    private final DownloadRequest.Progress mode;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger files = new AtomicInteger();
    private final long startNanos = System.nanoTime();
    private volatile int totalFiles;
    private volatile long totalBytes;
    private Thread display;
    private int lastWidth;

    TransferProgress(PrintWriter err, DownloadRequest.Progress mode) {
        this.err = err;
        this.mode = mode;
    }

    /** Sets what the run has to transfer and starts the display (if any). */
    void start(int filesToTransfer, long bytesToTransfer) {
        totalFiles = filesToTransfer;
        totalBytes = bytesToTransfer;
        long period = mode.live() ? LIVE_REFRESH_MS : mode.interval().toMillis();
        if (period <= 0 || filesToTransfer == 0) {
            return;
        }
        display = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(period);
                    show();
                }
            } catch (InterruptedException done) {
                // close() stops the display
            }
        }, "download-progress");
        display.setDaemon(true);
        display.start();
    }

    /** {@code n} more bytes written (negative when a failed attempt's bytes are given back). */
    void add(long n) {
        bytes.addAndGet(n);
    }

    void fileDone() {
        files.incrementAndGet();
    }

    long bytes() {
        return bytes.get();
    }

    /** Draws the status now: redrawn in place on a terminal, one more log line otherwise. */
    void show() {
        String s = line(files.get(), totalFiles, bytes.get(), totalBytes,
                Duration.ofNanos(System.nanoTime() - startNanos));
        synchronized (err) {
            if (mode.live()) {
                err.print("\r" + s + " ".repeat(Math.max(0, lastWidth - s.length())));
                lastWidth = s.length();
            } else {
                err.println("download: " + s);
            }
            err.flush();
        }
    }

    /** Stops the display; on a terminal the status line is wiped so the summary line stands alone. */
    @Override
    public void close() {
        if (display == null) {
            return;
        }
        display.interrupt();
        try {
            display.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (mode.live()) {
            synchronized (err) {
                err.print("\r" + " ".repeat(lastWidth) + "\r");
                err.flush();
            }
        }
    }

    /** {@code 12/78 files, 20.1 MB / 50.8 MB (40%), 25.3 MB/s, ETA 2s}. */
    static String line(int files, int totalFiles, long bytes, long totalBytes, Duration elapsed) {
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-3);
        double rate = bytes / seconds;
        long percent = totalBytes > 0 ? Math.min(100, bytes * 100 / totalBytes) : 100;
        String eta = rate > 0 && bytes < totalBytes ? duration((long) Math.ceil((totalBytes - bytes) / rate)) : "-";
        return String.format(Locale.ROOT, "%d/%d files, %s / %s (%d%%), %s/s, ETA %s", files, totalFiles,
                DownloadSummary.size(Math.max(0, bytes)), DownloadSummary.size(totalBytes), percent,
                DownloadSummary.size((long) Math.max(0, rate)), eta);
    }

    /** 42s, 3m05s, 1h02m. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
