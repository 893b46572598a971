package ecgpipe.common.wfdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes MIT-format annotation files that {@link AnnotationReader} (and WFDB's rdann) read back unchanged. */
public final class AnnotationWriter {
    private static final int MAX_INTERVAL = 0x3FF;

    private AnnotationWriter() {
    }

    /** Writes {@code annotations} (in the order given) to {@code file}, replacing it. */
    public static void write(Path file, List<Annotation> annotations) throws IOException {
        Files.write(file, encode(annotations));
    }

    public static byte[] encode(List<Annotation> annotations) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(annotations.size() * 2 + 16);
        long previous = 0;
        int chan = 0;
        int num = 0;
        for (Annotation a : annotations) {
            long delta = a.sample() - previous;
            int interval;
            if (delta >= 0 && delta <= MAX_INTERVAL && !(a.code() == 0 && delta == 0)) {
                interval = (int) delta;
            } else {
                // Too far (or backwards) for 10 bits: SKIP words carry signed 32-bit intervals. A code-0 word
                // with interval 0 would read as end of file, so a code-0 annotation keeps 1 sample for itself.
                interval = a.code() == 0 ? 1 : 0;
                long rest = delta - interval;
                do {
                    int step = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, rest));
                    word(out, AnnotationReader.SKIP, 0);
                    // PDP-11 long: the high 16 bits first, each half little-endian.
                    raw(out, step >>> 16);
                    raw(out, step & 0xFFFF);
                    rest -= step;
                } while (rest != 0);
            }
            word(out, a.code(), interval);
            if (a.subtype() != 0) {
                word(out, AnnotationReader.SUB, a.subtype() & 0x3FF);
            }
            if (a.chan() != chan) {
                chan = a.chan();
                word(out, AnnotationReader.CHN, chan & 0x3FF);
            }
            if (a.num() != num) {
                num = a.num();
                word(out, AnnotationReader.NUM, num & 0x3FF);
            }
            if (!a.aux().isEmpty()) {
                byte[] text = a.aux().getBytes(StandardCharsets.ISO_8859_1);
                if (text.length > 255) {
                    throw new IllegalArgumentException("annotation text longer than 255 bytes at sample " + a.sample());
                }
                word(out, AnnotationReader.AUX, text.length);
                out.write(text, 0, text.length);
                if ((text.length & 1) != 0) {
                    out.write(0);
                }
            }
            previous = a.sample();
        }
        word(out, 0, 0);
        return out.toByteArray();
    }

    private static void word(ByteArrayOutputStream out, int code, int field) {
        raw(out, code << 10 | field);
    }

    private static void raw(ByteArrayOutputStream out, int w) {
        out.write(w & 0xFF);
        out.write((w >>> 8) & 0xFF);
    }
}
