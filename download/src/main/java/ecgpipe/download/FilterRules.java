package ecgpipe.download;

import ecgpipe.common.PipelineException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code --include} / {@code --exclude} with rclone's semantics, so a user's rclone command line carries over:
 * <ul>
 *   <li>Paths are matched relative to the source prefix ({@code s3://b/recs/} + key {@code recs/x/100.dat}
 *       is matched as {@code x/100.dat}).</li>
 *   <li>Rules are tried in this order: every {@code --include} in the order given, then every
 *       {@code --exclude}; the first rule that matches decides. A path no rule matches is included, unless
 *       there was an {@code --include}: then an implicit final {@code --exclude /**} drops it.</li>
 *   <li>Globs: {@code *} any run of characters except {@code /}; {@code **} anything, {@code /} included;
 *       {@code ?} one character except {@code /}; {@code [a-z]} a character class ({@code [^a-z]} its
 *       complement); {@code {a,b}} either
 *       alternative; {@code \} escapes the next character. A glob starting with {@code /} is anchored at
 *       the prefix; otherwise it matches the end of the path at a {@code /} boundary ({@code *.dat}
 *       matches {@code 100.dat} and {@code x/100.dat}; {@code x/*.dat} matches {@code x/100.dat} and
 *       {@code y/x/100.dat}).</li>
 *   <li>A glob ending in {@code /} names a directory and everything under it ({@code --exclude tmp/} is
 *       {@code --exclude tmp/**}, as in rclone 1.54 and later).</li>
 * </ul>
 */
final class FilterRules {
    private record Rule(boolean include, Pattern pattern, String glob) {
    }

    private final List<Rule> rules;

    private FilterRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** No rules: everything is included. */
    static FilterRules none() {
        return new FilterRules(List.of());
    }

    /** @throws PipelineException (usage) naming the glob when one is malformed */
    static FilterRules of(List<String> includes, List<String> excludes) {
        List<Rule> rules = new ArrayList<>();
        for (String g : includes) {
            rules.add(new Rule(true, compile(g), g));
        }
        for (String g : excludes) {
            rules.add(new Rule(false, compile(g), g));
        }
        if (!includes.isEmpty()) {
            rules.add(new Rule(false, compile("/**"), "/**"));
        }
        return new FilterRules(List.copyOf(rules));
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether {@code relativePath} ('/'-separated, relative to the source prefix) is to be downloaded. */
    boolean includes(String relativePath) {
        for (Rule r : rules) {
            if (r.pattern().matcher(relativePath).matches()) {
                return r.include();
            }
        }
        return true;
    }

    /** The regular expression a glob stands for (package-private for tests). */
    static Pattern compile(String glob) {
        if (glob.isEmpty()) {
            throw PipelineException.usage("empty --include/--exclude pattern");
        }
        String g = glob.endsWith("/") ? glob + "**" : glob;
        StringBuilder re = new StringBuilder();
        if (g.startsWith("/")) {
            g = g.substring(1);
            re.append('^');
        } else {
            re.append("(?:^|.*/)");
        }
        int braces = 0;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= g.length()) {
                        throw bad(glob, "ends with a lone '\\'");
                    }
                    re.append(Pattern.quote(String.valueOf(g.charAt(++i))));
                }
                case '*' -> {
                    int stars = 1;
                    while (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                        stars++;
                        i++;
                    }
                    if (stars > 2) {
                        throw bad(glob, "too many '*' in a row");
                    }
                    re.append(stars == 2 ? ".*" : "[^/]*");
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = g.indexOf(']', i + 1);
                    if (end < 0) {
                        throw bad(glob, "'[' without ']'");
                    }
                    String body = g.substring(i + 1, end);
                    if (body.isEmpty() || body.equals("^")) {
                        throw bad(glob, "empty character class");
                    }
                    re.append('[').append(body.replace("[", "\\[")).append(']');
                    i = end;
                }
                case ']' -> throw bad(glob, "']' without '['");
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw bad(glob, "'}' without '{'");
                    }
                    braces--;
                    re.append(')');
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> {
                    if ("().+|^$".indexOf(c) >= 0) {
                        re.append('\\');
                    }
                    re.append(c);
                }
            }
        }
        if (braces != 0) {
            throw bad(glob, "'{' without '}'");
        }
        re.append('$');
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw bad(glob, e.getDescription());
        }
    }

    private static PipelineException bad(String glob, String why) {
        return PipelineException.usage("bad --include/--exclude pattern '" + glob + "': " + why);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Rule r : rules) {
            b.append(r.include() ? "+ " : "- ").append(r.glob()).append('\n');
        }
        return b.toString();
    }
}
