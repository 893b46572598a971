package ecgpipe.download;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's wall time went, phase by phase, logged with {@code -v}. A small download is mostly start-up
 * (the JVM, then picocli and the AWS SDK), so the first phase starts when {@code main} does; what the JVM
 * took before that is the launcher's business (a plain {@code java -Xshare:auto} hello-world takes
 * 40-80 ms on the machines this was measured on).
 */
final class PhaseClock {
    /** Set by {@code main} before anything else: the earliest moment our own code runs (0: not via main). */
    static volatile long mainNanos;

    private final List<String> names = new ArrayList<>();
    private final List<Long> nanos = new ArrayList<>();
    private long last;

    PhaseClock() {
        last = mainNanos != 0 ? mainNanos : System.nanoTime();
    }

    /** Ends the current phase under {@code name}. */
    synchronized void mark(String name) {
        long now = System.nanoTime();
        names.add(name);
        nanos.add(now - last);
        last = now;
    }

    /** {@code options 120 ms, client 8 ms, ...}: the first phase starts at main (or at this clock's creation). */
    synchronized String report() {
        StringBuilder b = new StringBuilder(mainNanos != 0 ? "since main: " : "");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ').append(nanos.get(i) / 1_000_000)
                    .append(" ms");
        }
        return b.toString();
    }
}
