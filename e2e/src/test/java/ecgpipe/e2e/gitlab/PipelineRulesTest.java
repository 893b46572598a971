package ecgpipe.e2e.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which jobs GitLab creates from our {@code .gitlab-ci.yml} for a given trigger and branch (workflow and job
 * rules), and the harness's reading of GitLab's rule expressions, variable expansion and {@code parallel:}.
 */
class PipelineRulesTest {
    private static final Project PROJECT = new Project(Path.of("/nonexistent.git"), "group/ecg-pipeline", "main",
            "main", "0123456789abcdef0123456789abcdef01234567");
    private static final Map<String, String> HEROKU = Map.of("HEROKU_API_KEY", "k", "HEROKU_APP", "ecg-app");

    private static PipelinePlan plan(Project p, String source, Map<String, String> vars) throws Exception {
        return PipelinePlan.of(CiFile.load(GitlabCiValidityTest.CI_FILE), p.predefined(source, 42), vars);
    }

    @Test
    void aPushCreatesNoPipeline() throws Exception {
        PipelinePlan push = plan(PROJECT, "push", HEROKU);
        assertFalse(push.created);
        assertEquals(List.of(), push.jobs);
        assertFalse(plan(PROJECT, "merge_request_event", HEROKU).created);
    }

    @Test
    void webScheduleApiAndTriggerRunTheWholePipelineOnTheDefaultBranch() throws Exception {
        for (String source : List.of("web", "schedule", "api", "trigger")) {
            PipelinePlan p = plan(PROJECT, source, HEROKU);
            assertTrue(p.created, source);
            assertEquals(List.of("build", "download", "convert 1/4", "convert 2/4", "convert 3/4", "convert 4/4",
                    "analyze 1/4", "analyze 2/4", "analyze 3/4", "analyze 4/4", "dashboard", "deploy"), p.names(), source);
        }
    }

    @Test
    void deployNeedsTheDefaultBranchTheKeyAndTheApp() throws Exception {
        Project feature = new Project(PROJECT.repository(), PROJECT.path(), "feature/x", "main", PROJECT.commitSha());
        assertFalse(plan(feature, "web", HEROKU).names().contains("deploy"));
        assertTrue(plan(feature, "web", HEROKU).names().contains("dashboard"));
        assertFalse(plan(PROJECT, "web", Map.of()).names().contains("deploy"));
        assertFalse(plan(PROJECT, "web", Map.of("HEROKU_APP", "ecg-app")).names().contains("deploy"));
        assertFalse(plan(PROJECT, "web", Map.of("HEROKU_API_KEY", "k")).names().contains("deploy"));
        assertFalse(plan(PROJECT, "web", Map.of("HEROKU_API_KEY", "", "HEROKU_APP", "ecg-app")).names().contains("deploy"));
    }

    @Test
    void jobsWaitForTheirNeedsAndEveryShard() throws Exception {
        PipelinePlan p = plan(PROJECT, "web", HEROKU);
        PlannedJob analyze = p.jobs.stream().filter(j -> j.name().equals("analyze 3/4")).findFirst().orElseThrow();
        assertEquals(List.of("build", "convert 1/4", "convert 2/4", "convert 3/4", "convert 4/4"), analyze.dependsOn());
        Map<String, String> vars = CiVariables.expandAll(analyze.variables());
        assertEquals("3", vars.get("CI_NODE_INDEX"));
        assertEquals("4", vars.get("CI_NODE_TOTAL"));
        assertEquals("-c 1 --mem 768M -t 15:0", vars.get("SCHEDULER_PARAMETERS"));
    }

    @Test
    void pipelineVariablesWinOverTheFilesAndExpandInside() throws Exception {
        Map<String, String> given = new LinkedHashMap<>(HEROKU);
        given.put("SCRATCH", "/scratch/users/me");
        PipelinePlan p = plan(PROJECT, "web", given);
        Map<String, String> v = CiVariables.expandAll(p.jobs.get(1).variables());
        assertEquals("/scratch/users/me/ecgpipe/42", v.get("DATA_ROOT"));
        given.put("DATA_ROOT", "/data/$DATASET");
        assertEquals("/data/mitdb", CiVariables.expandAll(plan(PROJECT, "web", given).jobs.get(1).variables()).get("DATA_ROOT"));
    }

    @Test
    void ruleExpressionsFollowGitlabsDocumentedSemantics() {
        Map<String, String> v = Map.of("A", "main", "B", "main", "EMPTY", "", "TAG", "v1.2", "RE", "/^v\\d/");
        assertTrue(RuleExpression.evaluate("$A == $B", v));
        assertTrue(RuleExpression.evaluate("$A == \"main\" && $B != 'dev'", v));
        assertFalse(RuleExpression.evaluate("$EMPTY", v));
        assertFalse(RuleExpression.evaluate("$UNDEFINED", v));
        assertTrue(RuleExpression.evaluate("$UNDEFINED == null", v));
        assertFalse(RuleExpression.evaluate("$EMPTY == null", v));
        assertTrue(RuleExpression.evaluate("$TAG =~ /^V1/i", v));
        assertTrue(RuleExpression.evaluate("$TAG =~ $RE", v));
        assertTrue(RuleExpression.evaluate("$TAG !~ /^x/", v));
        // && binds tighter than ||; parentheses change it.
        assertTrue(RuleExpression.evaluate("$A == \"x\" && $B || $TAG", v));
        assertFalse(RuleExpression.evaluate("$A == \"x\" && ($B || $TAG)", v));
        assertThrows(IllegalArgumentException.class, () -> RuleExpression.evaluate("$A = \"main\"", v));
        assertThrows(IllegalArgumentException.class, () -> RuleExpression.evaluate("($A", v));
    }

    @Test
    void variablesExpandLikeTheRunnerExpandsThem() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("ROOT", "$BASE/x");
        raw.put("BASE", "${HOME_DIR}/b");
        raw.put("HOME_DIR", "/h");
        raw.put("PRICE", "$$5");
        raw.put("LOOP", "a$LOOP");
        raw.put("UNSET_REF", "[$NOPE]");
        Map<String, String> v = CiVariables.expandAll(raw);
        assertEquals("/h/b/x", v.get("ROOT"));
        assertEquals("$5", v.get("PRICE"));
        assertEquals("a$LOOP", v.get("LOOP"));
        assertEquals("[]", v.get("UNSET_REF"));
    }

    @Test
    void parallelMatrixMakesOneJobPerCombination() {
        CiFile f = CiFile.parse("""
                stages: [convert]
                convert:
                  stage: convert
                  parallel:
                    matrix:
                      - DATASET: [dset01, dset02]
                        SHARD: ["1", "2"]
                  script: [echo $DATASET $SHARD]
                """);
        List<JobDefinition.Instance> jobs = f.jobs.get("convert").parallel();
        assertEquals(List.of(": [dset01, 1]", ": [dset01, 2]", ": [dset02, 1]", ": [dset02, 2]"),
                jobs.stream().map(JobDefinition.Instance::suffix).toList());
        assertEquals("dset02", jobs.get(3).variables().get("DATASET"));
        assertEquals("4", jobs.get(3).variables().get("CI_NODE_INDEX"));
    }

    @Test
    void keywordsTheHarnessDoesNotImplementAreRefusedNotIgnored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CiFile.parse("""
                j:
                  script: [true]
                  only: [main]
                """));
        assertTrue(e.getMessage().contains("only"), e.getMessage());
    }
}
