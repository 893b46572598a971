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
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects above the ranged cutoff: parallel Range GETs, verification, resume, bounded memory. */
class LargeObjectTest {
    private static final String BUCKET = "big";
    private static final String KEY = "obj/big.bin";
    /** Small enough for a quick test, but 21 chunks of the test's chunk size, the last one short. */
    private static final int SIZE = (5 << 20) + 123;
    private static final DownloadRequest.Ranged SMALL_CHUNKS = new DownloadRequest.Ranged(1 << 20, 256 << 10, 3);

    @TempDir
    Path tmp;

    private S3ProxyServer server;
    private FaultyStores.RangeLog log;
    private byte[] content;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A server holding {@link #KEY} ({@code size} random bytes) and one small object, behind a {@link FaultyStores.RangeLog}. */
    private void start(int size, java.util.function.UnaryOperator<org.gaul.s3proxy.blobstore.BlobStore> extra)
            throws Exception {
        server = S3ProxyServer.anonymous(s -> log = new FaultyStores.RangeLog(extra.apply(s)));
        server.createBucket(BUCKET);
        content = new byte[size];
        SplittableRandom random = new SplittableRandom(size);
        for (int i = 0; i < size; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                content[i + j] = (byte) (v >>> (8 * j));
            }
        }
        server.put(BUCKET, KEY, content);
        server.put(BUCKET, "obj/small.hea", "100 2 360 650000\n".getBytes(StandardCharsets.US_ASCII));
    }

    private void start() throws Exception {
        start(SIZE, s -> s);
    }

    private DownloadRequest request(Path dest) {
        return new DownloadRequest(S3Location.parse("s3://" + BUCKET + "/obj/"), dest, server.endpoint(),
                new DownloadRequest.Anonymous(), "us-east-1", true, 2, false, false).withRanged(SMALL_CHUNKS);
    }

    private DownloadSummary run(Path dest) {
        return new Downloader(new PrintWriter(out, true), new PrintWriter(err, true)).run(request(dest));
    }

    private static List<String> allRanges(long size, long chunk) {
        List<String> r = new ArrayList<>();
        for (long start = 0; start < size; start += chunk) {
            r.add("bytes=" + start + "-" + (Math.min(size, start + chunk) - 1));
        }
        return r.stream().sorted().toList();
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(AtomicFiles::isTemporary).toList();
        }
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void aLargeObjectComesAsParallelRangesNeverPartNumbers() throws Exception {
        start();
        Path dest = tmp.resolve("raw");

        DownloadSummary s = run(dest);

        assertEquals(2, s.downloaded());
        assertArrayEquals(content, Files.readAllBytes(dest.resolve("big.bin")));
        assertEquals(allRanges(SIZE, 256 << 10), log.rangesOf(KEY));
        assertEquals(0, log.partNumberGets.get());
        assertEquals(List.of("obj/small.hea"), log.wholeObjectGets, "small objects take one plain GET");
        assertEquals(List.of(), temporaries(dest));
        DownloadManifest.Entry e = DownloadManifest.load(dest).get("big.bin").orElseThrow();
        assertEquals(md5(content), e.md5());
        assertEquals(SIZE, e.size());

        assertEquals(0, run(dest).downloaded(), "a rerun transfers nothing");
    }

    @Test
    void aRangeCutOffMidBodyIsContinuedFromWhereItBroke() throws Exception {
        start(SIZE, s -> new FaultyStores.TruncatedBody(s, KEY, 1));
        Path dest = tmp.resolve("raw");

        DownloadSummary s = run(dest);

        assertEquals(2, s.downloaded());
        assertArrayEquals(content, Files.readAllBytes(dest.resolve("big.bin")));
        List<String> chunks = allRanges(SIZE, 256 << 10);
        List<String> ranges = log.rangesOf(KEY);
        List<String> extra = ranges.stream().filter(r -> !chunks.contains(r)).toList();
        assertEquals(chunks.size() + 1, ranges.size(), "one more request than chunks: " + ranges);
        assertEquals(1, extra.size(), "the extra request asks for the rest of the broken chunk only: " + ranges);
        long from = Long.parseLong(extra.get(0).substring("bytes=".length(), extra.get(0).indexOf('-')));
        long to = Long.parseLong(extra.get(0).substring(extra.get(0).indexOf('-') + 1));
        assertTrue(from % (256 << 10) != 0, "it starts where the connection broke: " + extra.get(0));
        assertTrue(chunks.stream().anyMatch(c -> c.endsWith("-" + to) && from > Long.parseLong(
                c.substring("bytes=".length(), c.indexOf('-')))), "and ends with that chunk: " + extra.get(0));
        assertEquals(List.of(), temporaries(dest));
    }

