package ecgpipe.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Sends the window answers (trace, beats) with an ETag and gzip, from a bounded cache of compressed bodies.
 *
 * <p>Why: the results files do not change while the server runs, so an answer is fully determined by the
 * file's version and the normalised request (samples, not the seconds the client typed). Compressing on
 * every request costs more than reading and downsampling the window (about 10x fewer requests/s on this
 * machine), and panning back and forth or many viewers of one record ask for the same windows; so each
 * answer is compressed once and kept, and a client that already has it gets a 304 without any work.
 */
final class WindowResponses {
    /** Compressed bodies kept at most: a few thousand windows, small next to the 256 MB heap budget. */
    static final long DEFAULT_MAX_BYTES = 24L << 20;
    /** Answers are revalidated on every use: cheap (304) and never stale after the data is replaced. */
    static final String CACHE_CONTROL = "no-cache";

    private final ObjectMapper mapper;
    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> gzipped = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    WindowResponses(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    /**
     * Answers {@code ctx} with the JSON of {@code body}, identified by {@code key} (which must name the
     * file version and every parameter that changes the answer). {@code body} runs only on a cache miss.
     */
    void send(Context ctx, String key, Supplier<Object> body) {
        boolean gzip = acceptsGzip(ctx.header(Header.ACCEPT_ENCODING));
        // one representation per encoding, so each gets its own validator
        String etag = "\"" + key + (gzip ? "-gz" : "") + "\"";
        ctx.header(Header.ETAG, etag);
        ctx.header(Header.CACHE_CONTROL, CACHE_CONTROL);
        ctx.header(Header.VARY, Header.ACCEPT_ENCODING);
        ctx.disableCompression();
        if (matches(ctx.header(Header.IF_NONE_MATCH), etag)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.contentType(ContentType.APPLICATION_JSON);
        if (!gzip) {
            ctx.result(json(body.get()));
            return;
        }
        byte[] cached = lookup(key);
        if (cached == null) {
            cached = gzip(json(body.get()));
            store(key, cached);
        }
        ctx.header(Header.CONTENT_ENCODING, "gzip");
        ctx.result(cached);
    }

    synchronized int entries() {
        return gzipped.size();
    }

    private synchronized byte[] lookup(String key) {
        return gzipped.get(key);
    }

    private synchronized void store(String key, byte[] value) {
        if (value.length > maxBytes) {
            return;
        }
        byte[] old = gzipped.put(key, value);
        bytes += value.length - (old == null ? 0 : old.length);
        for (Iterator<Map.Entry<String, byte[]>> it = gzipped.entrySet().iterator(); bytes > maxBytes && it.hasNext();) {
            bytes -= it.next().getValue().length;
            it.remove();
        }
    }

    private byte[] json(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    /**
     * Level 1: measured on a 10 s trace window (33 KB of JSON), level 6 took about 1 ms of the 1.5 ms a
     * fresh window costs; level 1 is several times faster for a slightly larger body (see BENCHMARKS.md).
     */
    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 4));
        try (GZIPOutputStream z = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** True unless the client lists no gzip or refuses it with {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.trim().split(";");
            String coding = fields[0].trim();
            if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
                for (int i = 1; i < fields.length; i++) {
                    String f = fields[i].trim().replace(" ", "");
                    if (f.equals("q=0") || f.matches("q=0\\.0*")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** {@code If-None-Match} holds a list of tags or {@code *}; weak tags compare equal to strong ones. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
