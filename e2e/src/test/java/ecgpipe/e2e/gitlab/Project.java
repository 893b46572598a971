package ecgpipe.e2e.gitlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The GitLab project a pipeline runs for: a git repository that jobs clone (CI_REPOSITORY_URL), the commit and
 * branch of the pipeline. {@link #snapshot} makes one from the working tree under test, uncommitted changes
 * included (the pipeline must test the files as they are, not the last commit), without touching that tree's
 * own repository: a separate git directory and index, the tree's .gitignore deciding what belongs.
 */
record Project(Path repository, String path, String branch, String defaultBranch, String commitSha) {

    /** Commits the working tree {@code tree} into a new repository under {@code dir}, on {@code branch}. */
    static Project snapshot(Path tree, Path dir, String path, String branch, String defaultBranch)
            throws IOException, InterruptedException {
        Path git = dir.resolve("project.git");
        Files.createDirectories(dir);
        run(dir, List.of("git", "init", "-q", "--bare", "--initial-branch", branch, git.toString()));
        List<String> g = List.of("git", "--git-dir=" + git, "--work-tree=" + tree);
        run(tree, concat(g, "add", "-A", "."));
        run(tree, concat(g, "-c", "user.name=ecgpipe harness", "-c", "user.email=harness@ecgpipe.invalid",
                "commit", "-q", "--no-verify", "-m", "snapshot of the working tree under test"));
        String sha = run(tree, concat(g, "rev-parse", "HEAD")).strip();
        // The default branch exists too (GitLab projects always have it), at the same commit.
        if (!branch.equals(defaultBranch)) {
            run(tree, concat(g, "branch", defaultBranch, sha));
        }
        return new Project(git, path, branch, defaultBranch, sha);
    }

    /** GitLab's predefined variables of a pipeline for this project. */
    Map<String, String> predefined(String source, long pipelineId) {
        Map<String, String> v = new java.util.LinkedHashMap<>();
        v.put("CI", "true");
        v.put("GITLAB_CI", "true");
        v.put("CI_SERVER", "yes");
        v.put("CI_SERVER_URL", "https://gitlab.invalid");
        v.put("CI_PIPELINE_SOURCE", source);
        v.put("CI_PIPELINE_ID", Long.toString(pipelineId));
        v.put("CI_PIPELINE_IID", Long.toString(pipelineId % 1000));
        v.put("CI_COMMIT_SHA", commitSha);
        v.put("CI_COMMIT_SHORT_SHA", commitSha.substring(0, 8));
        v.put("CI_COMMIT_BRANCH", branch);
        v.put("CI_COMMIT_REF_NAME", branch);
        v.put("CI_COMMIT_REF_SLUG", slug(branch));
        v.put("CI_DEFAULT_BRANCH", defaultBranch);
        v.put("CI_PROJECT_PATH", path);
        v.put("CI_PROJECT_PATH_SLUG", slug(path));
        v.put("CI_PROJECT_NAME", path.substring(path.lastIndexOf('/') + 1));
        v.put("CI_PROJECT_NAMESPACE", path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "");
        v.put("CI_REPOSITORY_URL", repository.toUri().toString());
        return v;
    }

    /** GitLab's slugs: lowercase, runs of anything but a-z0-9 become '-', at most 63 characters, no '-' at the ends. */
    static String slug(String s) {
        String x = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        x = x.length() > 63 ? x.substring(0, 63) : x;
        return x.replaceAll("^-+|-+$", "");
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }

    private static String run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        // Leave the user's git configuration and hooks out of it.
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
