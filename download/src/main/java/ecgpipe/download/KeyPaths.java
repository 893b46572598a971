package ecgpipe.download;

import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import java.nio.file.Path;

/**
 * Maps an object's key (relative to the prefix) to a file under the destination, refusing any key that would
 * land outside it. S3 keys are arbitrary strings, so a bucket we do not control could hold
 * {@code ../../.bashrc} or {@code /etc/passwd}; those are refused, never "cleaned up", because silently
 * renaming a key would make two keys collide or hide the problem.
 */
final class KeyPaths {
    private KeyPaths() {
    }

    /**
     * The file for {@code relativeKey} under {@code destination}.
     *
     * @throws PipelineException (bad input) naming {@code uri} when the key is unsafe
     */
    static Path resolve(Path destination, String relativeKey, String uri) {
        String why = unsafeReason(relativeKey);
        if (why != null) {
            throw PipelineException.badInput(uri + ": refused key (" + why + ")");
        }
        Path root = destination.toAbsolutePath().normalize();
        Path target = root;
        for (String segment : relativeKey.split("/")) {
            target = target.resolve(segment);
        }
        target = target.normalize();
        // Belt and braces: the segment checks above already exclude every way out that we know of.
        if (!target.startsWith(root) || target.equals(root)) {
            throw PipelineException.badInput(uri + ": refused key (resolves outside " + destination + ")");
        }
        return target;
    }

    /** Null when the key is safe to use as a relative path, else the reason it is not. */
    static String unsafeReason(String relativeKey) {
        if (relativeKey.isEmpty()) {
            return "empty name";
        }
        if (relativeKey.startsWith("/") || relativeKey.startsWith("\\")) {
            return "absolute path";
        }
        if (relativeKey.length() >= 2 && relativeKey.charAt(1) == ':') {
            return "absolute path";
        }
        if (relativeKey.indexOf('\0') >= 0) {
            return "NUL character";
        }
        if (relativeKey.indexOf('\\') >= 0) {
            // On Windows a backslash is a separator, so "..\\x" would climb out; refuse it everywhere alike.
            return "backslash in key";
        }
        for (String segment : relativeKey.split("/", -1)) {
            if (segment.equals("..")) {
                return "path traversal '..'";
            }
            if (segment.equals(".")) {
                return "'.' path segment";
            }
            if (segment.isEmpty()) {
                return "empty path segment";
            }
        }
        String last = relativeKey.substring(relativeKey.lastIndexOf('/') + 1);
        if (last.equals(DownloadManifest.FILE_NAME)) {
            return "clashes with the download manifest";
        }
        if (AtomicFiles.isTemporary(Path.of(last))) {
            return "clashes with the temporary-file naming";
        }
        return null;
    }
}
