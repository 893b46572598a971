package ecgpipe.common.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the expected-value files of the WFDB format samples (WFDB_FORMATS_DIR/expected):
 * objects become maps, arrays lists, integers {@code Long} (sums exceed 32 bits), other numbers {@code Double}.
 * Test support only; the files are read where they lie, never copied.
 */
public final class ExpectedJson {
    private final String s;
    private int p;

    private ExpectedJson(String s) {
        this.s = s;
    }

    public static Object read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static Object parse(String text) {
        ExpectedJson j = new ExpectedJson(text);
        Object v = j.value();
        j.blank();
        if (j.p != text.length()) {
            throw new IllegalArgumentException("trailing text at " + j.p);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    /** A JSON array of integers as longs (null elements are not allowed here). */
    public static long[] longs(Object o) {
        List<Object> l = list(o);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).longValue();
        }
        return out;
    }

    private void blank() {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
    }

    private Object value() {
        blank();
        char c = s.charAt(p);
        switch (c) {
            case '{' -> {
                p++;
                Map<String, Object> m = new LinkedHashMap<>();
                blank();
                if (s.charAt(p) == '}') {
                    p++;
                    return m;
                }
                while (true) {
                    blank();
                    String k = string();
                    blank();
                    expect(':');
                    m.put(k, value());
                    blank();
                    if (s.charAt(p) == ',') {
                        p++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            case '[' -> {
                p++;
                List<Object> l = new ArrayList<>();
                blank();
                if (s.charAt(p) == ']') {
                    p++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    blank();
                    if (s.charAt(p) == ',') {
                        p++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            default -> {
                if (s.startsWith("null", p)) {
                    p += 4;
                    return null;
                }
                if (s.startsWith("true", p)) {
                    p += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", p)) {
                    p += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("NaN", p)) {
                    p += 3;
                    return Double.NaN;
                }
                int start = p;
                while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
                    p++;
                }
                String num = s.substring(start, p);
                if (num.isEmpty()) {
                    throw new IllegalArgumentException("unexpected '" + c + "' at " + start);
                }
                if (num.matches("-?\\d+")) {
                    return Long.parseLong(num);
                }
                return Double.parseDouble(num);
            }
        }
    }

    private void expect(char c) {
        if (s.charAt(p) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + p);
        }
        p++;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(p++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(p++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                    p += 4;
                }
                default -> b.append(e);
            }
        }
    }
}