    @Test
    void aCorruptRangeFailsTheMd5AndTheObjectIsFetchedAgain() throws Exception {
        start(SIZE, s -> new FaultyStores.CorruptBody(s, KEY, 1));
        Path dest = tmp.resolve("raw");

        assertEquals(2, run(dest).downloaded());

        assertArrayEquals(content, Files.readAllBytes(dest.resolve("big.bin")));
        assertEquals(2 * allRanges(SIZE, 256 << 10).size(), log.rangesOf(KEY).size(), "fetched twice in all");
    }

    @Test
    void aPersistentlyCorruptLargeObjectFailsLoudlyAndLeavesNothing() throws Exception {
        start(SIZE, s -> new FaultyStores.CorruptBody(s, KEY, Integer.MAX_VALUE));
        Path dest = tmp.resolve("raw");

        PipelineException e = assertThrows(PipelineException.class, () -> run(dest));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("s3://big/obj/big.bin: MD5 mismatch"), e.getMessage());
        assertFalse(Files.exists(dest.resolve("big.bin")));
        assertEquals(List.of(), temporaries(dest));
        assertTrue(Files.exists(dest.resolve("small.hea")), "the other object is kept");
    }

    @Test
    void aRerunFetchesOnlyTheChunksNotMarkedDone() throws Exception {
        start();
        Path dest = tmp.resolve("raw");
        Files.createDirectories(dest);
        // What a killed run leaves: the full-size temporary file with chunks 0, 1 and 5 written and marked.
        Path target = dest.resolve("big.bin");
        int chunk = 256 << 10;
        try (RandomAccessFile f = new RandomAccessFile(RangedTransfer.dataFileFor(target).toFile(), "rw")) {
            f.setLength(SIZE);
            for (int i : new int[] {0, 1, 5}) {
                f.seek((long) i * chunk);
                f.write(content, i * chunk, chunk);
            }
        }
        RemoteObject o = new RemoteObject(KEY, "big.bin", SIZE, md5(content));
        Files.writeString(RangedTransfer.stateFileFor(target), RangedTransfer.ResumeState.header(o, chunk)
                + "done 0\ndone 5\ndone 1\ndone 7", StandardCharsets.UTF_8); // "done 7" unfinished: not trusted

        assertEquals(2, run(dest).downloaded());

        List<String> expected = new ArrayList<>(allRanges(SIZE, chunk));
        expected.removeAll(List.of("bytes=0-262143", "bytes=262144-524287", "bytes=1310720-1572863"));
        assertEquals(expected, log.rangesOf(KEY));
        assertArrayEquals(content, Files.readAllBytes(target));
        assertTrue(err.toString().contains("download: resuming big.bin (786.4 kB of 5.2 MB already here)"),
                err.toString());
        assertEquals(List.of(), temporaries(dest));
    }

    @Test
    void resumeFilesOfAnotherVersionOfTheObjectAreDiscarded() throws Exception {
        start();
        Path dest = tmp.resolve("raw");
        Files.createDirectories(dest);
        Path target = dest.resolve("big.bin");
        Files.write(RangedTransfer.dataFileFor(target), new byte[SIZE]); // zeros: the old version's "bytes"
        RemoteObject old = new RemoteObject(KEY, "big.bin", SIZE, "0123456789abcdef0123456789abcdef");
        Files.writeString(RangedTransfer.stateFileFor(target), RangedTransfer.ResumeState.header(old, 256 << 10)
                + "done 0\ndone 1\n", StandardCharsets.UTF_8);

        run(dest);

        assertEquals(allRanges(SIZE, 256 << 10), log.rangesOf(KEY));
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void anObjectReplacedMidDownloadFailsAsTemporaryInsteadOfMixingVersions() throws Exception {
        start();
        log.delayPerRangeMs = 100;
        Path dest = tmp.resolve("raw");
        Thread replacer = new Thread(() -> {
            while (log.rangesOf(KEY).isEmpty()) {
                Thread.onSpinWait();
            }
            byte[] other = content.clone();
            other[0] ^= 1;
            server.put(BUCKET, KEY, other);
        });
        replacer.start();

        PipelineException e = assertThrows(PipelineException.class, () -> run(dest));
        replacer.join();

        assertEquals(ExitCode.TEMPORARY, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("changed while it was being downloaded"), e.getMessage());
        assertFalse(Files.exists(dest.resolve("big.bin")));
    }

    @Test
    void leftoverResumeFilesOfObjectsNoLongerWantedAreSwept() throws Exception {
        start();
        Path dest = tmp.resolve("raw");
        Files.createDirectories(dest);
        Path gone = dest.resolve(".gone.bin" + RangedTransfer.DATA_SUFFIX);
        Files.write(gone, new byte[10]);

        run(dest);

        assertFalse(Files.exists(gone));
    }

    /**
     * The two hard promises at once, with real processes: a download in a child JVM whose heap is a
     * third of the object (so the object cannot be held in memory) is killed (SIGKILL) half-way through; a
     * second child JVM with the same small heap completes it, fetching only the ranges the first did not
     * finish, and the file is byte-identical.
     */
    @Test
    void aKilledDownloadInASmallHeapResumesInTheNextRun() throws Exception {
        int size = 96 << 20;
        start(size, s -> s);
        log.delayPerRangeMs = 150; // the first run must still be busy when it is killed
        Path dest = tmp.resolve("raw");
        Path target = dest.resolve("big.bin");
        Path state = RangedTransfer.stateFileFor(target);

        Process first = child(dest, "first");
        long deadline = System.currentTimeMillis() + 60_000;
        while (doneLines(state) < 4) {
            assertTrue(first.isAlive(), "the first run ended before it could be killed: " + childErr("first"));
            assertTrue(System.currentTimeMillis() < deadline, "no progress in 60 s: " + childErr("first"));
            Thread.sleep(20);
        }
        first.destroyForcibly().waitFor();
        int doneBefore = doneLines(state);
        assertFalse(Files.exists(target), "nothing under the final name after the kill");
        assertTrue(Files.exists(RangedTransfer.dataFileFor(target)));
        int rangesBefore = log.rangesOf(KEY).size();

        log.delayPerRangeMs = 0;
        Process second = child(dest, "second");
        assertEquals(0, second.waitFor(), childErr("second"));

        int chunks = size / (2 << 20);
        int secondRun = log.rangesOf(KEY).size() - rangesBefore;
        assertTrue(secondRun <= chunks - doneBefore, "second run fetched " + secondRun + " ranges of " + chunks
                + " although " + doneBefore + " were done");
        assertTrue(childErr("second").contains("download: resuming big.bin"), childErr("second"));
        assertEquals(md5(content), DownloadManifest.load(dest).get("big.bin").orElseThrow().md5());
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(List.of(), temporaries(dest));
    }

    private Process child(Path dest, String name) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), DownloadCommand.class.getName(),
                "s3://" + BUCKET + "/" + KEY, dest.toString(), "--endpoint-url", server.endpoint().toString(),
                "--no-sign-request", "--multi-thread-cutoff", "8M", "--chunk-size", "2M",
                "--multi-thread-streams", "2", "--stats", "0");
        return new ProcessBuilder(cmd).redirectErrorStream(false)
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile()).start();
    }

    private String childErr(String name) {
        try {
            return Files.readString(tmp.resolve(name + ".err"));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    private static int doneLines(Path state) throws IOException {
        if (!Files.exists(state)) {
            return 0;
        }
        return (int) Files.readAllLines(state, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.startsWith("done ")).count();
    }
}
