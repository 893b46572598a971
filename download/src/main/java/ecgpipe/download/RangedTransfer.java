package ecgpipe.download;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A large object, fetched as parallel ranged GETs ({@code Range: bytes=A-B}, never {@code partNumber}, which
 * not every S3-compatible server implements) straight into its place in a temporary file of the object's
 * full size. Memory stays bounded whatever the object's size: each stream owns one copy buffer, and the
 * file is written with positional writes, never held in memory.
 *
 * <p><b>Resume.</b> The temporary file {@code .NAME.resume.part} sits next to the target with a state file
 * {@code .NAME.resume-state.part}: a header naming the object (key, size, ETag, chunk size) and one
 * {@code done I} line appended after chunk {@code I} is fully written. A run killed at any point leaves both
 * behind; the next run whose object still has that size and ETag fetches only the chunks not marked done.
 * The data of a chunk is written before its line, so a marked chunk is on disk as far as the operating system
 * is concerned (a killed process loses nothing that was written). Nothing is synced to the device per
 * chunk; after a power loss the MD5 check below catches a damaged resumed file when the ETag is an MD5.
 *
 * <p><b>Integrity.</b> Every range must come back with exactly its length and the listed ETag (requests carry
 * {@code If-Match}, so an object replaced mid-download fails instead of mixing two versions). The calling
 * thread meanwhile reads the finished chunks back in order (from the page cache) and computes the file's
 * MD5, overlapping hashing with downloading; it is compared with single-part MD5 ETags and recorded in the
 * manifest. A mismatch discards the temporary file and gets one fresh attempt.
 */
final class RangedTransfer {
    static final String DATA_SUFFIX = ".resume.part";
    static final String STATE_SUFFIX = ".resume-state.part";
    private static final String STATE_MAGIC = "ecgpipe-download-resume 1";
    private static final Logger LOG = LoggerFactory.getLogger(RangedTransfer.class);
    /** Bytes per read from a range's body: one buffer per stream is all the heap a download needs. */
    private static final int BUFFER = 1 << 18;
    /** A range whose connection breaks is asked for again this many times in all before the object fails. */
    private static final int RANGE_ATTEMPTS = 3;

    private final S3Client s3;
    private final String bucket;
    private final boolean anonymous;
    private final DownloadRequest.Ranged settings;
    private final TransferProgress progress;
    private final Consumer<String> notice;

    RangedTransfer(S3Client s3, String bucket, boolean anonymous, DownloadRequest.Ranged settings,
            TransferProgress progress, Consumer<String> notice) {
        this.s3 = s3;
        this.bucket = bucket;
        this.anonymous = anonymous;
        this.settings = settings;
        this.progress = progress;
        this.notice = notice;
    }

