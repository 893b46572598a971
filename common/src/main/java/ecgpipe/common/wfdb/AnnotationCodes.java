package ecgpipe.common.wfdb;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * WFDB's standard annotation codes (ecgcodes.h) and their mnemonics, as WFDB's {@code annstr} prints
 * them. Codes without a standard meaning print as "[n]".
 */
public final class AnnotationCodes {
    /** Highest annotation code (ACMAX); codes above it in a file are pseudo-annotations (SKIP, NUM, ...). */
    public static final int MAX_CODE = 49;

    public static final int NOTQRS = 0;
    public static final int NORMAL = 1;
    public static final int LBBB = 2;
    public static final int RBBB = 3;
    public static final int ABERR = 4;
    public static final int PVC = 5;
    public static final int FUSION = 6;
    public static final int NPC = 7;
    public static final int APC = 8;
    public static final int SVPB = 9;
    public static final int VESC = 10;
    public static final int NESC = 11;
    public static final int PACE = 12;
    public static final int UNKNOWN = 13;
    public static final int NOISE = 14;
    public static final int ARFCT = 16;
    public static final int STCH = 18;
    public static final int TCH = 19;
    public static final int SYSTOLE = 20;
    public static final int DIASTOLE = 21;
    public static final int NOTE = 22;
    public static final int MEASURE = 23;
    public static final int PWAVE = 24;
    public static final int BBB = 25;
    public static final int PACESP = 26;
    public static final int TWAVE = 27;
    public static final int RHYTHM = 28;
    public static final int UWAVE = 29;
    public static final int LEARN = 30;
    public static final int FLWAV = 31;
    public static final int VFON = 32;
    public static final int VFOFF = 33;
    public static final int AESC = 34;
    public static final int SVESC = 35;
    public static final int LINK = 36;
    public static final int NAPC = 37;
    public static final int PFUS = 38;
    public static final int WFON = 39;
    public static final int WFOFF = 40;
    public static final int RONT = 41;

    private static final String[] MNEMONICS = new String[MAX_CODE + 1];
    private static final Map<String, Integer> CODES = new HashMap<>();
    private static final boolean[] BEATS = new boolean[MAX_CODE + 1];

    static {
        String[] defined = {
            " ", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~", null, "|", null, "s", "T",
            "*", "D", "\"", "=", "p", "B", "^", "t", "+", "u", "?", "!", "[", "]", "e", "n", "@", "x", "f", "(",
            ")", "r",
        };
        for (int c = 0; c <= MAX_CODE; c++) {
            String m = c < defined.length && defined[c] != null ? defined[c] : "[" + c + "]";
            MNEMONICS[c] = m;
            CODES.put(m, c);
        }
        // WFDB's isqrs(): the codes that denote a QRS complex (a beat).
        for (int c : new int[] {NORMAL, LBBB, RBBB, BBB, APC, ABERR, NPC, SVPB, PVC, RONT, FUSION, AESC, NESC,
                SVESC, VESC, PACE, PFUS, UNKNOWN, LEARN}) {
            BEATS[c] = true;
        }
    }

    private AnnotationCodes() {
    }

    /** The mnemonic of {@code code} ("N", "V", "+", ...), "[n]" for codes without a standard one. */
    public static String mnemonic(int code) {
        if (code < 0 || code > MAX_CODE) {
            return "[" + code + "]";
        }
        return MNEMONICS[code];
    }

    /** The code whose mnemonic is {@code symbol}, if any. */
    public static OptionalInt code(String symbol) {
        Integer c = CODES.get(symbol);
        return c == null ? OptionalInt.empty() : OptionalInt.of(c);
    }

    /** True for beat (QRS) annotations, as WFDB's {@code isqrs}. */
    public static boolean isBeat(int code) {
        return code >= 0 && code <= MAX_CODE && BEATS[code];
    }
}
