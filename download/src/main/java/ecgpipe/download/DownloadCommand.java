package ecgpipe.download;

import ecgpipe.common.PipelineException;
import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.VerboseMixin;
import ecgpipe.common.cli.VersionProvider;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
            "files that are up to date (see DEST_DIR/.download-manifest.json)."},
        footer = {"", "Examples:",
            "  download s3://physionet-open/mitdb/1.0.0/ raw/mitdb --no-sign-request",
            "  download s3://demo/recs/ raw/demo --endpoint-url http://127.0.0.1:9000 \\",
            "      --no-sign-request"})
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

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region (default: AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1).")
    String region;

    @Option(names = "--path-style", description = "Address buckets as ENDPOINT/BUCKET rather than BUCKET.ENDPOINT.")
    boolean pathStyle;

    @Option(names = "--transfers", paramLabel = "N",
            description = "Objects transferred at once (default: SLURM_CPUS_PER_TASK, else 4).")
    Integer transfers;

    @Option(names = "--dry-run", description = "List and show what would be downloaded; write nothing.")
    boolean dryRun;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
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
        return new DownloadRequest(S3Location.parse(source), destination, endpointUri(),
                noSignRequest ? new DownloadRequest.Anonymous() : new DownloadRequest.DefaultChain(),
                region != null ? region : DownloadRequest.defaultRegion(env), pathStyle,
                transfers != null ? transfers : DownloadRequest.defaultTransfers(env), dryRun, verbose.isVerbose());
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
