package ecgpipe.e2e.gitlab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One entry of {@code rules:} (a job's or {@code workflow:}'s): an optional {@code if:} and a {@code when:}. */
record Rule(Optional<String> condition, String when) {

    static Rule parse(Object entry) {
        if (!(entry instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("a rule must be a mapping, not " + entry);
        }
        for (Object key : m.keySet()) {
            if (!List.of("if", "when").contains(key)) {
                // changes:, exists:, variables: ... are not used by our file; refuse rather than ignore them.
                throw new IllegalArgumentException("rules: '" + key + "' is not supported by the harness");
            }
        }
        return new Rule(Optional.ofNullable((String) m.get("if")),
                m.get("when") == null ? "on_success" : m.get("when").toString());
    }

    /**
     * GitLab's rule evaluation: the first rule whose {@code if} holds (or that has none) decides; its
     * {@code when} is the result. No rule matching means "never".
     */
    static String decide(List<Rule> rules, Map<String, String> variables) {
        for (Rule r : rules) {
            if (r.condition().map(c -> RuleExpression.evaluate(c, variables)).orElse(true)) {
                return r.when();
            }
        }
        return "never";
    }
}
