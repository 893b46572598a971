package ecgpipe.download;

import ecgpipe.common.PipelineException;
import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.VerboseMixin;
import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Stage 1 on the command line: parses the options into a {@link DownloadRequest} and runs the {@link Downloader}. */
@Command(name = "download", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Copies every object under an S3 prefix (or one object) into DEST_DIR, at its",
            "key relative to the prefix. Each file is verified (size, and MD5 where the",
            "ETag is one) and appears under its name only when complete. A rerun skips",
            "files that are up to date (see DEST_DIR/.download-manifest.json). Objects of",
            "at least --multi-thread-cutoff are fetched as parallel ranged GETs into a",
            "temporary file that a rerun resumes after an interruption.",
            "Progress goes to stderr (redrawn on a terminal, a line every --stats",
            "otherwise); stdout gets one summary line."},
        footer = {"", "Examples:",
            "  download s3://physionet-open/mitdb/1.0.0/ raw/mitdb --no-sign-request",
            "  download s3://my-bucket/ecg/dset01/ raw/dset01 --profile lab \\",
            "      --include '*.{hea,dat,atr}'",
            "  download s3://demo/recs/ raw/demo --endpoint-url http://127.0.0.1:9000 \\",
            "      --no-sign-request",
            "", "download/bin/download runs this jar with the JVM options it is benchmarked with",
            "(a class-data archive made by its first run): see docs/download.md."})
public final class DownloadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "S3_URI", description = "s3://BUCKET/PREFIX/ or s3://BUCKET/KEY")
    String source;

    @Parameters(index = "1", paramLabel = "DEST_DIR", description = "Local directory (created if missing).")
    Path destination;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "An S3-compatible endpoint instead of AWS (implies --path-style).")
    String endpoint;

    @Option(names = "--no-sign-request", description = "Send anonymous requests (public buckets); "
            + "otherwise the AWS default credentials chain is used.")
    boolean noSignRequest;

    @Option(names = "--profile", paramLabel = "NAME", description = "Use this profile of ~/.aws/credentials and "
            + "~/.aws/config (default: the credentials chain: environment, AWS_PROFILE, instance role).")
    String profile;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region (default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region, "
                    + "else us-east-1).")
    String region;

    @Option(names = "--path-style", description = "Address buckets as ENDPOINT/BUCKET rather than BUCKET.ENDPOINT.")
    boolean pathStyle;

    @Option(names = "--transfers", paramLabel = "N",
            description = "Objects transferred at once (default: SLURM_CPUS_PER_TASK, else 4).")
    Integer transfers;

    @Option(names = "--include", paramLabel = "GLOB", description = "Only paths (relative to the prefix) "
            + "matching GLOB; repeatable. rclone's rules: * ** ? [..] {a,b}; a leading / anchors at the prefix.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out paths matching GLOB; repeatable."
            + " As rclone: all --include rules are tried first, then --exclude; the first match decides.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--dry-run", description = "List and show what would be downloaded; write nothing.")
    boolean dryRun;

    @Option(names = "--multi-thread-cutoff", paramLabel = "SIZE", defaultValue = "64M",
            converter = SizeConverter.class,
            description = "Objects of at least SIZE are fetched as parallel ranged GETs (default: ${DEFAULT-VALUE}).")
    long cutoff;

    @Option(names = "--multi-thread-streams", paramLabel = "N", defaultValue = "4",
            description = "Ranged GETs at once per large object (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "auto", converter = ChunkSizeConverter.class,
            description = "Size of each ranged GET, also what an interrupted large download loses at most per "
                    + "stream (default: ${DEFAULT-VALUE}: a 16th of the object, within 16M-64M).")
    long chunkSize;

    @Option(names = {"-P", "--progress"}, description = "Redraw a live status line even when stderr is not a "
            + "terminal (it is the default on one).")
    boolean progress;

    @Option(names = "--stats", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "When stderr is not a terminal, print a status line this often: 500ms, 30s, 5m; 0 for "
                    + "never (default: ${DEFAULT-VALUE}).")
    Duration stats;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        PhaseClock.mainNanos = System.nanoTime();
        List<String> a = List.of(args);
        // Logging is configured before the rehearsal thread's first log call could configure it otherwise.
        Cli.configureLogging(a.contains("-v") || a.contains("--verbose"));
        if (!a.contains("-h") && !a.contains("--help") && !a.contains("-V") && !a.contains("--version")) {
            Warmup.start();
        }
        Cli.main(new DownloadCommand(), args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DownloadSummary summary = new Downloader(out, spec.commandLine().getErr()).run(request());
        out.println(summary.line());
        out.flush();
        return 0;
    }

    DownloadRequest request() {
        var env = System.getenv();
        if (noSignRequest && profile != null) {
            throw PipelineException.usage("--no-sign-request and --profile exclude each other");
        }
        DownloadRequest.Auth auth = noSignRequest ? new DownloadRequest.Anonymous()
                : profile != null ? new DownloadRequest.Profile(profile) : new DownloadRequest.DefaultChain();
        String r = region != null ? region
                : DownloadRequest.defaultRegion(env, noSignRequest ? null : S3ClientFactory.profileRegion(profile, env));
        return new DownloadRequest(S3Location.parse(source), destination, endpointUri(), auth, r, pathStyle,
                transfers != null ? transfers : DownloadRequest.defaultTransfers(env), dryRun, verbose.isVerbose(),
                FilterRules.of(includes, excludes), new DownloadRequest.Ranged(cutoff, chunkSize, streams),
                new DownloadRequest.Progress(progress || Terminal.isStderrTerminal(), stats));
    }

    /** {@code 64M}, {@code 1G}, {@code 512k}, {@code 1000}: binary multiples, as rclone reads sizes. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            Matcher m = Pattern.compile("(?i)(\\d+)([kmgt]i?b?|b)?").matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("not a size: '" + value + "' (e.g. 64M, 1G, 512k)");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
            int shift = switch (unit) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            return n << shift;
        }
    }

    /** A positive size, or {@code auto} (ranges sized by the object: {@link DownloadRequest.Ranged#chunkFor}). */
    static final class ChunkSizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            if (value.trim().equalsIgnoreCase("auto")) {
                return DownloadRequest.Ranged.AUTO;
            }
            long n = new SizeConverter().convert(value);
            if (n < 1) {
                throw new TypeConversionException("not a chunk size: '" + value + "' (e.g. 16M, or auto)");
            }
            return n;
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 0}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("not a duration: '" + value + "' (e.g. 500ms, 30s, 5m)");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }

    private URI endpointUri() {
        if (endpoint == null) {
            return null;
        }
        try {
            URI u = new URI(endpoint);
            if (u.getScheme() == null || !u.getScheme().matches("(?i)https?") || u.getHost() == null) {
                throw PipelineException.usage("--endpoint-url must be http(s)://HOST[:PORT], not '" + endpoint + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw PipelineException.usage("--endpoint-url is not a URL: '" + endpoint + "'");
        }
    }
}
