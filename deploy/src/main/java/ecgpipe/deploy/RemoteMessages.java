package ecgpipe.deploy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The remote's own messages during a push (git's side band: Heroku streams its whole build log through
 * it). Each complete line is handed on as it arrives, so a user watches the build live; the last lines
 * are kept to explain a rejection.
 */
final class RemoteMessages extends OutputStream {
    private static final int KEPT_LINES = 10;

    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Deque<String> last = new ArrayDeque<>();

    RemoteMessages(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        // Progress lines end with '\r' (redrawn in place); both terminators end a line here.
        if (b == '\n' || b == '\r') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        // Partial lines wait for their end: git flushes mid-line while drawing progress.
    }

    @Override
    public synchronized void close() {
        emit();
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (text.isEmpty()) {
            return;
        }
        if (last.size() == KEPT_LINES) {
            last.removeFirst();
        }
        last.addLast(text);
        sink.accept(text);
    }

    /** The most recent lines, oldest first. */
    synchronized List<String> lastLines() {
        return List.copyOf(last);
    }
}
