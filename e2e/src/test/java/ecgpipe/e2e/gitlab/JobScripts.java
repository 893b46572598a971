package ecgpipe.e2e.gitlab;

import ecgpipe.e2e.gitlab.JobDefinition.Cache;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bash scripts GitLab Runner hands to {@code run_exec}, one per sub-stage, in its order. Like the runner's
 * own, each exports the job's variables and stops at the first failing command ({@code set -eo pipefail});
 * {@code step_script} echoes each command before running it, as the job log shows it. Where the runner calls its
 * helper binary (git, cache and artifact transfers), these scripts do the same with git and cp: the repository
 * is cloned from the project's URL, the cache and the artifacts are directories (filled with hard links
 * where the file system allows, copies elsewhere).
 */
final class JobScripts {
    /** The runner's sub-stages, in the order it runs them. */
    static final List<String> BEFORE_STEP = List.of("prepare_script", "get_sources", "restore_cache",
            "download_artifacts");

    private final PlannedJob job;
    private final Map<String, String> variables;
    private final Optional<Path> cacheDir;
    private final Path artifactDir;
    private final List<Path> dependencyArtifacts;

    /**
     * @param variables            the job's variables after expansion (CI_PROJECT_DIR included)
     * @param cacheDir             where this job's cache key lives, when it has a cache
     * @param artifactDir          where this job's artifacts go (files/ and the dotenv report)
     * @param dependencyArtifacts  the artifact directories of the jobs it depends on, in order
     */
    JobScripts(PlannedJob job, Map<String, String> variables, Optional<Path> cacheDir, Path artifactDir,
               List<Path> dependencyArtifacts) {
        this.job = job;
        this.variables = variables;
        this.cacheDir = cacheDir;
        this.artifactDir = artifactDir;
        this.dependencyArtifacts = dependencyArtifacts;
    }

    String script(String subStage) {
        StringBuilder s = new StringBuilder("#!/usr/bin/env bash\n# ").append(job.name()).append(": ")
                .append(subStage).append("\nset -eo pipefail\nset +o noclobber\n");
        variables.forEach((k, v) -> {
            if (k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                s.append("export ").append(k).append('=').append(quote(v)).append('\n');
            }
        });
        s.append(switch (subStage) {
            case "prepare_script" -> "echo \"Running on $(hostname -s) (job " + job.name().replace("\"", "") + ")...\"\n";
            case "get_sources" -> getSources();
            case "restore_cache" -> restoreCache();
            case "download_artifacts" -> downloadArtifacts();
            case "step_script" -> commands(job.definition().beforeScript(), job.definition().script());
            case "after_script" -> "set +e\n" + commands(List.of(), job.definition().afterScript());
            case "archive_cache" -> archiveCache();
            case "upload_artifacts_on_success", "upload_artifacts_on_failure" -> uploadArtifacts();
            case "cleanup_file_variables" -> "rm -rf \"$CI_PROJECT_DIR.tmp\"\n";
            default -> throw new IllegalArgumentException(subStage);
        });
        return s.toString();
    }

    private static String commands(List<String> before, List<String> script) {
        StringBuilder s = new StringBuilder("cd \"$CI_PROJECT_DIR\"\n");
        for (List<String> part : List.of(before, script)) {
            for (String line : part) {
                s.append("echo ").append(quote("\u001b[32;1m$ " + line + "\u001b[0;m")).append('\n');
                s.append(line).append('\n');
            }
        }
        return s.toString();
    }

    /** GIT_STRATEGY fetch (the default): reuse the clone if there is one, check out the commit, clean it. */
    private static String getSources() {
        return """
                if [ "${GIT_STRATEGY:-fetch}" = none ]; then echo "Skipping Git repository setup"; exit 0; fi
                echo "Fetching changes with git depth set to ${GIT_DEPTH:-all}..."
                mkdir -p "$(dirname "$CI_PROJECT_DIR")"
                if [ -d "$CI_PROJECT_DIR/.git" ] && [ "${GIT_STRATEGY:-fetch}" = fetch ]; then
                  echo "Reinitialized existing Git repository in $CI_PROJECT_DIR/.git/"
                  git -C "$CI_PROJECT_DIR" remote set-url origin "$CI_REPOSITORY_URL"
                  git -C "$CI_PROJECT_DIR" fetch -q --prune origin '+refs/heads/*:refs/remotes/origin/*'
                else
                  echo "Initialized empty Git repository in $CI_PROJECT_DIR/.git/"
                  rm -rf "$CI_PROJECT_DIR"
                  git clone -q --no-checkout "$CI_REPOSITORY_URL" "$CI_PROJECT_DIR"
                fi
                cd "$CI_PROJECT_DIR"
                echo "Checking out ${CI_COMMIT_SHA:0:8} as detached HEAD (ref is $CI_COMMIT_REF_NAME)..."
                git -c advice.detachedHead=false checkout -f -q "$CI_COMMIT_SHA"
                git clean ${GIT_CLEAN_FLAGS:--ffdx} -q
                """;
    }