    static Path dataFileFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + DATA_SUFFIX);
    }

    static Path stateFileFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + STATE_SUFFIX);
    }

    ObjectTransfer.Result fetch(RemoteObject object, Path target) {
        String url = "s3://" + bucket + "/" + object.key();
        try {
            return attempt(object, target, url);
        } catch (ObjectTransfer.RetryableFailure first) {
            LOG.warn("{}; retrying once from the start", first.getMessage());
            discard(target);
            try {
                return attempt(object, target, url);
            } catch (ObjectTransfer.RetryableFailure second) {
                discard(target);
                throw second.toPipelineException(" (failed twice)");
            }
        }
    }

    private ObjectTransfer.Result attempt(RemoteObject object, Path target, String url) {
        long size = object.size();
        long chunk = settings.chunkSize();
        int chunks = (int) ((size + chunk - 1) / chunk);
        Path data = dataFileFor(target);
        ResumeState state = ResumeState.open(stateFileFor(target), data, object, chunk, chunks);
        long already = state.doneBytes(size, chunk);
        if (already > 0) {
            notice.accept("resuming " + object.relativePath() + " (" + DownloadSummary.size(already) + " of "
                    + DownloadSummary.size(size) + " already here)");
        }
        progress.add(already);
        long[] fetched = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.streams(), Math.max(1, chunks)), r -> {
            Thread t = new Thread(r, "download-range");
            t.setDaemon(true);
            return t;
        });
        String md5Hex;
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE);
                state) {
            List<CompletableFuture<Void>> done = new ArrayList<>(chunks);
            for (int i = 0; i < chunks; i++) {
                if (state.isDone(i)) {
                    done.add(CompletableFuture.completedFuture(null));
                    continue;
                }
                int index = i;
                long start = i * chunk;
                long length = Math.min(chunk, size - start);
                done.add(CompletableFuture.runAsync(() -> {
                    fetchRange(object, url, ch, start, length);
                    synchronized (fetched) {
                        fetched[0] += length;
                    }
                    state.markDone(index);
                }, pool));
            }
            md5Hex = hashInOrder(ch, done, size, chunk);
            if (ch.size() != size) {
                throw new ObjectTransfer.RetryableFailure(ExitCode.TEMPORARY, url + ": temporary file has "
                        + ch.size() + " bytes, expected " + size, null);
            }
        } catch (IOException e) {
            throw PipelineException.io("cannot write " + data, e);
        } catch (ObjectTransfer.RetryableFailure e) {
            progress.add(-fetched[0] - already);
            throw e;
        } finally {
            pool.shutdownNow();
        }
        if (ETag.looksLikeMd5(object.etag()) && !object.etag().equals(md5Hex)) {
            progress.add(-size);
            throw new ObjectTransfer.RetryableFailure(ExitCode.BAD_INPUT, url + ": MD5 mismatch (ETag "
                    + object.etag() + ", content " + md5Hex + ")", null);
        }
        try {
            AtomicFiles.move(data, target);
            Files.deleteIfExists(stateFileFor(target));
            return new ObjectTransfer.Result(size, object.etag(), md5Hex, Files.getLastModifiedTime(target).toMillis());
        } catch (IOException e) {
            throw PipelineException.io("cannot move " + data + " to " + target, e);
        }
    }

    /**
     * Waits for the chunks in file order and folds each into the MD5 as soon as it (and all before it) is
     * written. A failed chunk stops the others and is rethrown as it was.
     */
    private static String hashInOrder(FileChannel ch, List<CompletableFuture<Void>> done, long size, long chunk)
            throws IOException {
        MessageDigest md5 = ObjectTransfer.digest("MD5");
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        for (int i = 0; i < done.size(); i++) {
            try {
                done.get(i).join();
            } catch (CompletionException e) {
                done.forEach(f -> f.cancel(true));
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw e;
            }
            long pos = i * chunk;
            long end = Math.min(size, pos + chunk);
            while (pos < end) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), end - pos));
                int r = ch.read(buf, pos);
                if (r < 0) {
                    throw new IOException("temporary file ends at " + pos + " of " + size + " bytes");
                }
                md5.update(buf.array(), 0, r);
                pos += r;
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** One range into its place in the file, asked for again when the connection breaks mid-body. */
    private void fetchRange(RemoteObject object, String url, FileChannel ch, long start, long length) {
        String range = "bytes=" + start + "-" + (start + length - 1);
        for (int attempt = 1; ; attempt++) {
            long got = 0;
            ResponseInputStream<GetObjectResponse> in;
            try {
                // Some S3-compatible stores list objects without an ETag; If-Match "" would then always fail.
                String ifMatch = object.etag().isEmpty() ? null : "\"" + object.etag() + "\"";
                in = s3.getObject(b -> b.bucket(bucket).key(object.key()).range(range).ifMatch(ifMatch));
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    throw new PipelineException(ExitCode.TEMPORARY, url + ": the object changed while it was being"
                            + " downloaded (ETag is no longer " + object.etag() + "); run again", e);
                }
                throw S3Errors.map(e, url, anonymous);
            } catch (SdkException e) {
                throw S3Errors.map(e, url, anonymous);
            }
            boolean drained = false;
            try {
                Long declared = in.response().contentLength();
                if (declared == null || declared != length) {
                    throw new ObjectTransfer.RetryableFailure(ExitCode.BAD_INPUT, url + ": asked for " + range
                            + ", the server sent " + declared + " bytes (does it honour Range requests?)", null);
                }
                String etag = ETag.normalize(in.response().eTag());
                if (!etag.isEmpty() && !etag.equals(object.etag())) {
                    throw new PipelineException(ExitCode.TEMPORARY, url + ": the object changed while it was being"
                            + " downloaded (ETag " + object.etag() + " became " + etag + "); run again");
                }
                byte[] buf = new byte[BUFFER];
                while (got < length) {
                    int r = ObjectTransfer.readFromNetwork(in, buf, url, got);
                    if (r < 0) {
                        break;
                    }
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) Math.min(r, length - got));
                    while (bb.hasRemaining()) {
                        ch.write(bb, start + got + bb.position());
                    }
                    got += bb.limit();
                    progress.add(bb.limit());
                }
                if (got != length) {
                    throw new ObjectTransfer.RetryableFailure(ExitCode.TEMPORARY, url + ": " + range + " ended after "
                            + got + " bytes", null);
                }
                drained = in.read() < 0;
                return;
            } catch (ObjectTransfer.RetryableFailure e) {
                progress.add(-got);
                if (attempt >= RANGE_ATTEMPTS || e.getMessage().contains("does it honour")) {
                    throw e;
                }
                LOG.warn("{}; asking for the range again", e.getMessage());
            } catch (IOException e) {
                progress.add(-got);
                throw PipelineException.io(url + ": cannot write its temporary file", e);
            } catch (RuntimeException e) {
                progress.add(-got);
                throw e;
            } finally {
                if (!drained) {
                    in.abort();
                }
                try {
                    in.close();
                } catch (IOException | RuntimeException ignored) {
                    // the connection is discarded either way
                }
            }
        }
    }

    /** Removes what an attempt left, so the next one starts from nothing. */
    static void discard(Path target) {
        try {
            Files.deleteIfExists(dataFileFor(target));
            Files.deleteIfExists(stateFileFor(target));
        } catch (IOException e) {
            throw PipelineException.io("cannot remove the temporary files of " + target, e);
        }
    }

    /** Which chunks of the temporary file are complete; see the class comment for the file format. */
    static final class ResumeState implements AutoCloseable {
        private final BitSet done;
        private final FileChannel log;

        private ResumeState(BitSet done, FileChannel log) {
            this.done = done;
            this.log = log;
        }

        static String header(RemoteObject o, long chunk) {
            return STATE_MAGIC + " size=" + o.size() + " chunk=" + chunk + " etag=" + o.etag() + " key="
                    + URLEncoder.encode(o.key(), StandardCharsets.UTF_8) + "\n";
        }

        /** The state of an earlier attempt at this very object, or a fresh one (with a new, empty data file). */
        static ResumeState open(Path stateFile, Path data, RemoteObject o, long chunk, int chunks) {
            String header = header(o, chunk);
            try {
                BitSet done = previous(stateFile, data, header, o.size(), chunks);
                if (done == null) {
                    Files.deleteIfExists(stateFile);
                    Files.deleteIfExists(data);
                    Files.createDirectories(data.toAbsolutePath().getParent());
                    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
                        f.setLength(o.size()); // sparse until written; reserves nothing, fails early on quota
                    }
                    AtomicFiles.write(stateFile, tmp -> Files.writeString(tmp, header, StandardCharsets.UTF_8));
                    done = new BitSet(chunks);
                }
                return new ResumeState(done, FileChannel.open(stateFile, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND));
            } catch (IOException e) {
                throw PipelineException.io("cannot prepare " + data, e);
            }
        }

        /** Done chunks recorded for the same object, or null when there is nothing to resume. */
        private static BitSet previous(Path stateFile, Path data, String header, long size, int chunks)
                throws IOException {
            if (!Files.isRegularFile(stateFile) || !Files.isRegularFile(data) || Files.size(data) != size) {
                return null;
            }
            String text = Files.readString(stateFile, StandardCharsets.ISO_8859_1);
            if (!text.startsWith(new String(header.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                return null;
            }
            BitSet done = new BitSet(chunks);
            // Only complete lines count: a run killed while appending leaves at most one partial last line.
            int at = text.indexOf('\n') + 1;
            for (int nl; (nl = text.indexOf('\n', at)) >= 0; at = nl + 1) {
                String line = text.substring(at, nl);
                if (line.startsWith("done ")) {
                    try {
                        int i = Integer.parseInt(line.substring(5));
                        if (i >= 0 && i < chunks) {
                            done.set(i);
                        }
                    } catch (NumberFormatException ignored) {
                        // a damaged line only costs that chunk being fetched again
                    }
                }
            }
            return done;
        }

        boolean isDone(int i) {
            return done.get(i);
        }

        long doneBytes(long size, long chunk) {
            long n = 0;
            for (int i = done.nextSetBit(0); i >= 0; i = done.nextSetBit(i + 1)) {
                n += Math.min(chunk, size - i * chunk);
            }
            return n;
        }

        synchronized void markDone(int i) {
            try {
                ByteBuffer line = ByteBuffer.wrap(("done " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                while (line.hasRemaining()) {
                    log.write(line);
                }
                done.set(i);
            } catch (IOException e) {
                throw PipelineException.io("cannot record progress in the resume state", e);
            }
        }

        @Override
        public void close() throws IOException {
            log.close();
        }
    }
}
