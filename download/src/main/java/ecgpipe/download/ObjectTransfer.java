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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Copies one object to its local file: streamed to a temporary name while its MD5 is computed on the way,
 * checked against the response's Content-Length, (where it is one) its MD5 ETag and (where the object
 * carries one and the SDK can check it) its stored CRC/SHA checksum, then renamed. A broken connection or a
 * mismatch gets one more attempt; a second failure is final and leaves nothing under the final name (a
 * previous good file there stays untouched). Objects of at least the ranged cutoff go to
 * {@link RangedTransfer} instead: parallel ranged GETs into a resumable temporary file.
 *
 * <p>Only MD5 is computed: it is what S3 lets us verify against. Later stages hash their inputs themselves
 * (convert records SHA-256 of each source file), so a second digest here would only cost CPU.
 */
final class ObjectTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectTransfer.class);
    private static final int BUFFER = 1 << 16;

    /** What was written: the verified facts the manifest records. */
    record Result(long bytes, String etag, String md5, long mtimeMillis) {
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
    private final TransferProgress progress;
    private final RangedTransfer ranged;
    private final long cutoff;

    ObjectTransfer(S3Client s3, String bucket, boolean anonymous, DownloadRequest.Ranged ranged,
            TransferProgress progress, java.util.function.Consumer<String> notice) {
        this.s3 = s3;
        this.bucket = bucket;
        this.anonymous = anonymous;
        this.progress = progress;
        this.cutoff = ranged.cutoff();
        this.ranged = new RangedTransfer(s3, bucket, anonymous, ranged, progress, notice);
    }

    Result fetch(RemoteObject object, Path target) {
        if (object.size() >= cutoff) {
            return ranged.fetch(object, target);
        }
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
            return new Result(r.bytes(), r.etag(), r.md5(), mtime);
        } catch (SdkException e) {
            throw S3Errors.map(e, url, anonymous);
        } catch (IOException e) {
            throw PipelineException.io("cannot read back " + target, e);
        }
    }

    private Result copy(RemoteObject object, Path tmp, String url) throws IOException {
        MessageDigest md5 = digest("MD5");
        long n = 0;
        // checksumMode: the SDK then checks the object's stored CRC32/CRC32C/SHA checksum when S3 sends one.
        ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(object.key())
                .checksumMode(ChecksumMode.ENABLED));
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
                out.write(buf, 0, r);
                n += r;
                progress.add(r);
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
            return new Result(n, etag, md5Hex, 0);
        } catch (RuntimeException | IOException | Error e) {
            progress.add(-n); // this attempt's bytes are thrown away
            throw e;
        } finally {
            if (!drained) {
                // Closing a half-read body would make the HTTP client read the rest to reuse the connection.
                in.abort();
            }
            in.close();
        }
    }

    /** A read from the response body; failures here are the network's, unlike failures to write the file. */
    static int readFromNetwork(InputStream in, byte[] buf, String url, long sofar) {
        try {
            return in.read(buf);
        } catch (SdkClientException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("checksum")) {
                // The SDK compared the object's stored checksum (x-amz-checksum-*) with the bytes it streamed.
                throw new RetryableFailure(ExitCode.BAD_INPUT, url + ": stored checksum mismatch ("
                        + e.getMessage() + ")", e);
            }
            throw new RetryableFailure(ExitCode.TEMPORARY, url + ": connection broke after " + sofar + " bytes ("
                    + e.getMessage() + ")", e);
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

    /** Hex MD5 of a local file: used when a rerun must check a file the manifest does not vouch for. */
    static String md5OfFile(Path file) {
        MessageDigest md5 = digest("MD5");
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) >= 0; ) {
                md5.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw PipelineException.io("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(md5.digest());
    }
}
