package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardJarTest {
    @TempDir
    Path work;

    @Test
    void isFoundRelativeToTheDeployJarFromAnyWorkingDirectory() throws Exception {
        Path repo = work.resolve("repo");
        Path deployJar = Files.createDirectories(repo.resolve("deploy/target")).resolve("deploy.jar");
        Files.writeString(deployJar, "stands for the running deploy jar");
        Path dashboard = FixtureDashboards.jar(work, "Healthy", FixtureDashboards.HEALTHY);
        Path expected = Files.createDirectories(repo.resolve("dashboard/target")).resolve("dashboard.jar");
        Files.copy(dashboard, expected);
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));

        assertEquals(expected, DashboardJar.locate(null, elsewhere, Optional.of(deployJar)));
    }

    @Test
    void aFileThatIsNotARunnableJarIsBadInput() throws Exception {
        Path text = work.resolve("dashboard.jar");
        Files.writeString(text, "not a zip");
        assertEquals(ExitCode.BAD_INPUT, assertThrows(PipelineException.class,
                () -> DashboardJar.locate(text, work, Optional.empty())).exitCode());

        Path noMain = work.resolve("library.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(noMain); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new JarEntry("x.txt"));
            jar.write('x');
        }
        PipelineException e = assertThrows(PipelineException.class,
                () -> DashboardJar.locate(noMain, work, Optional.empty()));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals(noMain + ": not an executable jar (no Main-Class in its manifest)", e.getMessage());
    }
}
