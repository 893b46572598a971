package ecgpipe.e2e.gitlab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job of {@code .gitlab-ci.yml} as written (before {@code parallel:} makes several of it), with
 * {@code default:} already applied to the keywords it covers.
 *
 * @param needs          empty when the job has no {@code needs:} (it then waits for every earlier stage)
 * @param parallel       the jobs {@code parallel:} makes: one variable set per job ({@code CI_NODE_INDEX}/
 *                       {@code CI_NODE_TOTAL} for {@code parallel: N}, the combination for a matrix), each with
 *                       the name suffix GitLab gives it; a single empty set for a job without {@code parallel:}
 * @param rules          empty when the job has no {@code rules:} (it always runs, {@code when: on_success})
 */
record JobDefinition(String name, String stage, List<String> beforeScript, List<String> script,
                     List<String> afterScript, Map<String, VariableValue> variables, Optional<List<String>> needs,
                     List<Instance> parallel, List<Rule> rules, Artifacts artifacts, Optional<Cache> cache,
                     Retry retry, boolean interruptible, Optional<String> resourceGroup,
                     Optional<Environment> environment, List<String> tags) {

    /** A variable's value and whether GitLab expands variables inside it ({@code expand: false} = raw). */
    record VariableValue(String value, boolean expand) {
    }

    /** One job that {@code parallel:} makes: its name suffix and its own variables. */
    record Instance(String suffix, Map<String, String> variables) {
    }

    /** {@code artifacts:}; {@code dotenv} is the {@code reports: dotenv:} file. */
    record Artifacts(List<String> paths, Optional<String> expireIn, Optional<String> dotenv, String when) {
        static final Artifacts NONE = new Artifacts(List.of(), Optional.empty(), Optional.empty(), "on_success");

        boolean any() {
            return !paths.isEmpty() || dotenv.isPresent();
        }
    }

    record Cache(String key, List<String> paths, String policy) {
    }

    record Retry(int max, List<Integer> exitCodes) {
        static final Retry NONE = new Retry(0, List.of());

        /** GitLab retries a failed job when attempts remain and (with exit_codes) its exit code is listed. */
        boolean retries(int attempt, int exitCode) {
            return attempt <= max && (exitCodes.isEmpty() || exitCodes.contains(exitCode));
        }
    }

    record Environment(String name, Optional<String> url) {
    }
}
