package ecgpipe.demo.s3;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 server for the demo and for local runs: s3proxy in this JVM on a loopback port, anonymous access,
 * an in-memory blob store, and one bucket filled from a local directory. Everything is uploaded through
 * the AWS SDK with single PUTs, so every object's ETag is its MD5 (which the download stage verifies) and
 * the server has answered real HTTP before anyone is told it is ready.
 */
public final class DemoS3Server implements AutoCloseable {
    /** S3's rules for new buckets (3-63 lower-case letters, digits, dots, hyphens), which s3proxy enforces. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final long START_TIMEOUT_MS = 30_000;

    private final S3Proxy proxy;
    private final S3ServeRequest request;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private int objects;
    private long bytes;

    private DemoS3Server(S3Proxy proxy, S3ServeRequest request) {
        this.proxy = proxy;
        this.request = request;
    }

    /** Starts the server, fills the bucket and writes the ready file; the caller closes it. */
    public static DemoS3Server start(S3ServeRequest r) {
        if (!BUCKET.matcher(r.bucket()).matches()) {
            throw PipelineException.usage("not a valid bucket name: '" + r.bucket() + "' (3-63 characters: a-z 0-9 . -)");
        }
        if (r.port() < 0 || r.port() > 65535) {
            throw PipelineException.usage("--port must be 0-65535, not " + r.port());
        }
        List<Path> files = filesIn(r.dir());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:" + r.port()))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .ignoreUnknownHeaders(true)
                .build();
        DemoS3Server server = new DemoS3Server(proxy, r);
        try {
            server.listen();
            server.fill(files);
            if (r.readyFile() != null) {
                String url = server.endpoint() + "\n";
                AtomicFiles.write(r.readyFile(), tmp -> Files.writeString(tmp, url, StandardCharsets.UTF_8));
            }
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int objects() {
        return objects;
    }

    public long bytes() {
        return bytes;
    }

    /** Blocks until {@link #close()} is called (by a shutdown hook when the process gets SIGTERM). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops serving and removes the ready file, so a script never finds an endpoint that is gone. */
    @Override
    public void close() {
        try {
            if (request.readyFile() != null) {
                Files.deleteIfExists(request.readyFile());
            }
            proxy.stop();
        } catch (Exception e) {
            throw new PipelineException(ExitCode.IO_ERROR, "stopping the S3 server: " + e.getMessage(), e);
        } finally {
            stopped.countDown();
        }
    }

    private void listen() {
        try {
            proxy.start();
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
            while (!"STARTED".equals(proxy.getState())) {
                if ("FAILED".equals(proxy.getState()) || System.currentTimeMillis() > deadline) {
                    throw PipelineException.unavailable("the S3 server did not start (" + proxy.getState() + ")", null);
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PipelineException.unavailable("interrupted while starting the S3 server", e);
        } catch (PipelineException e) {
            throw e;
        } catch (Exception e) {
            if (rootOf(e) instanceof BindException) {
                throw PipelineException.unavailable("cannot listen on 127.0.0.1:" + request.port()
                        + " (port in use?); pick another --port or 0 for a free one", e);
            }
            throw PipelineException.unavailable("the S3 server did not start: " + e.getMessage(), e);
        }
    }

    private void fill(List<Path> files) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                // s3proxy has no use for the SDK's default CRC32 trailers; plain PUTs keep the MD5 ETag.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build()) {
            s3.createBucket(b -> b.bucket(request.bucket()));
            for (Path f : files) {
                String rel = request.dir().relativize(f).toString().replace('\\', '/');
                s3.putObject(b -> b.bucket(request.bucket()).key(request.keyFor(rel)), RequestBody.fromFile(f));
                objects++;
                bytes += Files.size(f);
            }
        } catch (SdkException e) {
            throw PipelineException.unavailable("filling bucket " + request.bucket() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw PipelineException.io("reading " + request.dir(), e);
        }
    }

    /** Regular files under {@code dir}, in a stable order, without temporaries of unfinished writes. */
    private static List<Path> filesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw PipelineException.inputMissing(dir + ": no such directory");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> !AtomicFiles.isTemporary(p)).sorted().toList();
            if (files.isEmpty()) {
                throw PipelineException.inputMissing(dir + ": no files to serve");
            }
            return files;
        } catch (IOException e) {
            throw PipelineException.io("cannot list " + dir, e);
        }
    }

    private static Throwable rootOf(Throwable e) {
        Throwable r = e;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }
}
