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
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
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
    /** The longest the hashing thread sleeps without news (a stream wakes it after every write). */
    private static final long WAIT_NANOS = 10_000_000;

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
        long chunk = settings.chunkFor(size);
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
        long started = System.nanoTime();
        long[] lastByte = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.streams(), Math.max(1, chunks)), r -> {
            Thread t = new Thread(r, "download-range");
            t.setDaemon(true);
            return t;
        });
        String md5Hex;
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE);
                state) {
            List<CompletableFuture<Void>> done = new ArrayList<>(chunks);
            // Bytes of each chunk written so far (a chunk is written front to back by one stream), so the
            // hashing below can follow a chunk while it arrives instead of waiting for its end.
            AtomicLongArray written = new AtomicLongArray(chunks);
            Thread hasher = Thread.currentThread();
            HashedPrefix hashedPrefix = new HashedPrefix(Math.min(settings.streams(), chunks) * chunk);
            for (int i = 0; i < chunks; i++) {
                if (state.isDone(i)) {
                    done.add(CompletableFuture.completedFuture(null));
                    continue;
                }
                int index = i;
                long start = i * chunk;
                long length = Math.min(chunk, size - start);
                done.add(CompletableFuture.runAsync(() -> {
                    hashedPrefix.awaitRoomFor(start);
                    fetchRange(object, url, ch, start, length, n -> {
                        written.set(index, n);
                        LockSupport.unpark(hasher);
                    });
                    synchronized (fetched) {
                        fetched[0] += length;
                        lastByte[0] = System.nanoTime();
                    }
                    state.markDone(index);
                }, pool).whenComplete((ok, failure) -> LockSupport.unpark(hasher)));
            }
            md5Hex = hashInOrder(ch, done, written, hashedPrefix, size, chunk);
            synchronized (fetched) {
                // With -v: which of the two ended the download, the network or the MD5 (see hashInOrder).
                LOG.debug("{}: {} streams, last byte after {} ms, MD5 done after {} ms", url,
                        Math.min(settings.streams(), chunks), (lastByte[0] - started) / 1_000_000,
                        (System.nanoTime() - started) / 1_000_000);
            }
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
     * Hashes the file front to back while the streams are still writing it: the MD5 follows the contiguous
     * written prefix, down to the bytes of the chunk currently arriving (read back from the page cache), and
     * waits only when it has caught up with them. A download is then done about when the last byte arrives or
     * when the MD5 (one core, ~700 MB/s here) has got through the file, whichever is later, instead of the
     * sum of both. A failed chunk stops the others and is rethrown as it was.
     */
    private static String hashInOrder(FileChannel ch, List<CompletableFuture<Void>> done, AtomicLongArray written,
            HashedPrefix hashedPrefix, long size, long chunk) throws IOException {
        MessageDigest md5 = ObjectTransfer.digest("MD5");
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        for (int i = 0; i < done.size(); i++) {
            long base = i * chunk;
            long length = Math.min(chunk, size - base);
            long hashed = 0;
            while (hashed < length) {
                CompletableFuture<Void> f = done.get(i);
                long available;
                if (f.isDone()) {
                    joinOrStopAll(f, done);
                    available = length; // complete (possibly resumed from an earlier run)
                } else {
                    available = written.get(i);
                }
                if (available <= hashed) {
                    // Woken by the stream after its next write, or by the chunk's end.
                    LockSupport.parkNanos(WAIT_NANOS);
                    continue;
                }
                for (long pos = base + hashed, end = base + available; pos < end; ) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), end - pos));
                    int r = ch.read(buf, pos);
                    if (r < 0) {
                        throw new IOException("temporary file ends at " + pos + " of " + size + " bytes");
                    }
                    md5.update(buf.array(), 0, r);
                    pos += r;
                }
                hashed = available;
                hashedPrefix.advanceTo(base + hashed);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static void joinOrStopAll(CompletableFuture<Void> f, List<CompletableFuture<Void>> all) {
        try {
            f.join();
        } catch (CompletionException e) {
            all.forEach(o -> o.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /**
     * One range into its place in the file. When the connection breaks mid-body, the rest of the range is asked
     * for (the If-Match keeps it the same object version), up to {@link #RANGE_ATTEMPTS} requests in all.
     * {@code writtenSoFar} hears the range's byte count after every write.
     */
    private void fetchRange(RemoteObject object, String url, FileChannel ch, long start, long length,
            LongConsumer writtenSoFar) {
        long got = 0;
        byte[] buf = new byte[BUFFER];
        for (int attempt = 1; ; attempt++) {
            String range = "bytes=" + (start + got) + "-" + (start + length - 1);
            ResponseInputStream<GetObjectResponse> in;
            try {
                // Some S3-compatible stores list objects without an ETag; If-Match "" would then always fail.
                String ifMatch = object.etag().isEmpty() ? null : "\"" + object.etag() + "\"";
                in = s3.getObject(b -> b.bucket(bucket).key(object.key()).range(range).ifMatch(ifMatch));
            } catch (S3Exception e) {
                progress.add(-got);
                if (e.statusCode() == 412) {
                    throw new PipelineException(ExitCode.TEMPORARY, url + ": the object changed while it was being"
                            + " downloaded (ETag is no longer " + object.etag() + "); run again", e);
                }
                throw S3Errors.map(e, url, anonymous);
            } catch (SdkException e) {
                progress.add(-got);
                throw S3Errors.map(e, url, anonymous);
            }
            boolean drained = false;
            try {
                Long declared = in.response().contentLength();
                if (declared == null || declared != length - got) {
                    throw new ObjectTransfer.RetryableFailure(ExitCode.BAD_INPUT, url + ": asked for " + range
                            + ", the server sent " + declared + " bytes (does it honour Range requests?)", null);
                }
                String etag = ETag.normalize(in.response().eTag());
                if (!etag.isEmpty() && !etag.equals(object.etag())) {
                    throw new PipelineException(ExitCode.TEMPORARY, url + ": the object changed while it was being"
                            + " downloaded (ETag " + object.etag() + " became " + etag + "); run again");
                }
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
                    writtenSoFar.accept(got);
                }
                if (got != length) {
                    throw new ObjectTransfer.RetryableFailure(ExitCode.TEMPORARY, url + ": " + range + " ended after "
                            + got + " of " + length + " bytes", null);
                }
                drained = in.read() < 0;
                return;
            } catch (ObjectTransfer.RetryableFailure e) {
                if (attempt >= RANGE_ATTEMPTS || e.getMessage().contains("does it honour")) {
                    progress.add(-got);
                    throw e;
                }
                LOG.warn("{}; asking for the rest of the range", e.getMessage());
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

    /**
     * How far the MD5 has got, and the streams' leash: a stream starts a range only when it begins at most
     * {@code lead} bytes (one range per stream) past the hashed prefix. On a fast link the MD5, on one core,
     * is the slower half of a large download, and it runs on the thread that must finish last. Unleashed, the
     * streams would take most of the CPU while the bytes pour in (on two cores, the MD5 got about half a core
     * then) and leave the MD5 to finish alone afterwards, the other core idle; leashed, their work spreads over
     * the whole download beside the MD5. Where the network is the slower half (a real S3 endpoint, typically)
     * the MD5 keeps up and the leash never holds a stream back. The range at the hashed prefix is always
     * allowed, so the two cannot wait for each other.
     */
    static final class HashedPrefix {
        private final long lead;
        private long hashed;

        HashedPrefix(long lead) {
            this.lead = lead;
        }

        synchronized void advanceTo(long position) {
            hashed = position;
            notifyAll();
        }

        synchronized void awaitRoomFor(long rangeStart) {
            try {
                while (rangeStart - hashed > lead) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PipelineException(ExitCode.TEMPORARY, "interrupted", e);
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
