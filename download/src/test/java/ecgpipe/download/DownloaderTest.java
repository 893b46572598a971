package ecgpipe.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download stage against a real S3 server (s3proxy on loopback), seeded with random bytes. */
class DownloaderTest {
    private static final String BUCKET = "ecg-data";

    @TempDir
    Path tmp;

    private S3ProxyServer server;
    private final SplittableRandom random = new SplittableRandom(20261125);
    /** What the bucket holds under "recs/": key -> content. */
    private final Map<String, byte[]> seeded = new LinkedHashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        server = S3ProxyServer.anonymous();
        seed(server);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private void seed(S3ProxyServer s) {
        s.createBucket(BUCKET);
        seeded.clear();
        // Sizes around the copy buffer (64 KiB) and an empty object, the usual edge cases of a copy loop.
        put(s, "recs/100.hea", 200);
        put(s, "recs/100.dat", 300_000);
        put(s, "recs/sub/101.dat", 65_536);
        put(s, "recs/sub/deeper/empty.txt", 0);
        s.put(BUCKET, "other/200.dat", bytes(1000)); // outside the prefix: must not be fetched
    }

    private void put(S3ProxyServer s, String key, int size) {
        byte[] content = bytes(size);
        s.put(BUCKET, key, content);
        seeded.put(key, content);
    }

    private byte[] bytes(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private DownloadRequest request(String uri, Path dest) {
        return request(uri, dest, server.endpoint(), new DownloadRequest.Anonymous(), false);
    }

    private DownloadRequest request(String uri, Path dest, URI endpoint, DownloadRequest.Auth auth, boolean dryRun) {
        return new DownloadRequest(S3Location.parse(uri), dest, endpoint, auth, "us-east-1", true, 3, dryRun, true);
    }

    private DownloadSummary run(DownloadRequest r) {
        return new Downloader(new PrintWriter(out, true), new PrintWriter(err, true)).run(r);
    }

    private PipelineException failure(DownloadRequest r) {
        return assertThrows(PipelineException.class, () -> run(r));
    }

    private void assertTreeHoldsSeeded(Path dest, String prefix) throws IOException {
        for (Map.Entry<String, byte[]> e : seeded.entrySet()) {
            Path local = dest.resolve(e.getKey().substring(prefix.length()));
            assertArrayEquals(e.getValue(), Files.readAllBytes(local), local.toString());
        }
        assertEquals(List.of(), temporaries(dest), "temporary files left behind");
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(AtomicFiles::isTemporary).toList();
        }
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    @Test
    void copiesEveryObjectUnderThePrefixWithNestedKeys() throws IOException {
        Path dest = tmp.resolve("raw");
        DownloadSummary s = run(request("s3://" + BUCKET + "/recs/", dest));

        assertEquals(4, s.downloaded());
        assertEquals(0, s.skipped());
        assertEquals(200 + 300_000 + 65_536, s.bytes());
        assertTreeHoldsSeeded(dest, "recs/");
        assertEquals(List.of(".download-manifest.json", "100.dat", "100.hea", "sub/101.dat", "sub/deeper/empty.txt"),
                files(dest));
        assertTrue(out.toString().contains("downloaded sub/101.dat (65.5 kB)"), out.toString());
    }

    @Test
    void manifestRecordsWhatWasDownloadedWithChecksums() throws Exception {
        Path dest = tmp.resolve("raw");
        run(request("s3://" + BUCKET + "/recs/", dest));

        Map<String, DownloadManifest.Entry> m = DownloadManifest.parse(
                Files.readString(dest.resolve(DownloadManifest.FILE_NAME)));
        assertEquals(4, m.size());
        DownloadManifest.Entry e = m.get("100.dat");
        byte[] content = seeded.get("recs/100.dat");
        assertEquals(BUCKET, e.bucket());
        assertEquals("recs/100.dat", e.key());
        assertEquals(content.length, e.size());
        assertEquals(hex("MD5", content), e.md5());
        assertEquals(hex("MD5", content), e.etag(), "single-PUT ETag is the MD5");
        assertEquals(Files.getLastModifiedTime(dest.resolve("100.dat")).toMillis(), e.mtimeMillis());
    }

    @Test
    void aPrefixWithoutItsSlashIsListedToo() throws IOException {
        Path dest = tmp.resolve("raw");
        assertEquals(4, run(request("s3://" + BUCKET + "/recs", dest)).downloaded());
        assertTreeHoldsSeeded(dest, "recs/");
    }

    @Test
    void aSingleObjectLandsUnderItsBaseName() throws IOException {
        Path dest = tmp.resolve("one");
        DownloadSummary s = run(request("s3://" + BUCKET + "/recs/sub/101.dat", dest));

        assertEquals(1, s.downloaded());
        assertArrayEquals(seeded.get("recs/sub/101.dat"), Files.readAllBytes(dest.resolve("101.dat")));
        assertEquals(List.of(".download-manifest.json", "101.dat"), files(dest));
    }

    @Test
    void keysWithSpacesAndNonAsciiCharactersArriveIntact() throws IOException {
        String key = "odd/a b+c%20é (1).txt";
        server.put(BUCKET, key, bytes(10));
        Path dest = tmp.resolve("odd");

        assertEquals(1, run(request("s3://" + BUCKET + "/odd/", dest)).downloaded());
        assertEquals(List.of(".download-manifest.json", "a b+c%20é (1).txt"), files(dest));
    }

    @Test
    void listingsLongerThanOnePageAreFollowed() throws Exception {
        // S3 returns at most 1000 keys per ListObjectsV2 page.
        int n = 1003;
        ExecutorService uploads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                puts.add(uploads.submit(() -> server.put(BUCKET, String.format("many/%04d.hea", k), new byte[] {(byte) k})));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            uploads.shutdownNow();
        }
        Path dest = tmp.resolve("many");

        assertEquals(n, run(request("s3://" + BUCKET + "/many/", dest)).downloaded());
        assertEquals(n + 1, files(dest).size());
        assertArrayEquals(new byte[] {(byte) 1002}, Files.readAllBytes(dest.resolve("1002.hea")));
    }

