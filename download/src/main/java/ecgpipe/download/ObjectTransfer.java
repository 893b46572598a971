package ecgpipe.download;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Copies one object to its local file: streamed to a temporary name while MD5 and SHA-256 are computed on
 * the way, checked against the response's Content-Length and (where it is one) its MD5 ETag, then renamed.
 * A broken connection or a mismatch gets one more attempt; a second failure is final and leaves nothing
 * under the final name (a previous good file there stays untouched).
 */
final class ObjectTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectTransfer.class);
    private static final int BUFFER = 1 << 16;

    /** What was written: the verified facts the manifest records. */
    record Result(long bytes, String etag, String md5, String sha256, long mtimeMillis) {
    }

    /** A failure worth exactly one more attempt: the bytes we got were incomplete or not the object's. */
    static final class RetryableFailure extends RuntimeException {
        private final int exitCode;

        RetryableFailure(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        PipelineException toPipelineException(String suffix) {
            return new PipelineException(exitCode, getMessage() + suffix, this);
        }
    }

    private final S3Client s3;
    private final String bucket;
    private final boolean anonymous;

    ObjectTransfer(S3Client s3, String bucket, boolean anonymous) {
        this.s3 = s3;
        this.bucket = bucket;
        this.anonymous = anonymous;
    }

    Result fetch(RemoteObject object, Path target) {
        String url = "s3://" + bucket + "/" + object.key();
        try {
            return attempt(object, target, url);
        } catch (RetryableFailure first) {
            LOG.warn("{}; retrying once", first.getMessage());
            try {
                return attempt(object, target, url);
            } catch (RetryableFailure second) {
                throw second.toPipelineException(" (failed twice)");
            }
        }
    }

    private Result attempt(RemoteObject object, Path target, String url) {
        Result[] result = new Result[1];
        try {
            AtomicFiles.write(target, tmp -> result[0] = copy(object, tmp, url));
            long mtime = Files.getLastModifiedTime(target).toMillis();
            Result r = result[0];
            return new Result(r.bytes(), r.etag(), r.md5(), r.sha256(), mtime);
        } catch (SdkException e) {
            throw S3Errors.map(e, url, anonymous);
        } catch (IOException e) {
            throw PipelineException.io("cannot read back " + target, e);
        }
    }

    private Result copy(RemoteObject object, Path tmp, String url) throws IOException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        long n = 0;
        ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(object.key()));
        boolean drained = false;
        try (OutputStream out = Files.newOutputStream(tmp)) {
            GetObjectResponse response = in.response();
            byte[] buf = new byte[BUFFER];
            while (true) {
                int r = readFromNetwork(in, buf, url, n);
                if (r < 0) {
                    break;
                }
                md5.update(buf, 0, r);
                sha256.update(buf, 0, r);
                out.write(buf, 0, r);
                n += r;
            }
            drained = true;
            String md5Hex = HexFormat.of().formatHex(md5.digest());
            Long expected = response.contentLength();
            if (expected != null && expected != n) {
                throw new RetryableFailure(ExitCode.TEMPORARY, url + ": got " + n + " bytes, expected " + expected, null);
            }
            String etag = ETag.normalize(response.eTag());
            String sse = response.serverSideEncryptionAsString();
            if (ETag.isContentMd5(etag, sse, response.sseCustomerAlgorithm()) && !etag.equals(md5Hex)) {
                throw new RetryableFailure(ExitCode.BAD_INPUT, url + ": MD5 mismatch (ETag " + etag + ", content "
                        + md5Hex + ")", null);
            }
            return new Result(n, etag, md5Hex, HexFormat.of().formatHex(sha256.digest()), 0);
        } finally {
            if (!drained) {
                // Closing a half-read body would make the HTTP client read the rest to reuse the connection.
                in.abort();
            }
            in.close();
        }
    }

    /** A read from the response body; failures here are the network's, unlike failures to write the file. */
    private static int readFromNetwork(InputStream in, byte[] buf, String url, long sofar) {
        try {
            return in.read(buf);
        } catch (IOException | SdkException e) {
            throw new RetryableFailure(ExitCode.TEMPORARY, url + ": connection broke after " + sofar + " bytes ("
                    + e.getMessage() + ")", e);
        }
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }

    /** MD5 and SHA-256 of a local file, hex: used when a rerun must check a file the manifest does not vouch for. */
    static String[] hashFile(Path file) {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) >= 0; ) {
                md5.update(buf, 0, r);
                sha256.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw PipelineException.io("cannot read " + file, e);
        }
        return new String[] {HexFormat.of().formatHex(md5.digest()), HexFormat.of().formatHex(sha256.digest())};
    }
}
