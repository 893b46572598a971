package ecgpipe.download;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the one S3 client a run shares between its transfer threads.
 *
 * <p>HTTP client: the SDK's Apache HttpClient 5 binding. It pools connections (sized to the number of
 * transfers, so no thread waits for a connection), has separate connect and read timeouts, and is the
 * default sync client the s3 module ships; the URL-connection client has no pool size to set and the Netty
 * client only serves the async API, which is excluded from the jar.
 *
 * <p>Failure policy: connecting gives up after {@link #CONNECT_TIMEOUT} and the SDK's standard retry
 * strategy (exponential backoff with jitter, throttling-aware) makes at most {@link #MAX_ATTEMPTS} attempts,
 * so an unreachable endpoint fails in seconds while 503 SlowDown and dropped connections get a fair
 * number of retries.
 */
final class S3ClientFactory {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Longest silence in the middle of a response before the read is abandoned (and retried). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 5;

    private S3ClientFactory() {
    }

    static S3Client create(DownloadRequest r) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(r.region()))
                .credentialsProvider(credentials(r))
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(Math.max(r.transfers() + 2, 4))
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .overrideConfiguration(o -> o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()))
                .forcePathStyle(r.pathStyle() || r.endpoint() != null);
        if (r.endpoint() != null) {
            b.endpointOverride(r.endpoint());
        } else {
            // Real S3 answers a request sent to the wrong region with a redirect; follow it instead of failing.
            b.crossRegionAccessEnabled(true);
        }
        return b.build();
    }

    private static AwsCredentialsProvider credentials(DownloadRequest r) {
        if (r.auth() instanceof DownloadRequest.Anonymous) {
            return AnonymousCredentialsProvider.create();
        }
        if (r.auth() instanceof DownloadRequest.StaticKeys k) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()));
        }
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        try {
            // Resolve now so "no credentials" is one clear line before any listing, not a failure per object.
            chain.resolveCredentials();
        } catch (SdkClientException e) {
            throw new PipelineException(ExitCode.ACCESS_DENIED, r.source() + ": no AWS credentials found (environment,"
                    + " profile or instance role); add --no-sign-request for a public bucket", e);
        }
        return chain;
    }
}
