package ecgpipe.e2e.gitlab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GitLab's expansion of variables inside variables (as the runner does before a job starts): {@code $NAME} and
 * {@code ${NAME}} take the value of another variable, itself expanded; {@code $$} is a literal {@code $}; a
 * name that is not a job variable expands to the empty string (the runner expands from the job's variables
 * only, not from its own process environment). A variable that refers to itself, directly or not, keeps the
 * reference unexpanded instead of looping.
 */
final class CiVariables {
    private CiVariables() {
    }

    /** Every value of {@code raw} expanded against {@code raw}, in the same order. */
    static Map<String, String> expandAll(Map<String, String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : raw.keySet()) {
            out.put(name, expand(raw.get(name), raw, new java.util.HashSet<>(java.util.Set.of(name))));
        }
        return out;
    }

    /** {@code text} with the variables of {@code vars} (expanded themselves) substituted. */
    static String expand(String text, Map<String, String> vars) {
        return expand(text, vars, new java.util.HashSet<>());
    }

    private static String expand(String text, Map<String, String> vars, java.util.Set<String> visiting) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            boolean braced = next == '{';
            int start = braced ? i + 2 : i + 1;
            int end = start;
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                end++;
            }
            if (end == start || braced && (end >= text.length() || text.charAt(end) != '}')) {
                out.append(c);
                i++;
                continue;
            }
            String name = text.substring(start, end);
            int after = braced ? end + 1 : end;
            if (visiting.contains(name)) {
                out.append(text, i, after);
            } else {
                String value = vars.get(name);
                if (value != null) {
                    visiting.add(name);
                    out.append(expand(value, vars, visiting));
                    visiting.remove(name);
                }
            }
            i = after;
        }
        return out.toString();
    }
}
