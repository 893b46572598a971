package ecgpipe.download;

import ecgpipe.common.cli.VersionProvider;
import ecgpipe.common.io.AtomicFiles;
import ecgpipe.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What earlier runs downloaded into a destination, so a rerun can skip unchanged objects without reading
 * them: when the remote object still has the recorded ETag and size, and the local file still has the
 * recorded size and modification time, the file is what we wrote and the object has not changed.
 * Without an entry (or when anything differs) the downloader falls back to hashing the local file.
 *
 * <p>File {@code DEST_DIR/.download-manifest.json}, written atomically, UTF-8:
 * <pre>
 * {
 *   "format": "ecgpipe-download-manifest",
 *   "version": 1,
 *   "producer": "download 0.1.0",
 *   "objects": [
 *     {
 *       "path": "x/100.dat",          local path under DEST_DIR, '/'-separated (sorted by this)
 *       "bucket": "physionet-open",
 *       "key": "mitdb/1.0.0/x/100.dat",
 *       "size": 1950000,              bytes
 *       "etag": "8d7e...",            ETag as the server sent it, quotes stripped
 *       "md5": "8d7e...",             hex MD5 of the file, computed while downloading (and, for a
 *                                     single-part object, checked against the ETag)
 *       "mtime_ms": 1764070000123,    the local file's modification time after the rename, ms since epoch
 *       "downloaded": "2026-11-25T13:01:02.345Z"
 *     }
 *   ]
 * }
 * </pre>
 * Version 1 files (which also held a "sha256") are read too; the next save writes version 2.
 * Entries are merged across runs (downloading another prefix into the same directory keeps the others).
 * An unreadable manifest is ignored with a warning: it only saves time, it is never trusted over the files.
 */
final class DownloadManifest {
    static final String FILE_NAME = ".download-manifest.json";
    static final String FORMAT = "ecgpipe-download-manifest";
    static final int VERSION = 2;
    private static final Logger LOG = LoggerFactory.getLogger(DownloadManifest.class);
    /** How often a long run saves progress, so an interrupted run loses at most this much hashing work. */
    private static final long SAVE_INTERVAL_MS = 5_000;

    /** One downloaded object. */
    record Entry(String path, String bucket, String key, long size, String etag, String md5, long mtimeMillis,
            Instant downloaded) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private long lastSave = System.currentTimeMillis();

    private DownloadManifest(Path file) {
        this.file = file;
    }

    static Path fileIn(Path destination) {
        return destination.resolve(FILE_NAME);
    }

    /** The manifest in {@code destination}; empty when there is none or it cannot be read. */
    static DownloadManifest load(Path destination) {
        DownloadManifest m = new DownloadManifest(fileIn(destination));
        if (!Files.isRegularFile(m.file)) {
            return m;
        }
        try {
            String text = Files.readString(m.file, StandardCharsets.UTF_8);
            m.entries.putAll(parse(text));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable {} ({}); unchanged files will be re-verified by hashing", m.file,
                    e.getMessage());
        }
        return m;
    }

    Optional<Entry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    int size() {
        return entries.size();
    }

    void put(Entry e) {
        entries.put(e.path(), e);
    }

    /** Saves when the last save is older than the interval; cheap to call after every object. */
    synchronized void saveIfDue() {
        if (System.currentTimeMillis() - lastSave >= SAVE_INTERVAL_MS) {
            save();
        }
    }

    synchronized void save() {
        String text = render();
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
        lastSave = System.currentTimeMillis();
    }

    String render() {
        StringBuilder b = new StringBuilder();
        b.append("{\n");
        b.append("  \"format\": ").append(Json.quote(FORMAT)).append(",\n");
        b.append("  \"version\": ").append(VERSION).append(",\n");
        b.append("  \"producer\": ").append(Json.quote("download " + VersionProvider.version())).append(",\n");
        b.append("  \"objects\": [");
        List<Entry> sorted = new ArrayList<>(new TreeMap<>(entries).values());
        for (int i = 0; i < sorted.size(); i++) {
            Entry e = sorted.get(i);
            b.append(i == 0 ? "\n" : ",\n");
            b.append("    {\"path\": ").append(Json.quote(e.path()))
                    .append(", \"bucket\": ").append(Json.quote(e.bucket()))
                    .append(", \"key\": ").append(Json.quote(e.key()))
                    .append(", \"size\": ").append(e.size())
                    .append(", \"etag\": ").append(Json.quote(e.etag()))
                    .append(", \"md5\": ").append(Json.quote(e.md5()))
                    .append(", \"mtime_ms\": ").append(e.mtimeMillis())
                    .append(", \"downloaded\": ").append(Json.quote(e.downloaded().toString()))
                    .append('}');
        }
        b.append(sorted.isEmpty() ? "]\n" : "\n  ]\n");
        b.append("}\n");
        return b.toString();
    }

    static Map<String, Entry> parse(String text) {
        if (!(Json.parse(text) instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!FORMAT.equals(root.get("format")) || !(root.get("version") instanceof Long v) || v < 1 || v > VERSION) {
            throw new IllegalArgumentException("not a " + FORMAT + " of version 1 to " + VERSION);
        }
        if (!(root.get("objects") instanceof List<?> objects)) {
            throw new IllegalArgumentException("no \"objects\" array");
        }
        Map<String, Entry> out = new TreeMap<>();
        for (Object o : objects) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("an object entry is not a JSON object");
            }
            Entry e = new Entry(str(m, "path"), str(m, "bucket"), str(m, "key"), num(m, "size"), str(m, "etag"),
                    str(m, "md5"), num(m, "mtime_ms"), Instant.parse(str(m, "downloaded")));
            out.put(e.path(), e);
        }
        return out;
    }

    private static String str(Map<?, ?> m, String name) {
        if (m.get(name) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("entry without string \"" + name + "\"");
    }

    private static long num(Map<?, ?> m, String name) {
        if (m.get(name) instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException("entry without integer \"" + name + "\"");
    }
}