    @Test
    void rerunSkipsUnchangedObjectsWithoutRewritingThem() throws IOException {
        Path dest = tmp.resolve("raw");
        run(request("s3://" + BUCKET + "/recs/", dest));
        FileTime before = Files.getLastModifiedTime(dest.resolve("100.dat"));

        DownloadSummary again = run(request("s3://" + BUCKET + "/recs/", dest));

        assertEquals(0, again.downloaded());
        assertEquals(4, again.skipped());
        assertEquals(before, Files.getLastModifiedTime(dest.resolve("100.dat")));
        assertTrue(out.toString().contains("skipped 100.dat (unchanged)"), out.toString());
    }

    @Test
    void manifestSparesRehashingButAFileWithoutAnEntryIsHashed() throws IOException {
        Path dest = tmp.resolve("raw");
        run(request("s3://" + BUCKET + "/recs/", dest));
        // Damage the file in place, keeping its size and modification time: only hashing can notice.
        Path dat = dest.resolve("100.dat");
        FileTime mtime = Files.getLastModifiedTime(dat);
        byte[] damaged = Files.readAllBytes(dat);
        damaged[10] ^= 1;
        Files.write(dat, damaged);
        Files.setLastModifiedTime(dat, mtime);

        // The manifest vouches for size + mtime, so the rerun does not read the file (that is its purpose).
        assertEquals(0, run(request("s3://" + BUCKET + "/recs/", dest)).downloaded());
        assertArrayEquals(damaged, Files.readAllBytes(dat));

        // Without the manifest the same rerun hashes every file and repairs the damaged one only.
        Files.delete(dest.resolve(DownloadManifest.FILE_NAME));
        DownloadSummary repaired = run(request("s3://" + BUCKET + "/recs/", dest));
        assertEquals(1, repaired.downloaded());
        assertEquals(3, repaired.skipped());
        assertTreeHoldsSeeded(dest, "recs/");
    }

    @Test
    void aChangedObjectOfTheSameSizeIsReplaced() throws IOException {
        Path dest = tmp.resolve("raw");
        run(request("s3://" + BUCKET + "/recs/", dest));
        put(server, "recs/100.dat", 300_000); // new content, same size

        DownloadSummary s = run(request("s3://" + BUCKET + "/recs/", dest));

        assertEquals(1, s.downloaded());
        assertEquals(3, s.skipped());
        assertTreeHoldsSeeded(dest, "recs/");
    }

    @Test
    void aLocalFileOfAnotherSizeIsReplaced() throws IOException {
        Path dest = tmp.resolve("raw");
        run(request("s3://" + BUCKET + "/recs/", dest));
        Files.write(dest.resolve("sub/101.dat"), new byte[] {1, 2, 3});

        assertEquals(1, run(request("s3://" + BUCKET + "/recs/", dest)).downloaded());
        assertTreeHoldsSeeded(dest, "recs/");
    }

    @Test
    void dryRunListsAndWritesNothing() throws IOException {
        Path dest = tmp.resolve("raw");
        DownloadSummary s = run(request("s3://" + BUCKET + "/recs/", dest, server.endpoint(),
                new DownloadRequest.Anonymous(), true));

        assertEquals(4, s.downloaded());
        assertTrue(s.line().startsWith("dry run: would download 4 objects"), s.line());
        assertTrue(out.toString().contains("would download 100.dat (300.0 kB)"), out.toString());
        assertFalse(Files.exists(dest));
    }

