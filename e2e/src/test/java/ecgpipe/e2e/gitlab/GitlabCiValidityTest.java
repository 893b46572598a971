package ecgpipe.e2e.gitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import ecgpipe.common.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .gitlab-ci.yml} is valid for GitLab: against GitLab's official JSON schema (the file GITLAB_CI_SCHEMA
 * names; GitLab's own check before it creates a pipeline), and for gitlab-ci-local, which resolves it as
 * GitLab does ({@code --preview}). Each check is first shown to catch a broken file.
 */
class GitlabCiValidityTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path CI_FILE = ROOT.resolve(".gitlab-ci.yml");

    @TempDir Path tmp;

    private static Schema gitlabSchema() throws Exception {
        String path = System.getenv("GITLAB_CI_SCHEMA");
        Prerequisites.require(path != null && Files.isRegularFile(Path.of(path)),
                "GITLAB_CI_SCHEMA does not name GitLab's CI schema (../shared/gitlab-ci.schema.json)");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(Files.readString(Path.of(path)), InputFormat.JSON);
    }

    @Test
    void theFileIsValidAgainstGitlabsSchema() throws Exception {
        Schema schema = gitlabSchema();
        List<Error> errors = schema.validate(Files.readString(CI_FILE), InputFormat.YAML);
        assertEquals(List.of(), errors.stream().map(Error::toString).toList());
    }

    @Test
    void theSchemaCatchesMistakesOurFileCouldMake() throws Exception {
        Schema schema = gitlabSchema();
        String good = Files.readString(CI_FILE);
        // retry allows at most 2; "parallel" at most 200; an unknown job keyword is refused.
        for (String broken : List.of(good.replace("    max: 1\n", "    max: 5\n"),
                good.replace("  parallel: 4\n", "  parallel: 500\n"),
                good.replace("  interruptible: false\n", "  interruptable: false\n"))) {
            assertFalse(broken.equals(good), "the mutation did not apply: the file changed shape");
            assertFalse(schema.validate(broken, InputFormat.YAML).isEmpty(), "schema accepted a broken file");
        }
    }

    @Test
    void gitlabCiLocalResolvesTheFile() throws Exception {
        String tools = System.getenv("ECGPIPE_NODE_TOOLS");
        Path glc = tools == null ? null : Path.of(tools, ".bin", "gitlab-ci-local");
        Prerequisites.require(glc != null && Files.isExecutable(glc),
                "ECGPIPE_NODE_TOOLS/.bin/gitlab-ci-local is missing (npm install gitlab-ci-local@4.73.0; .ci/run does it)");
        // It needs a git repository: a clone of a snapshot of the working tree, never the tree itself.
        Project p = Project.snapshot(ROOT, tmp.resolve("snap"), "ecgpipe/ecg-pipeline", "main", "main");
        Path clone = tmp.resolve("clone");
        assertEquals(0, run(List.of("git", "clone", "-q", p.repository().toString(), clone.toString()), tmp).code());
        Run r = run(List.of(glc.toString(), "--preview"), clone);
        assertEquals(0, r.code(), r.out());
        for (String job : List.of("build:", "download:", "convert:", "analyze:", "dashboard:", "deploy:")) {
            assertTrue(r.out().contains("\n" + job), job + " missing from the preview:\n" + r.out());
        }
        assertTrue(r.out().contains("json schema validated"), r.out());

        // The same tool refuses a file with an error GitLab would refuse (a job in a stage that does not exist).
        Files.writeString(clone.resolve(".gitlab-ci.yml"),
                Files.readString(CI_FILE).replace("  stage: deploy\n", "  stage: deliver\n"));
        assertTrue(run(List.of(glc.toString(), "--preview"), clone).code() != 0);
    }

    @Test
    void everyJobIsSizedAndEveryArtifactExpires() throws Exception {
        CiFile file = CiFile.load(CI_FILE);
        assertEquals(List.of("build", "download", "convert", "analyze", "dashboard", "deploy"), file.stages);
        for (JobDefinition j : file.jobs.values()) {
            assertTrue(j.variables().containsKey("SCHEDULER_PARAMETERS"), j.name() + " has no SCHEDULER_PARAMETERS");
            assertTrue(j.variables().get("SCHEDULER_PARAMETERS").value().matches(".*--mem \\S+.*-t \\S+.*"),
                    j.name() + ": SCHEDULER_PARAMETERS must ask for memory and time");
            assertTrue(j.artifacts().paths().isEmpty() && j.artifacts().dotenv().isEmpty()
                    || j.artifacts().expireIn().isPresent(), j.name() + ": artifacts without expire_in");
            // Only "temporary failure" (75 in docs/exit-codes.md) is worth a retry.
            assertEquals(List.of(75), j.retry().exitCodes(), j.name());
        }
        JobDefinition deploy = file.jobs.get("deploy");
        assertFalse(deploy.interruptible());
        assertTrue(file.jobs.get("build").interruptible());
        assertEquals("heroku-production", deploy.resourceGroup().orElseThrow());
        assertEquals("production", deploy.environment().orElseThrow().name());
        assertEquals(4, file.jobs.get("convert").parallel().size());
        assertEquals(Map.of("CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "4"), file.jobs.get("analyze").parallel().get(1).variables());
    }

    record Run(int code, String out) {
    }

    static Run run(List<String> cmd, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish");
        }
        return new Run(p.exitValue(), out);
    }
}
