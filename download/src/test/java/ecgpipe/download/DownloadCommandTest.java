package ecgpipe.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: options into a request, one summary line, one error line and the right exit code. */
class DownloadCommandTest {
    private static S3ProxyServer server;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.anonymous();
        server.createBucket("cli-bucket");
        server.put("cli-bucket", "set/a.hea", "a 1 360 10\n".getBytes());
        server.put("cli-bucket", "set/deep/a.dat", new byte[123_456]);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private int run(String... args) {
        return Cli.commandLine(new DownloadCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @Test
    void helpShowsOptionsAndExitCodes() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        for (String s : new String[] {"S3_URI", "DEST_DIR", "--endpoint-url", "--no-sign-request", "--region",
            "--path-style", "--transfers", "--dry-run", "--verbose", "--profile", "--include", "--exclude",
            "--multi-thread-cutoff", "--multi-thread-streams", "--chunk-size", "--progress", "--stats",
            "Exit Codes:", "77"}) {
            assertTrue(help.contains(s), s + " missing from:\n" + help);
        }
    }

    @Test
    void downloadsAndPrintsOneSummaryLine() throws Exception {
        Path dest = tmp.resolve("raw");
        int code = run("s3://cli-bucket/set/", dest.toString(), "--endpoint-url", server.endpoint().toString(),
                "--no-sign-request", "--transfers", "2");

        assertEquals(0, code, err.toString());
        assertEquals(1, outLines().size(), out.toString());
        assertTrue(outLines().get(0).matches("downloaded 2 objects \\(123\\.5 kB\\) in \\d+\\.\\d s, 0 skipped"),
                outLines().get(0));
        assertEquals(List.of(), errLines());
        assertEquals(123_456, Files.size(dest.resolve("deep/a.dat")));

        assertEquals(0, run("s3://cli-bucket/set/", dest.toString(), "--endpoint-url", server.endpoint().toString(),
                "--no-sign-request", "-v"));
        assertTrue(outLines().contains("skipped a.hea (unchanged)"), out.toString());
        assertTrue(outLines().get(outLines().size() - 1)
                .matches("nothing to transfer: all 2 objects are up to date \\(checked in \\d+\\.\\d s\\)"), out.toString());
    }

    @Test
    void includeAndExcludeFollowRclone() throws Exception {
        Path dest = tmp.resolve("f");
        assertEquals(0, run("s3://cli-bucket/set/", dest.toString(), "--endpoint-url", server.endpoint().toString(),
                "--no-sign-request", "--include", "*.{hea,dat}", "--exclude", "deep/**"), err.toString());
        // --include is tried first: deep/a.dat matches "*.{hea,dat}" before "deep/**" is looked at.
        assertTrue(Files.exists(dest.resolve("a.hea")));
        assertTrue(Files.exists(dest.resolve("deep/a.dat")));

        Path only = tmp.resolve("g");
        assertEquals(0, run("s3://cli-bucket/set/", only.toString(), "--endpoint-url", server.endpoint().toString(),
                "--no-sign-request", "--exclude", "deep/"), err.toString());
        assertTrue(Files.exists(only.resolve("a.hea")));
        assertFalse(Files.exists(only.resolve("deep")));
        assertTrue(outLines().get(outLines().size() - 1).endsWith(", 0 skipped, 1 excluded by filters"),
                out.toString());

        assertEquals(ExitCode.USAGE, run("s3://cli-bucket/set/", only.toString(), "--include", "[oops"));
        assertTrue(errLines().get(errLines().size() - 1).contains("bad --include/--exclude pattern '[oops'"),
                err.toString());
    }

    @Test
    void aNamedProfileSignsWithItsOwnKeysAndRegion() throws Exception {
        try (S3ProxyServer keyed = S3ProxyServer.withKeys()) {
            keyed.createBucket("keyed");
            keyed.put("keyed", "k/x.bin", new byte[] {1, 2, 3});
            Path credentials = tmp.resolve("credentials");
            Path config = tmp.resolve("config");
            Files.writeString(credentials, "[default]\naws_access_key_id = nobody\naws_secret_access_key = nothing\n\n"
                    + "[lab]\naws_access_key_id = " + S3ProxyServer.ACCESS_KEY + "\naws_secret_access_key = "
                    + S3ProxyServer.SECRET_KEY + "\n");
            Files.writeString(config, "[profile lab]\nregion = eu-central-1\n");
            System.setProperty("aws.sharedCredentialsFile", credentials.toString());
            System.setProperty("aws.configFile", config.toString());
            String[] args = {"s3://keyed/k/", tmp.resolve("p").toString(), "--endpoint-url", keyed.endpoint().toString()};

            assertEquals(ExitCode.ACCESS_DENIED, run(args), "the default profile's keys are wrong");
            String[] lab = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--profile", "lab")).toArray(String[]::new);
            assertEquals(0, run(lab), err.toString());
            assertTrue(Files.exists(tmp.resolve("p/x.bin")));
            assertEquals("eu-central-1", S3ClientFactory.profileRegion("lab", java.util.Map.of()));

            String[] missing = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--profile", "nope")).toArray(String[]::new);
            assertEquals(ExitCode.USAGE, run(missing));
            assertTrue(errLines().get(errLines().size() - 1).startsWith("download: error: --profile nope: no such profile"),
                    err.toString());
        } finally {
            System.clearProperty("aws.sharedCredentialsFile");
            System.clearProperty("aws.configFile");
        }
    }

    @Test
    void verbosePrintsALinePerObject() {
        assertEquals(0, run("s3://cli-bucket/set/", tmp.resolve("v").toString(), "--endpoint-url",
                server.endpoint().toString(), "--no-sign-request", "-v"));
        assertTrue(outLines().contains("downloaded a.hea (11 B)"), out.toString());
        assertTrue(outLines().contains("downloaded deep/a.dat (123.5 kB)"), out.toString());
    }

    @Test
    void withoutNoSignRequestTheDefaultCredentialsChainSigns() throws Exception {
        // The chain's first link reads these system properties; restored so no other test sees them.
        try (S3ProxyServer keyed = S3ProxyServer.withKeys()) {
            keyed.createBucket("keyed");
            keyed.put("keyed", "k/x.bin", new byte[] {1, 2, 3});
            String[] args = {"s3://keyed/k/", tmp.resolve("k").toString(), "--endpoint-url", keyed.endpoint().toString()};
            System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", "wrong-secret");
            assertEquals(ExitCode.ACCESS_DENIED, run(args));
            assertTrue(errLines().get(0).startsWith("download: error: s3://keyed/k/: access denied"), err.toString());

            System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
            assertEquals(0, run(args), err.toString());
            assertTrue(Files.exists(tmp.resolve("k/x.bin")));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void badUriIsAUsageErrorOnOneLine() {
        assertEquals(ExitCode.USAGE, run("cli-bucket/set/", tmp.toString()));
        assertEquals(List.of("download: error: not an S3 URI (expected s3://BUCKET/PREFIX/): 'cli-bucket/set/'"),
                errLines());
    }

    @Test
    void otherUsageErrors() {
        assertEquals(ExitCode.USAGE, run("s3://cli-bucket/set/"));
        assertEquals(ExitCode.USAGE, run("s3://cli-bucket/set/", tmp.toString(), "--endpoint-url", "localhost:9000"));
        assertEquals(ExitCode.USAGE, run("s3://cli-bucket/set/", tmp.toString(), "--transfers", "0",
                "--no-sign-request", "--endpoint-url", server.endpoint().toString()));
        assertEquals(ExitCode.USAGE, run("s3://cli-bucket/set/", tmp.toString(), "--transfers", "many"));
    }

    @Test
    void missingBucketExits66WithOneLine() {
        assertEquals(ExitCode.INPUT_MISSING, run("s3://no-such-bucket/set/", tmp.resolve("x").toString(),
                "--endpoint-url", server.endpoint().toString(), "--no-sign-request"));
        assertEquals(List.of("download: error: s3://no-such-bucket/set/: no such bucket"), errLines());
        assertEquals(List.of(), outLines());
    }

    @Test
    void unreachableEndpointExits69WithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(ExitCode.UNAVAILABLE, run("s3://cli-bucket/set/", tmp.resolve("x").toString(),
                "--endpoint-url", "http://127.0.0.1:" + port, "--no-sign-request"));
        assertEquals(1, errLines().size(), err.toString());
        assertTrue(errLines().get(0).startsWith("download: error: s3://cli-bucket/set/: cannot reach the S3 endpoint"),
                err.toString());
    }
}
