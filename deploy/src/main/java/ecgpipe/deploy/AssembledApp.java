package ecgpipe.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * A Heroku app directory ready to push.
 *
 * @param dir        the app directory
 * @param files      its files, relative to {@code dir}, in a stable order
 * @param totalBytes the sum of their sizes
 * @param dataDigest SHA-256 over the data files' names and contents, "sha256:&lt;hex&gt;": names the data in the commit
 * @param records    how many record files the data holds
 */
record AssembledApp(Path dir, List<AppFile> files, long totalBytes, String dataDigest, int records) {
    AssembledApp {
        files = List.copyOf(files);
    }

    /** A file of the app: its path relative to the app directory (with '/') and its size. */
    record AppFile(String path, long bytes) {
    }

    /** The first hex digits of the data digest, enough to tell deployments apart in a log. */
    String shortDigest() {
        String hex = dataDigest.substring(dataDigest.indexOf(':') + 1);
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
