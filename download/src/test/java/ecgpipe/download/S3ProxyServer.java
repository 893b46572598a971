package ecgpipe.download;

import java.net.URI;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: s3proxy in this JVM, on a free loopback port, over an in-memory blob store.
 * Fixtures are uploaded through the AWS SDK with single PUTs, as a user's bucket would be filled.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key";

    private final S3Proxy proxy;
    private final S3Client client;

    private S3ProxyServer(boolean requireKeys, UnaryOperator<BlobStore> storage) throws Exception {
        S3Proxy.Builder b = S3Proxy.builder()
                .blobStore(storage.apply(BlobStores.create("transient", new Properties())))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .ignoreUnknownHeaders(true);
        if (requireKeys) {
            b.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY);
        } else {
            b.awsAuthentication(AuthenticationType.NONE, null, null);
        }
        proxy = b.build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        client = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(requireKeys
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))
                        : AnonymousCredentialsProvider.create())
                .build();
    }

    /** A server that answers unsigned requests. */
    static S3ProxyServer anonymous() throws Exception {
        return new S3ProxyServer(false, UnaryOperator.identity());
    }

    /**
     * A server that answers unsigned requests from a storage layer wrapped by {@code storage}: the way tests
     * make the server hold what s3proxy's own store cannot (keys with '..') or misbehave as real services
     * sometimes do (corrupt bodies, 503 SlowDown).
     */
    static S3ProxyServer anonymous(UnaryOperator<BlobStore> storage) throws Exception {
        return new S3ProxyServer(false, storage);
    }

    /** A server that accepts only requests signed with {@link #ACCESS_KEY}/{@link #SECRET_KEY}. */
    static S3ProxyServer withKeys() throws Exception {
        return new S3ProxyServer(true, UnaryOperator.identity());
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    S3Client client() {
        return client;
    }

    void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    void put(String bucket, String key, byte[] content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        }
    }
}