    @Test
    void temporaryFilesOfAnInterruptedRunAreSwept() throws IOException {
        Path dest = tmp.resolve("raw");
        Path leftover = AtomicFiles.tempFor(dest.resolve("sub/101.dat"));
        Files.createDirectories(leftover.getParent());
        Files.write(leftover, new byte[] {9, 9});

        run(request("s3://" + BUCKET + "/recs/", dest));

        assertFalse(Files.exists(leftover));
        assertTreeHoldsSeeded(dest, "recs/");
    }

    @Test
    void missingBucketIsInputMissing() {
        PipelineException e = failure(request("s3://no-such-bucket/recs/", tmp.resolve("raw")));
        assertEquals(ExitCode.INPUT_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("s3://no-such-bucket/recs/") && e.getMessage().contains("no such bucket"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("raw")));
    }

    @Test
    void emptyPrefixIsInputMissing() {
        PipelineException e = failure(request("s3://" + BUCKET + "/nothing-here/", tmp.resolve("raw")));
        assertEquals(ExitCode.INPUT_MISSING, e.exitCode());
        assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/nothing-here/: no object"), e.getMessage());
    }

    @Test
    void missingKeyIsInputMissing() {
        PipelineException e = failure(request("s3://" + BUCKET + "/recs/999.dat", tmp.resolve("raw")));
        assertEquals(ExitCode.INPUT_MISSING, e.exitCode());
        assertTrue(e.getMessage().contains("no object with key 'recs/999.dat'"), e.getMessage());
    }

