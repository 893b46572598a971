package ecgpipe.download;

import ecgpipe.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadManifestTest {
    @TempDir
    Path dir;

    private static DownloadManifest.Entry entry(String path, long size) {
        return new DownloadManifest.Entry(path, "bkt", "p/" + path, size, "e" + size, "m" + size,
                1_764_070_000_123L + size, Instant.parse("2026-11-25T13:01:02.345Z"));
    }

    @Test
    void roundTripsThroughTheFileSortedByPath() throws Exception {
        DownloadManifest m = DownloadManifest.load(dir);
        m.put(entry("b/\"quoted\" name\\.dat", 2));
        m.put(entry("a.hea", 1));
        m.save();

        DownloadManifest back = DownloadManifest.load(dir);
        assertEquals(2, back.size());
        assertEquals(entry("a.hea", 1), back.get("a.hea").orElseThrow());
        assertEquals(entry("b/\"quoted\" name\\.dat", 2), back.get("b/\"quoted\" name\\.dat").orElseThrow());
        String text = Files.readString(dir.resolve(DownloadManifest.FILE_NAME));
        assertTrue(text.indexOf("a.hea") < text.indexOf("quoted"), text);
        assertTrue(text.contains("\"format\": \"ecgpipe-download-manifest\""), text);
    }

    @Test
    void entriesAreMergedAcrossRuns() {
        DownloadManifest m = DownloadManifest.load(dir);
        m.put(entry("a.hea", 1));
        m.save();
        DownloadManifest second = DownloadManifest.load(dir);
        second.put(entry("b.hea", 2));
        second.put(entry("a.hea", 3));
        second.save();

        DownloadManifest third = DownloadManifest.load(dir);
        assertEquals(2, third.size());
        assertEquals(3, third.get("a.hea").orElseThrow().size());
    }

    @Test
    void anUnreadableManifestIsIgnored() throws Exception {
        for (String junk : List.of("{", "[]", "{\"format\": \"other\", \"version\": 1, \"objects\": []}",
                "{\"format\": \"ecgpipe-download-manifest\", \"version\": 1, \"objects\": [{\"path\": 3}]}",
                "{\"format\": \"ecgpipe-download-manifest\", \"version\": 3, \"objects\": []}")) {
            Files.writeString(dir.resolve(DownloadManifest.FILE_NAME), junk);
            assertEquals(0, DownloadManifest.load(dir).size(), junk);
        }
    }

    @Test
    void aVersion1ManifestWithItsSha256IsStillRead() throws Exception {
        Files.writeString(dir.resolve(DownloadManifest.FILE_NAME), "{\"format\": \"ecgpipe-download-manifest\","
                + " \"version\": 1, \"objects\": [{\"path\": \"a.hea\", \"bucket\": \"bkt\", \"key\": \"p/a.hea\","
                + " \"size\": 1, \"etag\": \"e1\", \"md5\": \"m1\", \"sha256\": \"s1\", \"mtime_ms\": 1764070000124,"
                + " \"downloaded\": \"2026-11-25T13:01:02.345Z\"}]}");
        assertEquals(entry("a.hea", 1), DownloadManifest.load(dir).get("a.hea").orElseThrow());
    }

    @Test
    void jsonParsesWhatItQuotes() {
        String tricky = "tab\there \"q\" back\\slash \u0001 é";
        Object parsed = Json.parse("{\"s\": " + Json.quote(tricky) + ", \"n\": -12, \"d\": 1.5e3, \"t\": true,"
                + " \"z\": null, \"a\": [1, \"x\"], \"u\": \"\\u00e9\"}");
        assertEquals(tricky, ((Map<?, ?>) parsed).get("s"));
        assertEquals(-12L, ((Map<?, ?>) parsed).get("n"));
        assertEquals(1500.0, ((Map<?, ?>) parsed).get("d"));
        assertEquals(Boolean.TRUE, ((Map<?, ?>) parsed).get("t"));
        assertEquals(List.of(1L, "x"), ((Map<?, ?>) parsed).get("a"));
        assertEquals("é", ((Map<?, ?>) parsed).get("u"));
        assertTrue(((Map<?, ?>) parsed).containsKey("z"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
    }
}
