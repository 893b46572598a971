package ecgpipe.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What a deploy is made from, for its commit message: the pipeline repository's commit and the dataset.
 * In GitLab CI the commit is {@code CI_COMMIT_SHA}; by hand it is the HEAD of the repository the command
 * runs in, with "+dirty" never guessed: an unknown commit is said to be unknown.
 */
record SourceInfo(String commit, String dataset) {
    static final String UNKNOWN = "unknown";

    static SourceInfo of(Map<String, String> env, Path workingDir, Optional<String> sourceCommit, String dataset) {
        String commit = sourceCommit.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(env.get("CI_COMMIT_SHA")).filter(s -> !s.isBlank()))
                .or(() -> headOf(workingDir))
                .orElse(UNKNOWN);
        return new SourceInfo(commit.strip(), dataset);
    }

    private static Optional<String> headOf(Path dir) {
        FileRepositoryBuilder b = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toFile());
        if (b.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = b.build()) {
            return Optional.ofNullable(repo.resolve("HEAD")).map(ObjectId::name);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
