package ecgpipe.common.io;

import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Outputs appear under their final name only when complete: every stage writes to a temporary name in
 * the same directory and renames it atomically. Temporary names start with {@code .} and end with
 * {@link #TEMP_SUFFIX}, so listings ignore them and a rerun can sweep them away.
 */
public final class AtomicFiles {
    public static final String TEMP_SUFFIX = ".part";

    private AtomicFiles() {
    }

    /** Something that fills a file at the given (temporary) path. */
    @FunctionalInterface
    public interface FileWriter {
        void writeTo(Path tempFile) throws IOException;
    }

    /**
     * The temporary sibling used while {@code target} is being written. Its name says who writes it
     * ({@code <pid>-<thread>@<host>}), so that the sweep of a concurrent run in the same directory (another shard
     * of a GitLab {@code parallel:} job or of a Slurm array) leaves it alone: see {@link #sweepTemporaries}.
     */
    public static Path tempFor(Path target) {
        String unique = ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + "@" + HOST;
        return target.resolveSibling("." + target.getFileName() + "." + unique + TEMP_SUFFIX);
    }

    /**
     * Writes {@code target} through {@code writer} at a temporary name, then renames it into place.
     * On any failure the temporary file is removed and the previous {@code target}, if any, is untouched.
     */
    public static void write(Path target, FileWriter writer) {
        Path temp = tempFor(target);
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(temp);
            writer.writeTo(temp);
            move(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw PipelineException.io("cannot write " + target, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Renames {@code from} onto {@code to}, atomically where the file system allows it. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** True for the temporary files this class makes, so directory listings can skip them. */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /**
     * Removes temporary files left in {@code dir} by an interrupted earlier run. A temporary that another run may
     * still be writing is kept: one of a live process on this host other than this one, or one from another host
     * (a shared file system) modified within the last day. Shards of a data set write the same directory at the
     * same time, and each starts with this sweep.
     */
    public static int sweepTemporaries(Path dir) {
        int removed = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (isTemporary(p) && Files.isRegularFile(p) && !beingWritten(p)) {
                    deleteQuietly(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw PipelineException.io("cannot list " + dir, e);
        }
        return removed;
    }

    /** This host's name as it appears in temporary names (from the kernel: no DNS lookup). */
    private static final String HOST = hostName();

    private static String hostName() {
        String h = null;
        try {
            h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            h = System.getenv("HOSTNAME");
        }
        h = h == null || h.isBlank() ? "localhost" : h;
        return h.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    /** True when the writer named in {@code temp}'s name may still be writing it (names without a host: never). */
    static boolean beingWritten(Path temp) {
        String name = temp.getFileName().toString();
        String core = name.substring(0, name.length() - TEMP_SUFFIX.length());
        int at = core.lastIndexOf('@');
        int dot = at < 0 ? -1 : core.lastIndexOf('.', at);
        if (at < 0 || dot < 0) {
            return false;
        }
        if (!core.substring(at + 1).equals(HOST)) {
            try {
                long age = System.currentTimeMillis() - Files.getLastModifiedTime(temp).toMillis();
                return age < java.util.concurrent.TimeUnit.DAYS.toMillis(1);
            } catch (IOException e) {
                return false;
            }
        }
        String writer = core.substring(dot + 1, at);
        int dash = writer.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? writer : writer.substring(0, dash));
            return pid != ProcessHandle.current().pid()
                    && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover temporary file is swept by the next run
        }
    }
}
