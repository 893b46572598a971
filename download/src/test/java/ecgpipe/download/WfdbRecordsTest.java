package ecgpipe.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.synth.EcgSynth;
import ecgpipe.common.synth.SyntheticRecord;
import ecgpipe.common.synth.SyntheticRecordWriter;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the stage is for: WFDB records in a bucket arrive as records the next stage can read. */
class WfdbRecordsTest {
    @TempDir
    Path tmp;

    @Test
    void generatedRecordsArriveReadableAndFiltersPickTheirFiles() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        List<SyntheticRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(SyntheticRecordWriter.write(src, EcgSynth.Params.of("2" + i, 20, 100 + i)));
        }
        try (S3ProxyServer server = S3ProxyServer.anonymous(); Stream<Path> files = Files.list(src)) {
            server.createBucket("physio");
            List<Path> all = files.sorted().toList();
            for (Path f : all) {
                server.put("physio", "db/1.0.0/" + f.getFileName(), Files.readAllBytes(f));
            }
            Path dest = tmp.resolve("raw");
            DownloadRequest r = new DownloadRequest(S3Location.parse("s3://physio/db/1.0.0/"), dest, server.endpoint(),
                    new DownloadRequest.Anonymous(), "us-east-1", true, 4, false, false)
                    .withFilters(FilterRules.of(List.of("*.{hea,dat}"), List.of()));

            DownloadSummary s = new Downloader(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                    .run(r);

            assertEquals(6, s.downloaded());
            assertEquals(all.size() - 6, s.excluded(), "the annotation files are left out");
            for (SyntheticRecord rec : records) {
                String name = rec.params().recordName();
                WfdbRecord back = WfdbReader.read(dest.resolve(name + ".hea"));
                assertEquals(rec.samples().length, back.samples().length);
                for (int ch = 0; ch < rec.samples().length; ch++) {
                    assertArrayEquals(rec.samples()[ch], back.samples()[ch], name + " channel " + ch);
                }
                assertFalse(Files.exists(dest.resolve(name + ".atr")));
            }
            assertTrue(Files.exists(dest.resolve(DownloadManifest.FILE_NAME)));
        }
    }
}
