package ecgpipe.download;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A rehearsal of one run's S3 calls, on a second thread while the main thread parses the command line.
 *
 * <p>A small download is mostly start-up: the first S3 client, the first listing and the first GETs of a
 * run execute thousands of methods of the AWS SDK for the first time (class initialisation, endpoint rules,
 * XML unmarshalling, the response pipeline), in the interpreter. Done by the main thread, all of that waits
 * for picocli; done here, it runs on another core meanwhile, and the real client, listing and GETs then find
 * the classes initialised and the hot paths partly compiled. The rehearsal's client is configured exactly like
 * the real one ({@link S3ClientFactory#configure}) but its HTTP client answers from memory, with a listing
 * page and an object, as an S3 server would: no connection is made and nothing is written anywhere. (A
 * rehearsal against a canned server on the loopback interface, which would also warm the JDK's HTTP stack,
 * measured slower: its threads and sockets cost more than they saved.) Any failure here is ignored: the
 * rehearsal can only save time, never change what a run does.
 *
 * <p>Measured on the 78 MIT-BIH objects (2 cores, loaded, medians of 8 interleaved runs): 1.32 s without the
 * rehearsal, 1.14 s with it.
 */
final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    private static final String BUCKET = "warmup";
    private static final String PREFIX = "rehearsal/";
    /**
     * Keys in the canned listing page. One is enough: a page of 100 (to get the unmarshalling loop compiled)
     * measured no faster, the rehearsal's own CPU eating what it saved.
     */
    private static final int LISTED = 1;
    /** Enough body to take the copy loop and MD5 past the interpreter, small enough to cost a few ms. */
    private static final byte[] BODY = new byte[1 << 20];
    private static final String ETAG = md5Hex(BODY);

    private Warmup() {
    }

    /** Starts the rehearsal on a daemon thread (a run that ends first does not wait for it). */
    static Thread start() {
        Thread t = new Thread(Warmup::rehearse, "download-warmup");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Runs the rehearsal; true when it got through (false only tells that it was in vain). */
    static boolean rehearse() {
        try (S3Client s3 = S3ClientFactory.configure(S3Client.builder(), DownloadRequest.FALLBACK_REGION,
                AnonymousCredentialsProvider.create(), URI.create("http://warmup.invalid"), true)
                .httpClient(new CannedHttpClient()).build()) {
            int listed = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(PREFIX)).contents().size();
            byte[] buf = new byte[1 << 16];
            MessageDigest md5 = ObjectTransfer.digest("MD5");
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(BUCKET).key(PREFIX + "0.dat")
                    .checksumMode(ChecksumMode.ENABLED))) {
                for (int r; (r = in.read(buf)) >= 0; ) {
                    md5.update(buf, 0, r);
                }
            }
            return listed == LISTED && HexFormat.of().formatHex(md5.digest()).equals(ETAG);
        } catch (Throwable e) { // deliberately everything: see the class comment
            LOG.debug("warm-up failed (harmless): {}", e.toString());
            return false;
        }
    }

    private static String md5Hex(byte[] data) {
        return HexFormat.of().formatHex(ObjectTransfer.digest("MD5").digest(data));
    }

    /** Answers a ListObjectsV2 with one page of {@link #LISTED} objects and any GET with {@link #BODY}. */
    private static final class CannedHttpClient implements SdkHttpClient {
        private static final byte[] LISTING = listing();

        private static byte[] listing() {
            StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + BUCKET
                    + "</Name><Prefix>" + PREFIX + "</Prefix><KeyCount>" + LISTED + "</KeyCount><MaxKeys>1000"
                    + "</MaxKeys><IsTruncated>false</IsTruncated>");
            for (int i = 0; i < LISTED; i++) {
                b.append("<Contents><Key>").append(PREFIX).append(i).append(".dat</Key><LastModified>2026-01-01T00:00:")
                        .append(String.format("%02d", i % 60)).append(".000Z</LastModified><ETag>&quot;").append(ETAG)
                        .append("&quot;</ETag><Size>").append(BODY.length)
                        .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
            }
            return b.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            boolean listing = request.httpRequest().firstMatchingRawQueryParameter("list-type").isPresent();
            byte[] body = listing ? LISTING : BODY;
            SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(200).statusText("OK")
                    .putHeader("Content-Length", String.valueOf(body.length))
                    .putHeader("Content-Type", listing ? "application/xml" : "application/octet-stream")
                    .putHeader("Date", "Thu, 01 Jan 2026 00:00:00 GMT");
            if (!listing) {
                response.putHeader("ETag", "\"" + ETAG + "\"")
                        .putHeader("Last-Modified", "Thu, 01 Jan 2026 00:00:00 GMT");
            }
            HttpExecuteResponse answer = HttpExecuteResponse.builder().response(response.build())
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return answer;
                }

                @Override
                public void abort() {
                    // nothing is in flight
                }
            };
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
