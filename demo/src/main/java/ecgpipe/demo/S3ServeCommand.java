package ecgpipe.demo;

import ecgpipe.common.cli.Cli;
import ecgpipe.common.cli.VerboseMixin;
import ecgpipe.common.cli.VersionProvider;
import ecgpipe.demo.s3.DemoS3Server;
import ecgpipe.demo.s3.S3ServeRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo serve-s3}: serves a local directory as an S3 bucket on loopback until the process is stopped. */
@Command(name = "serve-s3", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Serves the files of DIR (recursively) as s3://BUCKET/PREFIX/<path> from an",
            "S3 server on 127.0.0.1 (anonymous access, in memory) until Ctrl-C or SIGTERM.",
            "Prints 'endpoint http://127.0.0.1:PORT' once the bucket is filled."},
        footer = {"", "Example:",
            "  demo serve-s3 --dir raw/demo --bucket demo --prefix recs --ready-file s3.url &",
            "  download s3://demo/recs/ copy --endpoint-url \"$(cat s3.url)\" --no-sign-request"})
public final class S3ServeCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory whose files to serve.")
    Path dir;

    @Option(names = "--bucket", required = true, paramLabel = "NAME", description = "Bucket name.")
    String bucket;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "", description = "Key prefix (default: none).")
    String prefix;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "Port on 127.0.0.1 (default: 0, any free port).")
    int port;

    @Option(names = "--ready-file", paramLabel = "F",
            description = "Write the endpoint URL here once the bucket is filled; removed on stop.")
    Path readyFile;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    /** Runs serve-s3 on its own (the demo jar reaches it through {@code DemoCommand}). */
    public static void main(String[] args) {
        Cli.main(new S3ServeCommand(), args);
    }

    @Override
    public Integer call() throws InterruptedException {
        S3ServeRequest request = new S3ServeRequest(dir, bucket, prefix, port, readyFile);
        DemoS3Server server = DemoS3Server.start(request);
        // SIGTERM and Ctrl-C run shutdown hooks: stop serving and remove the ready file.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "serve-s3-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("endpoint " + server.endpoint());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("serve-s3: serving " + server.objects() + " objects (" + server.bytes() + " bytes) as s3://"
                + bucket + "/" + request.keyFor("") + "; stop with Ctrl-C or SIGTERM");
        err.flush();
        server.awaitStop();
        return 0;
    }
}
