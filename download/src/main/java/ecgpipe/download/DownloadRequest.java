package ecgpipe.download;

import ecgpipe.common.Parallelism;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one download run needs, already resolved (no environment look-ups left for the downloader).
 *
 * @param source      where to read: a prefix or a single object
 * @param destination local directory; objects land at their key relative to the prefix
 * @param endpoint    an S3-compatible endpoint instead of AWS (null for AWS itself)
 * @param auth        how requests are signed
 * @param region      signing region, also the starting region for AWS's cross-region redirects
 * @param pathStyle   address buckets as {@code endpoint/bucket} rather than {@code bucket.endpoint}
 * @param transfers   objects transferred at the same time
 * @param dryRun      list and plan, change nothing on disk
 * @param verbose     one line per object
 */
public record DownloadRequest(S3Location source, Path destination, URI endpoint, Auth auth, String region,
        boolean pathStyle, int transfers, boolean dryRun, boolean verbose) {

    /** physionet-open, the bucket this pipeline is mostly pointed at, lives in us-east-1. */
    public static final String FALLBACK_REGION = "us-east-1";
    public static final int FALLBACK_TRANSFERS = 4;

    public DownloadRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(region, "region");
    }

    /** How requests are authenticated. */
    public sealed interface Auth {
    }

    /** Unsigned requests, for public buckets (aws's --no-sign-request). */
    public record Anonymous() implements Auth {
    }

    /** The SDK's default chain: system properties, environment, profile files, container and instance roles. */
    public record DefaultChain() implements Auth {
    }

    /** A fixed key pair; used by embedding code and tests, not reachable from the command line. */
    public record StaticKeys(String accessKeyId, String secretAccessKey) implements Auth {
        @Override
        public String toString() {
            return "StaticKeys[" + accessKeyId + "]";
        }
    }

    /** The region when --region is absent: the AWS CLI's variables, then us-east-1. */
    public static String defaultRegion(Map<String, String> env) {
        for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return FALLBACK_REGION;
    }

    /**
     * Parallel transfers when --transfers is absent: what Slurm granted this task, else a small number that
     * keeps one connection per core busy without flooding a laptop's uplink.
     */
    public static int defaultTransfers(Map<String, String> env) {
        return Parallelism.defaultWorkers(env, FALLBACK_TRANSFERS);
    }
}
