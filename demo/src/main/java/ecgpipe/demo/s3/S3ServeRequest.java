package ecgpipe.demo.s3;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code demo serve-s3} serves.
 *
 * @param dir       local directory whose files (recursively) become the bucket's objects
 * @param bucket    bucket name
 * @param prefix    key prefix, without leading or trailing '/' ("" for the bucket's root)
 * @param port      loopback port to listen on, 0 for any free one
 * @param readyFile written with the endpoint URL once the bucket is filled (null for none)
 */
public record S3ServeRequest(Path dir, String bucket, String prefix, int port, Path readyFile) {
    public S3ServeRequest {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(bucket, "bucket");
        prefix = trimSlashes(prefix == null ? "" : prefix);
    }

    /** The key for a file at {@code relativePath} ('/'-separated) under {@link #dir}. */
    public String keyFor(String relativePath) {
        return prefix.isEmpty() ? relativePath : prefix + "/" + relativePath;
    }

    private static String trimSlashes(String p) {
        int start = 0;
        int end = p.length();
        while (start < end && p.charAt(start) == '/') {
            start++;
        }
        while (end > start && p.charAt(end - 1) == '/') {
            end--;
        }
        return p.substring(start, end);
    }
}
