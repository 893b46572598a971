package ecgpipe.demo.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** serve-s3's server, read back with the AWS SDK as the download stage (or the aws CLI) would. */
class DemoS3ServerTest {
    @TempDir
    Path tmp;

    private Path dir;
    private final Map<String, byte[]> files = new TreeMap<>();

    @BeforeEach
    void makeFiles() throws IOException {
        dir = tmp.resolve("records");
        SplittableRandom random = new SplittableRandom(7);
        for (String rel : List.of("100.hea", "100.dat", "nested/101.atr")) {
            byte[] content = new byte[rel.endsWith(".dat") ? 200_000 : 300];
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) random.nextInt(256);
            }
            Path f = dir.resolve(rel);
            Files.createDirectories(f.getParent());
            Files.write(f, content);
            files.put(rel, content);
        }
    }

    static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @Test
    void servesEveryFileUnderThePrefixWithMd5ETags() throws Exception {
        Path ready = tmp.resolve("run/s3.url");
        try (DemoS3Server server = DemoS3Server.start(new S3ServeRequest(dir, "demo-bucket", "/mitdb/", 0, ready));
                S3Client s3 = client(server.endpoint())) {
            assertEquals(server.endpoint() + "\n", Files.readString(ready));
            assertTrue(server.endpoint().getPort() > 0);
            assertEquals(3, server.objects());
            assertEquals(200_600, server.bytes());

            List<S3Object> listed = s3.listObjectsV2Paginator(b -> b.bucket("demo-bucket").prefix("mitdb/"))
                    .contents().stream().toList();
            assertEquals(List.of("mitdb/100.dat", "mitdb/100.hea", "mitdb/nested/101.atr"),
                    listed.stream().map(S3Object::key).sorted().toList());
            for (S3Object o : listed) {
                byte[] expected = files.get(o.key().substring("mitdb/".length()));
                byte[] got = s3.getObject(b -> b.bucket("demo-bucket").key(o.key()), ResponseTransformer.toBytes())
                        .asByteArray();
                assertArrayEquals(expected, got, o.key());
                assertEquals("\"" + md5(expected) + "\"", o.eTag(), o.key());
            }
        }
        assertFalse(Files.exists(ready), "the ready file goes when the server stops");
    }

    @Test
    void anEmptyPrefixServesAtTheBucketRoot() {
        try (DemoS3Server server = DemoS3Server.start(new S3ServeRequest(dir, "root-bucket", "", 0, null));
                S3Client s3 = client(server.endpoint())) {
            assertEquals(200_000, s3.headObject(b -> b.bucket("root-bucket").key("100.dat")).contentLength());
        }
    }

    @Test
    void afterCloseNothingAnswers() {
        URI endpoint;
        try (DemoS3Server server = DemoS3Server.start(new S3ServeRequest(dir, "demo-bucket", "p", 0, null))) {
            endpoint = server.endpoint();
        }
        try (S3Client s3 = client(endpoint)) {
            assertThrows(SdkClientException.class, () -> s3.listBuckets());
        }
    }

    @Test
    void aMissingOrEmptyDirectoryIsInputMissing() throws IOException {
        PipelineException missing = assertThrows(PipelineException.class,
                () -> DemoS3Server.start(new S3ServeRequest(tmp.resolve("nope"), "demo-bucket", "", 0, null)));
        assertEquals(ExitCode.INPUT_MISSING, missing.exitCode());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        PipelineException none = assertThrows(PipelineException.class,
                () -> DemoS3Server.start(new S3ServeRequest(empty, "demo-bucket", "", 0, null)));
        assertEquals(ExitCode.INPUT_MISSING, none.exitCode());
    }

    @Test
    void aBadBucketNameIsAUsageError() {
        PipelineException e = assertThrows(PipelineException.class,
                () -> DemoS3Server.start(new S3ServeRequest(dir, "Bad_Bucket", "", 0, null)));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void aPortInUseIsUnavailableAndLeavesNoReadyFile() throws IOException {
        Path ready = tmp.resolve("s3.url");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            PipelineException e = assertThrows(PipelineException.class, () -> DemoS3Server.start(
                    new S3ServeRequest(dir, "demo-bucket", "", taken.getLocalPort(), ready)));
            assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
            assertTrue(e.getMessage().contains("port in use"), e.getMessage());
        }
        assertFalse(Files.exists(ready));
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }
}
