package ecgpipe.download;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Storage layers for s3proxy that behave like the buckets and services the downloader must survive. */
final class FaultyStores {
    private FaultyStores() {
    }

    /**
     * A bucket that also lists an object under a hostile key. Real S3 stores such keys as they are; s3proxy's
     * own store normalizes them away, so the listing is where this one is injected.
     */
    static final class HostileKey extends ForwardingBlobStore {
        private final String key;

        HostileKey(BlobStore delegate, String key) {
            super(delegate);
            this.key = key;
        }

        @Override
        public ListObjectsV2Response list(ListObjectsV2Request request) {
            ListObjectsV2Response real = super.list(request);
            List<S3Object> contents = new ArrayList<>(real.contents());
            contents.add(S3Object.builder().key(key).size(1L).eTag("\"93b885adfe0da089cdf634904fd59f71\"").build());
            return real.toBuilder().contents(contents).keyCount(contents.size()).build();
        }
    }

    /** Serves {@code key} with one byte flipped, the first {@code times} times it is read (silent corruption). */
    static final class CorruptBody extends ForwardingBlobStore {
        private final String key;
        private final AtomicInteger remaining;
        final AtomicInteger reads = new AtomicInteger();

        CorruptBody(BlobStore delegate, String key, int times) {
            super(delegate);
            this.key = key;
            this.remaining = new AtomicInteger(times);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            ResponseInputStream<GetObjectResponse> real = super.getBlob(request);
            if (!request.key().equals(key)) {
                return real;
            }
            reads.incrementAndGet();
            if (remaining.getAndDecrement() <= 0) {
                return real;
            }
            try (real) {
                byte[] bytes = real.readAllBytes();
                bytes[bytes.length / 2] ^= 0x40;
                return new ResponseInputStream<>(real.response(),
                        AbortableInputStream.create(new ByteArrayInputStream(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Drops the connection half-way through {@code key}'s body the first {@code times} times it is read. */
    static final class TruncatedBody extends ForwardingBlobStore {
        private final String key;
        private final AtomicInteger remaining;
        final AtomicInteger reads = new AtomicInteger();

        TruncatedBody(BlobStore delegate, String key, int times) {
            super(delegate);
            this.key = key;
            this.remaining = new AtomicInteger(times);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            ResponseInputStream<GetObjectResponse> real = super.getBlob(request);
            if (!request.key().equals(key)) {
                return real;
            }
            reads.incrementAndGet();
            if (remaining.getAndDecrement() <= 0) {
                return real;
            }
            try (real) {
                byte[] bytes = real.readAllBytes();
                InputStream half = new SequenceInputStream(new ByteArrayInputStream(bytes, 0, bytes.length / 2),
                        new InputStream() {
                            @Override
                            public int read() throws IOException {
                                throw new IOException("storage went away");
                            }
                        });
                return new ResponseInputStream<>(real.response(), AbortableInputStream.create(half));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Answers every GET with 503, as S3 does when a prefix is throttled. */
    static final class Throttled extends ForwardingBlobStore {
        final AtomicInteger attempts = new AtomicInteger();

        Throttled(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            attempts.incrementAndGet();
            throw S3Exceptions.fromStatusCode(503);
        }
    }

    /**
     * Records every GET's Range header (and whether it asked for a part number), and can hold each ranged
     * GET back for a while, so a test can interrupt a large download half-way.
     */
    static final class RangeLog extends ForwardingBlobStore {
        final List<String> ranges = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> wholeObjectGets = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger partNumberGets = new AtomicInteger();
        volatile long delayPerRangeMs;

        RangeLog(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            if (request.partNumber() != null) {
                partNumberGets.incrementAndGet();
            }
            if (request.range() == null) {
                wholeObjectGets.add(request.key());
            } else {
                ranges.add(request.key() + " " + request.range());
                long delay = delayPerRangeMs;
                if (delay > 0) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return super.getBlob(request);
        }

        List<String> rangesOf(String key) {
            synchronized (ranges) {
                return ranges.stream().filter(r -> r.startsWith(key + " ")).map(r -> r.substring(key.length() + 1))
                        .sorted().toList();
            }
        }
    }

    /**
     * Serves {@code key} with an {@code x-amz-checksum-crc32} header, as S3 does for objects uploaded with a
     * checksum: the CRC32 of the content, or of other bytes when {@code wrong} (a stored checksum that the
     * body no longer matches). s3proxy's own store keeps no checksums, so they are added here.
     */
    static final class StoredCrc32 extends ForwardingBlobStore {
        private final String key;
        private final boolean wrong;

        StoredCrc32(BlobStore delegate, String key, boolean wrong) {
            super(delegate);
            this.key = key;
            this.wrong = wrong;
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            ResponseInputStream<GetObjectResponse> real = super.getBlob(request);
            if (!request.key().equals(key) || request.range() != null) {
                return real;
            }
            try (real) {
                byte[] bytes = real.readAllBytes();
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(bytes);
                if (wrong) {
                    crc.update(1);
                }
                byte[] value = java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
                GetObjectResponse r = real.response().toBuilder()
                        .checksumCRC32(java.util.Base64.getEncoder().encodeToString(value)).build();
                return new ResponseInputStream<>(r, AbortableInputStream.create(new ByteArrayInputStream(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
