package ecgpipe.common.wfdb;

import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MIT-format annotation files (annot(5)). Each 16-bit little-endian word holds a 6-bit code A and a
 * 10-bit field I. An ordinary annotation's I is the time since the previous one; the pseudo-codes modify
 * the annotation they follow (SUB, CHN, NUM, AUX) or the time of the next one (SKIP). CHN and NUM stay in
 * force for later annotations, SUB and AUX do not.
 *
 * <p>Files written by the WFDB library may begin with a header block at sample 0: NOTE annotations whose
 * text starts with "## " ("## time resolution: 500", "## annotation type definitions" ... "## end of
 * definitions", with the definitions in between) closed by a code-0 annotation. Like WFDB's own reader,
 * {@link #read} and {@link #parse} leave that block out; {@link #parseAll} keeps it.
 */
public final class AnnotationReader {
    static final int SKIP = 59;
    static final int NUM = 60;
    static final int SUB = 61;
    static final int CHN = 62;
    static final int AUX = 63;

    private AnnotationReader() {
    }

    public static List<Annotation> read(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw PipelineException.io("cannot read annotation file " + file, e);
        }
        return parse(data, file.toString());
    }

    /** Parses the bytes of an annotation file without its header block; {@code source} names it in messages. */
    public static List<Annotation> parse(byte[] d, String source) {
        List<Annotation> all = parseAll(d, source);
        int header = headerBlockLength(all);
        return header == 0 ? all : List.copyOf(all.subList(header, all.size()));
    }

    /** Number of leading annotations that form the WFDB header block (0 when there is none). */
    static int headerBlockLength(List<Annotation> all) {
        int n = 0;
        boolean inDefinitions = false;
        while (n < all.size()) {
            Annotation a = all.get(n);
            if (a.sample() != 0) {
                break;
            }
            if (a.code() == AnnotationCodes.NOTE && a.aux().startsWith("## ")) {
                inDefinitions = a.aux().startsWith("## annotation type definitions")
                        || (inDefinitions && !a.aux().startsWith("## end of definitions"));
                n++;
            } else if (a.code() == AnnotationCodes.NOTE && (inDefinitions || isTypeDefinition(a.aux()))) {
                // Inside the definitions block, or a lone definition such as "42 CAL Calibration".
                n++;
            } else if (a.code() == AnnotationCodes.NOTQRS && n > 0) {
                // The code-0 annotation that closes the block.
                n++;
                break;
            } else {
                break;
            }
        }
        return n;
    }

    /** A NOTE text that defines an annotation type: "code mnemonic [description]". */
    static boolean isTypeDefinition(String text) {
        return text.matches("\\d+[ \\t]+\\S+([ \\t].*)?");
    }

    /** Parses every annotation in the file, the header block included. */
    public static List<Annotation> parseAll(byte[] d, String source) {
        if ((d.length & 1) != 0) {
            throw PipelineException.badInput(source + ": ends in the middle of an annotation word ("
                    + d.length + " bytes, an odd number)");
        }
        List<Annotation> out = new ArrayList<>();
        long time = 0;
        int chan = 0;
        int num = 0;
        // The annotation being assembled: its modifiers follow it in the file.
        boolean open = false;
        long aTime = 0;
        int aCode = 0;
        int aSub = 0;
        String aAux = "";
        int p = 0;
        while (p + 1 < d.length) {
            int word = (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8;
            p += 2;
            int a = word >>> 10;
            int i = word & 0x3FF;
            if (a == 0 && i == 0) {
                break;
            }
            switch (a) {
                case SKIP -> {
                    if (p + 4 > d.length) {
                        throw PipelineException.badInput(source + ": truncated SKIP at byte " + (p - 2));
                    }
                    // PDP-11 long: high 16 bits first, each half little-endian.
                    int high = (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8;
                    int low = (d[p + 2] & 0xFF) | (d[p + 3] & 0xFF) << 8;
                    time += (high << 16) | low;
                    p += 4;
                }
                // WFDB keeps num and subtyp in signed chars and chan in an unsigned char.
                case NUM -> num = (byte) i;
                case SUB -> aSub = (byte) i;
                case CHN -> chan = i & 0xFF;
                case AUX -> {
                    if (p + i > d.length) {
                        throw PipelineException.badInput(source + ": truncated AUX text at byte " + (p - 2));
                    }
                    int len = i;
                    // WFDB counts a terminating NUL in some files ("(N\0"); it is not part of the text.
                    while (len > 0 && d[p + len - 1] == 0) {
                        len--;
                    }
                    aAux = new String(d, p, len, StandardCharsets.ISO_8859_1);
                    p += i + (i & 1);
                }
                default -> {
                    if (a > AnnotationCodes.MAX_CODE) {
                        throw PipelineException.badInput(source + ": undefined annotation code " + a + " at byte "
                                + (p - 2));
                    }
                    // The pending annotation is complete: the CHN/NUM words that followed it are in chan/num.
                    if (open) {
                        out.add(annotation(aTime, aCode, aSub, chan, num, aAux));
                    }
                    time += i;
                    open = true;
                    aTime = time;
                    aCode = a;
                    aSub = 0;
                    aAux = "";
                }
            }
        }
        if (open) {
            out.add(annotation(aTime, aCode, aSub, chan, num, aAux));
        }
        return out;
    }

    private static Annotation annotation(long time, int code, int sub, int chan, int num, String aux) {
        return new Annotation(time, code, AnnotationCodes.mnemonic(code), sub, chan, num, aux);
    }
}
