package ecgpipe.deploy;

import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds the dashboard's fat jar, the one program the Heroku app runs. The stages never depend on each
 * other's code, only on files, so the jar is looked up where the build leaves it: below the working
 * directory (the usual case, run from the repository root) or relative to this deploy jar's own location
 * (run from anywhere with {@code java -jar /path/to/repo/deploy/target/deploy.jar}).
 */
final class DashboardJar {
    static final Path RELATIVE_TO_ROOT = Path.of("dashboard", "target", "dashboard.jar");

    private DashboardJar() {
    }

    /**
     * The jar to deploy: {@code explicit} when given, else the first existing default.
     *
     * @param ownJar where this program's jar lives, empty when running from classes
     */
    static Path locate(Path explicit, Path workingDir, Optional<Path> ownJar) {
        List<Path> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(explicit);
        } else {
            candidates.add(workingDir.resolve(RELATIVE_TO_ROOT));
            // deploy/target/deploy.jar -> ../../dashboard/target/dashboard.jar
            ownJar.map(Path::getParent).map(dir -> dir.resolve("..").resolve("..").resolve(RELATIVE_TO_ROOT))
                    .ifPresent(candidates::add);
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                Path jar = c.toAbsolutePath().normalize();
                requireRunnable(jar);
                return jar;
            }
        }
        throw PipelineException.inputMissing("dashboard jar not found (looked for "
                + String.join(", ", candidates.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList())
                + "): build it with './mvnw -pl dashboard package' or pass --dashboard-jar");
    }

    /** Where the running deploy code was loaded from, if it is a jar file. */
    static Optional<Path> ownJar() {
        try {
            var source = DashboardJar.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code java -jar} needs a Main-Class; a jar without one would only fail on Heroku, after the push. */
    private static void requireRunnable(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest m = jf.getManifest();
            String main = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (main == null || main.isBlank()) {
                throw PipelineException.badInput(jar + ": not an executable jar (no Main-Class in its manifest)");
            }
        } catch (IOException e) {
            throw PipelineException.badInput(jar + ": not a readable jar file (" + e.getMessage() + ")");
        }
    }
}