    private String restoreCache() {
        if (cacheDir.isEmpty() || job.definition().cache().orElseThrow().policy().equals("push")) {
            return "";
        }
        Cache c = job.definition().cache().get();
        StringBuilder s = new StringBuilder("cd \"$CI_PROJECT_DIR\"\nsrc=").append(quote(cacheDir.get().toString()))
                .append("\nif [ ! -d \"$src\" ]; then echo \"WARNING: cache key ").append(c.key())
                .append(" not found: starting without it\"; exit 0; fi\necho \"Restoring cache ").append(c.key())
                .append("...\"\n");
        for (String p : c.paths()) {
            s.append("if [ -e \"$src/").append(p).append("\" ]; then rm -rf ").append(quote(p))
                    .append("; mkdir -p \"$(dirname ").append(quote(p)).append(")\"; ").append(linkOrCopy("\"$src/" + p + "\"", quote(p)))
                    .append("; fi\n");
        }
        return s.toString();
    }

    private String archiveCache() {
        Cache c = job.definition().cache().orElseThrow();
        StringBuilder s = new StringBuilder("cd \"$CI_PROJECT_DIR\"\ndst=").append(quote(cacheDir.orElseThrow().toString()))
                .append("\necho \"Creating cache ").append(c.key()).append("...\"\nrm -rf \"$dst.new\"; mkdir -p \"$dst.new\"\n");
        for (String p : c.paths()) {
            s.append("if [ -e ").append(quote(p)).append(" ]; then mkdir -p \"$(dirname \"$dst.new/").append(p)
                    .append("\")\"; ").append(linkOrCopy(quote(p), "\"$dst.new/" + p + "\"")).append("; else echo \"WARNING: ")
                    .append(p).append(": no matching files\"; fi\n");
        }
        // Replace the old cache in one rename, so that a concurrent restore sees the old or the new one.
        s.append("rm -rf \"$dst.old\"; if [ -d \"$dst\" ]; then mv \"$dst\" \"$dst.old\"; fi; mv \"$dst.new\" \"$dst\"; rm -rf \"$dst.old\"\n");
        s.append("echo \"Created cache\"\n");
        return s.toString();
    }

    private String downloadArtifacts() {
        StringBuilder s = new StringBuilder("cd \"$CI_PROJECT_DIR\"\n");
        for (Path dep : dependencyArtifacts) {
            s.append("if [ -d ").append(quote(dep.resolve("files").toString())).append(" ]; then echo ")
                    .append(quote("Downloading artifacts of " + dep.getFileName() + "...")).append("; ")
                    .append(linkOrCopy(quote(dep.resolve("files").toString()) + "/.", ".")).append("; fi\n");
        }
        return s.toString();
    }

    private String uploadArtifacts() {
        JobDefinition.Artifacts a = job.definition().artifacts();
        StringBuilder s = new StringBuilder("cd \"$CI_PROJECT_DIR\"\nshopt -s nullglob globstar\ndst=")
                .append(quote(artifactDir.toString())).append("\nmkdir -p \"$dst/files\"\necho \"Uploading artifacts...\"\n");
        for (String p : a.paths()) {
            s.append("found=0; for f in ").append(p.replace(" ", "\\ ")).append("; do found=1; ")
                    .append("mkdir -p \"$dst/files/$(dirname \"$f\")\"; cp -a \"$f\" \"$dst/files/$f\"; echo \"$f: found\"; done\n")
                    .append("[ $found = 1 ] || echo \"WARNING: ").append(p).append(": no matching files\"\n");
        }
        a.dotenv().ifPresent(d -> s.append("if [ -f ").append(quote(d)).append(" ]; then cp ").append(quote(d))
                .append(" \"$dst/dotenv\"; echo \"Uploading artifacts as \\\"dotenv\\\"...\"; else echo \"WARNING: ")
                .append(d).append(": no matching files\"; fi\n"));
        return s.toString();
    }

    /** cp -al (hard links: instant, no space) where source and target share a file system, else cp -a. */
    private static String linkOrCopy(String from, String to) {
        return "{ cp -al " + from + " " + to + " 2>/dev/null || cp -a " + from + " " + to + "; }";
    }

    /** Bash's $'...' quoting: any value, newlines and quotes included, comes back byte for byte. */
    static String quote(String v) {
        StringBuilder q = new StringBuilder("$'");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> q.append("\\\\");
                case '\'' -> q.append("\\'");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('\'').toString();
    }
}
