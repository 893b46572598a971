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
 * @param filters     which paths (relative to the prefix) to fetch
 * @param ranged      how large objects are split into parallel ranged GETs
 * @param progress    how progress is shown while the run lasts
 */
public record DownloadRequest(S3Location source, Path destination, URI endpoint, Auth auth, String region,
        boolean pathStyle, int transfers, boolean dryRun, boolean verbose, FilterRules filters, Ranged ranged,
        Progress progress) {

    /** physionet-open, the bucket this pipeline is mostly pointed at, lives in us-east-1. */
    public static final String FALLBACK_REGION = "us-east-1";
    public static final int FALLBACK_TRANSFERS = 4;

    public DownloadRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(filters, "filters");
        Objects.requireNonNull(ranged, "ranged");
        Objects.requireNonNull(progress, "progress");
    }

    /** A request without filters, with the default ranged-GET settings and no progress display. */
    public DownloadRequest(S3Location source, Path destination, URI endpoint, Auth auth, String region,
            boolean pathStyle, int transfers, boolean dryRun, boolean verbose) {
        this(source, destination, endpoint, auth, region, pathStyle, transfers, dryRun, verbose, FilterRules.none(),
                Ranged.DEFAULT, Progress.OFF);
    }

    DownloadRequest withFilters(FilterRules f) {
        return new DownloadRequest(source, destination, endpoint, auth, region, pathStyle, transfers, dryRun, verbose,
                f, ranged, progress);
    }

    DownloadRequest withRanged(Ranged r) {
        return new DownloadRequest(source, destination, endpoint, auth, region, pathStyle, transfers, dryRun, verbose,
                filters, r, progress);
    }

    DownloadRequest withProgress(Progress p) {
        return new DownloadRequest(source, destination, endpoint, auth, region, pathStyle, transfers, dryRun, verbose,
                filters, ranged, p);
    }

    /**
     * Large objects: those of at least {@code cutoff} bytes are fetched as ranges of {@link #chunkFor} bytes,
     * {@code streams} at a time, into a temporary file that a rerun resumes (rclone calls these
     * --multi-thread-cutoff and --multi-thread-streams). {@code chunkSize} {@link #AUTO} sizes the ranges by
     * the object.
     */
    public record Ranged(long cutoff, long chunkSize, int streams) {
        /** {@code chunkSize} for "by the object's size": see {@link #chunkFor}. */
        public static final long AUTO = 0;
        static final long AUTO_MIN = 16L << 20;
        static final long AUTO_MAX = 64L << 20;

        /** 64 MiB: below that one GET stream already runs at loopback speed and resuming saves little. */
        public static final Ranged DEFAULT = new Ranged(64L << 20, AUTO, 4);

        public Ranged {
            if (cutoff < 1 || chunkSize < 0 || streams < 1) {
                throw ecgpipe.common.PipelineException.usage("--multi-thread-cutoff, --chunk-size and "
                        + "--multi-thread-streams must be positive");
            }
        }

        /**
         * Bytes per ranged GET for an object of {@code size} bytes. Automatic: a sixteenth of the object
         * (four ranges per stream at the default four streams, so the streams stay busy to the end: one that
         * finishes early takes the next range), within 16 to 64 MiB. Each GET costs the AWS SDK's request
         * pipeline some CPU (about 2 ms while it is still interpreted), which on a loaded machine is time taken
         * from the transfer and the MD5: 64 MiB ranges used 2.9 s of CPU for 1 GiB where 16 MiB ranges used
         * 3.3 s. The upper bound is what a killed run loses at most per stream. The size depends on the object
         * alone, not on the streams, so a rerun with other --multi-thread-streams still resumes.
         */
        public long chunkFor(long size) {
            if (chunkSize != AUTO) {
                return chunkSize;
            }
            return Math.max(AUTO_MIN, Math.min(AUTO_MAX, size / 16));
        }
    }

    /**
     * Progress while the run lasts: {@code live} redraws one status line (a terminal), otherwise a status line
     * is logged every {@code interval} (zero: never). The final summary line is printed either way.
     */
    public record Progress(boolean live, java.time.Duration interval) {
        public static final Progress OFF = new Progress(false, java.time.Duration.ZERO);
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

    /** A named profile of the shared AWS files (~/.aws/credentials, ~/.aws/config), as aws --profile. */
    public record Profile(String name) implements Auth {
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
        return defaultRegion(env, null);
    }

    /**
     * The region when --region is absent, looked up as the AWS CLI does: AWS_REGION, AWS_DEFAULT_REGION, the
     * {@code region} of the profile in use (null when there is none), then us-east-1.
     */
    public static String defaultRegion(Map<String, String> env, String profileRegion) {
        for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        if (profileRegion != null && !profileRegion.isBlank()) {
            return profileRegion.trim();
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
