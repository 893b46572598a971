package ecgpipe.e2e.gitlab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code rules: - if:} expression, evaluated the way GitLab documents it ("CI/CD variable expressions"):
 * {@code $VAR} alone is true when the variable is defined and not empty; {@code ==} and {@code !=} compare
 * values, an undefined variable being {@code null}; {@code =~} and {@code !~} match a {@code /regex/} (or a
 * variable holding one) anywhere in the value; {@code &&} binds tighter than {@code ||}; parentheses group.
 * Anything else is refused with the expression in the message, so that the harness never silently
 * misreads a rule.
 */
final class RuleExpression {
    private final String text;
    private final List<Token> tokens;
    private int pos;

    private enum Kind { VARIABLE, STRING, REGEX, NULL, OP, LPAREN, RPAREN }

    private record Token(Kind kind, String text, String flags) {
    }

    /** An operand's value: a string, null (undefined or the literal null) or a regex. */
    private record Value(String string, Pattern regex) {
        boolean truthy() {
            return regex != null || string != null && !string.isEmpty();
        }
    }

    private RuleExpression(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    /** True when {@code expression} holds for {@code variables}. */
    static boolean evaluate(String expression, Map<String, String> variables) {
        RuleExpression e = new RuleExpression(expression);
        boolean result = e.or(variables);
        if (e.pos != e.tokens.size()) {
            throw e.error("unexpected '" + e.tokens.get(e.pos).text() + "'");
        }
        return result;
    }

    private boolean or(Map<String, String> vars) {
        boolean v = and(vars);
        while (peekOp("||")) {
            pos++;
            boolean right = and(vars);
            v = v || right;
        }
        return v;
    }

    private boolean and(Map<String, String> vars) {
        boolean v = comparison(vars);
        while (peekOp("&&")) {
            pos++;
            boolean right = comparison(vars);
            v = v && right;
        }
        return v;
    }

    private boolean comparison(Map<String, String> vars) {
        if (pos < tokens.size() && tokens.get(pos).kind() == Kind.LPAREN) {
            pos++;
            boolean v = or(vars);
            expect(Kind.RPAREN);
            return v;
        }
        Value left = operand(vars);
        for (String op : List.of("==", "!=", "=~", "!~")) {
            if (peekOp(op)) {
                pos++;
                Value right = operand(vars);
                return switch (op) {
                    case "==" -> equal(left, right);
                    case "!=" -> !equal(left, right);
                    case "=~" -> matches(left, right);
                    default -> !matches(left, right);
                };
            }
        }
        return left.truthy();
    }

    private static boolean equal(Value a, Value b) {
        return a.string() == null ? b.string() == null : a.string().equals(b.string());
    }

    private boolean matches(Value value, Value pattern) {
        Pattern p = pattern.regex();
        if (p == null && pattern.string() != null) {
            // GitLab 15.0+: the right side may be a variable whose value is a /regex/.
            p = regexLiteral(pattern.string());
        }
        if (p == null) {
            throw error("the right side of =~ / !~ is not a /regex/");
        }
        return value.string() != null && p.matcher(value.string()).find();
    }

    private Pattern regexLiteral(String s) {
        int end = s.lastIndexOf('/');
        if (!s.startsWith("/") || end <= 0) {
            return null;
        }
        String flags = s.substring(end + 1);
        return Pattern.compile(s.substring(1, end), flags.contains("i") ? Pattern.CASE_INSENSITIVE : 0);
    }

    private Value operand(Map<String, String> vars) {
        if (pos >= tokens.size()) {
            throw error("an operand is missing at the end");
        }
        Token t = tokens.get(pos++);
        return switch (t.kind()) {
            case VARIABLE -> new Value(vars.get(t.text()), null);
            case STRING -> new Value(t.text(), null);
            case NULL -> new Value(null, null);
            case REGEX -> new Value(null, Pattern.compile(t.text(),
                    t.flags().contains("i") ? Pattern.CASE_INSENSITIVE : 0));
            default -> throw error("an operand was expected, not '" + t.text() + "'");
        };
    }

    private boolean peekOp(String op) {
        return pos < tokens.size() && tokens.get(pos).kind() == Kind.OP && tokens.get(pos).text().equals(op);
    }

    private void expect(Kind kind) {
        if (pos >= tokens.size() || tokens.get(pos).kind() != kind) {
            throw error("expected " + kind);
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("rules:if '" + text + "': " + what);
    }

    private List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '$') {
                int start = ++i;
                boolean braced = i < s.length() && s.charAt(i) == '{';
                if (braced) {
                    start = ++i;
                }
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                if (i == start) {
                    throw error("'$' without a variable name");
                }
                out.add(new Token(Kind.VARIABLE, s.substring(start, i), ""));
                if (braced) {
                    if (i >= s.length() || s.charAt(i) != '}') {
                        throw error("unclosed ${");
                    }
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw error("unclosed string");
                }
                out.add(new Token(Kind.STRING, s.substring(i + 1, end), ""));
                i = end + 1;
            } else if (c == '/') {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) != '/') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                if (end >= s.length()) {
                    throw error("unclosed /regex/");
                }
                int flagsEnd = end + 1;
                while (flagsEnd < s.length() && Character.isLetter(s.charAt(flagsEnd))) {
                    flagsEnd++;
                }
                out.add(new Token(Kind.REGEX, s.substring(i + 1, end), s.substring(end + 1, flagsEnd)));
                i = flagsEnd;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", ""));
                i++;
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", ""));
                i++;
            } else if (s.startsWith("null", i)) {
                out.add(new Token(Kind.NULL, "null", ""));
                i += 4;
            } else {
                String op = null;
                for (String o : List.of("==", "!=", "=~", "!~", "&&", "||")) {
                    if (s.startsWith(o, i)) {
                        op = o;
                    }
                }
                if (op == null) {
                    throw error("unsupported syntax at '" + s.substring(i) + "'");
                }
                out.add(new Token(Kind.OP, op, ""));
                i += 2;
            }
        }
        return out;
    }
}
