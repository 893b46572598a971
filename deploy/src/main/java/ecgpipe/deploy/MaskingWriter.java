package ecgpipe.deploy;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * Passes text on line by line after {@code mask} has removed secrets from it. Whole lines are masked, so
 * a key written in several pieces (a remote's message arriving in chunks) is still found.
 */
final class MaskingWriter extends Writer {
    private final PrintWriter target;
    private final UnaryOperator<String> mask;
    private final StringBuilder pending = new StringBuilder();

    private MaskingWriter(PrintWriter target, UnaryOperator<String> mask) {
        this.target = target;
        this.mask = mask;
    }

    /** A print writer over {@code target} that masks every line; it flushes on println. */
    static PrintWriter wrap(PrintWriter target, UnaryOperator<String> mask) {
        return new PrintWriter(new MaskingWriter(target, mask), true);
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        pending.append(buf, off, len);
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            target.write(mask.apply(pending.substring(0, newline + 1)));
            pending.delete(0, newline + 1);
        }
    }

    @Override
    public synchronized void flush() {
        if (pending.length() > 0) {
            target.write(mask.apply(pending.toString()));
            pending.setLength(0);
        }
        target.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
