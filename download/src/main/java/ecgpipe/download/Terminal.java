package ecgpipe.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the progress display may redraw a line in place. */
final class Terminal {
    private Terminal() {
    }

    /**
     * True when stderr (where progress goes) is a terminal. Java cannot ask isatty(2) directly; on Linux
     * /proc tells where file descriptor 2 leads. Elsewhere {@link System#console()} (stdin and stdout both
     * terminals) is the closest question Java can ask.
     */
    static boolean isStderrTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fall through to the portable answer
        }
        return System.console() != null;
    }
}
