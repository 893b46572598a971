package ecgpipe.e2e.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's own GitLab semantics, on a small pipeline run with bash (no Slurm, seconds): artifacts and dotenv
 * variables reach the jobs that need them, the project is cloned at the pipeline's commit into GIT_CLONE_PATH,
 * a job is retried only for the exit codes its {@code retry:} lists, a failure skips the later stages, a job whose
 * tags no runner has never starts.
 */
class HarnessTest {
    @TempDir Path tmp;

    private static final String CI = """
            stages: [make, use, last]
            variables:
              GIT_CLONE_PATH: $CI_BUILDS_DIR/$CI_CONCURRENT_ID/$CI_PROJECT_PATH
              GREETING: "hello from $CI_PROJECT_PATH"
            default:
              tags: [$TAG]
              retry: {max: 1, exit_codes: [75]}
            make:
              stage: make
              script:
                - mkdir -p out && echo "$GREETING" > out/x.txt
                - echo "MADE_BY=$CI_JOB_NAME" > make.env
              artifacts:
                expire_in: 1 hour
                paths: [out/]
                reports: {dotenv: make.env}
            use:
              stage: use
              needs: [make]
              script:
                - test "$(cat out/x.txt)" = "hello from group/tiny"
                - test "$MADE_BY" = make
                - test -f marker.txt
                - test "$PWD" = "$CI_PROJECT_DIR"
            flaky:
              stage: use
              needs: [make]
              script:
                - if [ -f "$STATE/once" ]; then echo second try; else touch "$STATE/once"; exit 75; fi
            bad:
              stage: use
              needs: []
              script: [exit 65]
            last:
              stage: last
              script: [echo never]
            """;

    private Pipeline.Result run(String ci, Set<String> runnerTags) throws Exception {
        Prerequisites.tool("git");
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve(".gitlab-ci.yml"), ci);
        Files.writeString(tree.resolve("marker.txt"), "from the repository");
        Project project = Project.snapshot(tree, tmp.resolve("gitlab"), "group/tiny", "main", "main");
        Files.createDirectories(tmp.resolve("state"));
        Pipeline.Runner runner = new Pipeline.Runner(new DirectExecutor(tmp.resolve("shared")), System.getenv(),
                Map.of("STATE", tmp.resolve("state").toString(), "TAG", "FarmShare"), runnerTags, 2,
                Files.createDirectories(tmp.resolve("harness")));
        return new Pipeline(runner).run(CiFile.parse(ci), project, "web", Map.of());
    }

    @Test
    void artifactsDotenvRetriesAndSkipsBehaveAsInGitlab() throws Exception {
        Pipeline.Result r = run(CI, Set.of("FarmShare"));
        assertEquals(List.of("make", "use", "flaky", "bad", "last"), r.jobs().stream().map(JobResult::name).toList());
        assertEquals("success", r.job("make").status(), r.failedLogs());
        assertEquals(Map.of("MADE_BY", "make"), r.job("make").dotenv());
        assertEquals("success", r.job("use").status(), r.failedLogs());
        assertEquals("success", r.job("flaky").status(), r.failedLogs());
        assertEquals(2, r.job("flaky").attempts(), "exit code 75 is retried once");
        assertEquals("failed", r.job("bad").status());
        assertEquals(65, r.job("bad").exitCode().orElseThrow());
        assertEquals(1, r.job("bad").attempts(), "65 is not in retry:exit_codes");
        assertEquals("skipped", r.job("last").status(), "a failure in an earlier stage skips the later ones");
        assertTrue(r.job("use").log().contains("$ test \"$MADE_BY\" = make"), r.job("use").log());
    }

    @Test
    void aJobWhoseTagsNoRunnerHasNeverStarts() throws Exception {
        Pipeline.Result r = run(CI, Set.of("FarmCloud"));
        assertEquals("failed", r.job("make").status());
        assertTrue(r.job("make").failureReason().contains("FarmShare"), r.job("make").failureReason());
        assertEquals("skipped", r.job("use").status());
    }
}
