package ecgpipe.download;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the one S3 client a run shares between its transfer threads.
 *
 * <p>HTTP client: the SDK's binding of the JDK's HttpURLConnection. A download is mostly a short-lived
 * process, and this client loads far fewer classes than Apache HttpClient 5 (measured: about 0.1 s less
 * per run on the 78 MIT-BIH objects, and no slower on a 1 GiB object). It has separate connect and read
 * timeouts; its connection reuse is the JDK's keep-alive cache, sized below. The Netty client only serves
 * the async API and is excluded from the jar, as is Apache 5.
 *
 * <p>The client is given its connections by {@link #openConnection}, not by its builder: the builder's
 * client builds an SSLContext up front (loading and parsing the JDK's CA certificates, tens of ms of a
 * small run) even for a plain-http endpoint. HttpURLConnection builds the JDK's default one on the first
 * https connection instead, with the same trust store (javax.net.ssl.* properties honoured), the same
 * proxy selection (the JDK's, as the builder's client uses when no proxy is configured) and the same
 * hostname verification.
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
        keepConnections(r.transfers() * r.ranged().streams() + 2);
        return configure(S3Client.builder(), r.region(), credentials(r), r.endpoint(), r.pathStyle())
                .httpClient(httpClient())
                .build();
    }

    /** The HTTP client of every S3 client here (see the class comment). */
    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.create(S3ClientFactory::openConnection);
    }

    /** Everything but the HTTP client; {@link Warmup} builds its rehearsal client the same way. */
    static S3ClientBuilder configure(S3ClientBuilder b, String region, AwsCredentialsProvider credentials,
            URI endpoint, boolean pathStyle) {
        b.region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()))
                .forcePathStyle(pathStyle || endpoint != null);
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        } else {
            // Real S3 answers a request sent to the wrong region with a redirect; follow it instead of failing.
            b.crossRegionAccessEnabled(true);
        }
        return b;
    }

    /** A connection with our time-outs; TLS set-up, if the URI is https, is left to its first use. */
    private static HttpURLConnection openConnection(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) READ_TIMEOUT.toMillis());
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JDK keeps at most {@code http.maxConnections} (default 5) idle connections per server for reuse;
     * with more transfers than that, every request beyond five would open (and, for HTTPS, handshake) a new
     * connection. The JDK reads the property once, at its first HTTP connection, so it is set before any.
     */
    private static void keepConnections(int n) {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(Math.max(5, n)));
        }
    }

    private static AwsCredentialsProvider credentials(DownloadRequest r) {
        if (r.auth() instanceof DownloadRequest.Anonymous) {
            return AnonymousCredentialsProvider.create();
        }
        if (r.auth() instanceof DownloadRequest.Profile p) {
            return profile(r, p.name());
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

    /**
     * Credentials of one named profile only (as {@code aws --profile}: the environment's keys do not override
     * it), from the files AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE or ~/.aws/credentials and ~/.aws/config;
     * the profile may also name a role to assume, an SSO session or a credential_process.
     */
    private static AwsCredentialsProvider profile(DownloadRequest r, String name) {
        if (ProfileFile.defaultProfileFile().profile(name).isEmpty()) {
            throw PipelineException.usage("--profile " + name + ": no such profile in ~/.aws/credentials or"
                    + " ~/.aws/config (or the files AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE name)");
        }
        ProfileCredentialsProvider p = ProfileCredentialsProvider.builder().profileName(name).build();
        try {
            p.resolveCredentials();
        } catch (SdkClientException e) {
            throw new PipelineException(ExitCode.ACCESS_DENIED, r.source() + ": profile " + name
                    + " gives no usable credentials (" + e.getMessage() + ")", e);
        }
        return p;
    }

    /** The {@code region} setting of a profile (AWS_PROFILE's, or "default", when {@code name} is null), or null. */
    static String profileRegion(String name, java.util.Map<String, String> env) {
        String profile = name != null ? name : env.getOrDefault("AWS_PROFILE", "default");
        try {
            return ProfileFile.defaultProfileFile().profile(profile)
                    .flatMap(p -> p.property(ProfileProperty.REGION)).orElse(null);
        } catch (RuntimeException e) {
            return null; // an unreadable profile file must not stop a run that names its region elsewhere
        }
    }
}