    @Test
    void unreachableEndpointIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + closedPort);
        PipelineException e = failure(request("s3://" + BUCKET + "/recs/", tmp.resolve("raw"), nobody,
                new DownloadRequest.Anonymous(), false));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().contains("cannot reach the S3 endpoint"), e.getMessage());
    }

    @Test
    void badCredentialsAreAccessDenied() throws Exception {
        try (S3ProxyServer keyed = S3ProxyServer.withKeys()) {
            seed(keyed);
            String uri = "s3://" + BUCKET + "/recs/";
            PipelineException wrong = failure(request(uri, tmp.resolve("a"), keyed.endpoint(),
                    new DownloadRequest.StaticKeys(S3ProxyServer.ACCESS_KEY, "not-the-secret"), false));
            assertEquals(ExitCode.ACCESS_DENIED, wrong.exitCode());
            assertTrue(wrong.getMessage().contains("access denied"), wrong.getMessage());

            PipelineException unsigned = failure(request(uri, tmp.resolve("b"), keyed.endpoint(),
                    new DownloadRequest.Anonymous(), false));
            assertEquals(ExitCode.ACCESS_DENIED, unsigned.exitCode());

            DownloadSummary ok = run(request(uri, tmp.resolve("c"), keyed.endpoint(),
                    new DownloadRequest.StaticKeys(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY), false));
            assertEquals(4, ok.downloaded());
            assertTreeHoldsSeeded(tmp.resolve("c"), "recs/");
        }
    }

    @Test
    void aCorruptedBodyIsRetriedOnce() throws Exception {
        server.close();
        FaultyStores.CorruptBody[] store = new FaultyStores.CorruptBody[1];
        server = S3ProxyServer.anonymous(s -> store[0] = new FaultyStores.CorruptBody(s, "recs/100.dat", 1));
        seed(server);
        Path dest = tmp.resolve("raw");

        assertEquals(4, run(request("s3://" + BUCKET + "/recs/", dest)).downloaded());

        assertEquals(2, store[0].reads.get());
        assertTreeHoldsSeeded(dest, "recs/");
    }

    @Test
    void aConnectionDroppedMidBodyIsRetriedOnce() throws Exception {
        server.close();
        FaultyStores.TruncatedBody[] store = new FaultyStores.TruncatedBody[1];
        server = S3ProxyServer.anonymous(s -> store[0] = new FaultyStores.TruncatedBody(s, "recs/100.dat", 1));
        seed(server);
        Path dest = tmp.resolve("raw");

        assertEquals(4, run(request("s3://" + BUCKET + "/recs/", dest)).downloaded());

        assertEquals(2, store[0].reads.get());
        assertTreeHoldsSeeded(dest, "recs/");
    }

    @Test
    void aConnectionDroppedTwiceIsATemporaryFailure() throws Exception {
        server.close();
        server = S3ProxyServer.anonymous(s -> new FaultyStores.TruncatedBody(s, "recs/100.dat", 2));
        seed(server);
        Path dest = tmp.resolve("raw");

        PipelineException e = failure(request("s3://" + BUCKET + "/recs/100.dat", dest));

        assertEquals(ExitCode.TEMPORARY, e.exitCode(), e.getMessage());
        assertFalse(Files.exists(dest.resolve("100.dat")));
        assertEquals(List.of(), temporaries(dest));
    }

    @Test
    void aPersistentlyCorruptObjectFailsLoudlyAndLeavesNoFile() throws Exception {
        server.close();
        server = S3ProxyServer.anonymous(s -> new FaultyStores.CorruptBody(s, "recs/100.dat", Integer.MAX_VALUE));
        seed(server);
        Path dest = tmp.resolve("raw");

        PipelineException e = failure(request("s3://" + BUCKET + "/recs/", dest));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/recs/100.dat: MD5 mismatch"), e.getMessage());
        assertFalse(Files.exists(dest.resolve("100.dat")), "no partial file under the final name");
        assertEquals(List.of(), temporaries(dest));
        // The other objects were fetched and recorded, so a rerun only retries the bad one.
        assertArrayEquals(seeded.get("recs/sub/101.dat"), Files.readAllBytes(dest.resolve("sub/101.dat")));
        assertTrue(DownloadManifest.load(dest).get("sub/101.dat").isPresent());
    }

    @Test
    void theObjectsStoredChecksumIsCheckedWhenTheServerSendsOne() throws Exception {
        server.close();
        server = S3ProxyServer.anonymous(s -> new FaultyStores.StoredCrc32(s, "recs/100.dat", false));
        seed(server);
        assertEquals(4, run(request("s3://" + BUCKET + "/recs/", tmp.resolve("good"))).downloaded());
        assertTreeHoldsSeeded(tmp.resolve("good"), "recs/");

        server.close();
        server = S3ProxyServer.anonymous(s -> new FaultyStores.StoredCrc32(s, "recs/100.dat", true));
        seed(server);
        Path dest = tmp.resolve("bad");
        PipelineException e = failure(request("s3://" + BUCKET + "/recs/", dest));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/recs/100.dat: stored checksum mismatch"),
                e.getMessage());
        assertFalse(Files.exists(dest.resolve("100.dat")));
        assertEquals(List.of(), temporaries(dest));
    }

    @Test
    void aFailedReplacementKeepsThePreviousGoodFile() throws Exception {
        Path dest = tmp.resolve("raw");
        run(request("s3://" + BUCKET + "/recs/", dest));
        byte[] old = Files.readAllBytes(dest.resolve("100.dat"));
        server.close();
        server = S3ProxyServer.anonymous(s -> new FaultyStores.CorruptBody(s, "recs/100.dat", Integer.MAX_VALUE));
        seed(server); // new random content for every key, and 100.dat always served corrupt

        assertEquals(ExitCode.BAD_INPUT,
                failure(request("s3://" + BUCKET + "/recs/", dest)).exitCode());
        assertArrayEquals(old, Files.readAllBytes(dest.resolve("100.dat")));
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsTemporary() throws Exception {
        server.close();
        FaultyStores.Throttled[] store = new FaultyStores.Throttled[1];
        server = S3ProxyServer.anonymous(s -> store[0] = new FaultyStores.Throttled(s));
        seed(server);

        PipelineException e = failure(request("s3://" + BUCKET + "/recs/100.hea", tmp.resolve("raw")));

        assertEquals(ExitCode.TEMPORARY, e.exitCode());
        assertEquals(S3ClientFactory.MAX_ATTEMPTS, store[0].attempts.get(), "the SDK retried with backoff");
        assertFalse(Files.exists(tmp.resolve("raw/100.hea")));
    }

    @Test
    void pathTraversalKeysAreRefusedBeforeAnythingIsWritten() throws Exception {
        for (String hostile : List.of("recs/../../escaped.dat", "recs//etc/passwd", "recs/a/../../x")) {
            server.close();
            server = S3ProxyServer.anonymous(s -> new FaultyStores.HostileKey(s, hostile));
            seed(server);
            Path dest = tmp.resolve("raw-" + Math.abs(hostile.hashCode()));

            PipelineException e = failure(request("s3://" + BUCKET + "/recs/", dest));

            assertEquals(ExitCode.BAD_INPUT, e.exitCode(), hostile);
            assertTrue(e.getMessage().contains(hostile) && e.getMessage().contains("refused key"), e.getMessage());
            assertEquals(List.of(), files(dest), "nothing written for " + hostile);
            assertFalse(Files.exists(tmp.resolve("escaped.dat")));
        }
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
