package ecgpipe.e2e.gitlab;

import java.util.List;
import java.util.Map;

/**
 * A job of a pipeline as GitLab creates it: one {@code parallel:} instance of a {@link JobDefinition} whose rules
 * let it in, with its variables before the runner's expansion (pipeline's, file's, job's, the instance's).
 *
 * @param dependsOn the jobs it waits for: its {@code needs} (every instance of a parallel one), else every job of
 *                  the earlier stages; their artifacts are the ones it downloads
 */
record PlannedJob(String name, JobDefinition definition, Map<String, String> variables, List<String> dependsOn) {
    String stage() {
        return definition.stage();
    }
}
