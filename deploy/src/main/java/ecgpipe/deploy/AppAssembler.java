package ecgpipe.deploy;

import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds the Heroku app directory: the dashboard jar, the data it serves, and the files Heroku's Java
 * buildpack reads (Procfile, system.properties). The directory is built under a temporary sibling name
 * and renamed into place when complete, so the app directory is always either the previous app or the
 * new one, never a mixture.
 */
final class AppAssembler {
    static final String JAR_NAME = "dashboard.jar";
    static final String DATA_DIR = "data";
    static final String SUMMARY = "summary.json";
    static final String RECORD_SUFFIX = ".h5";
    static final String SYSTEM_PROPERTIES = "system.properties";
    static final String README = "README.md";
    /** Heroku's JVM buildpack installs the JDK named here; the dashboard is built for Java 17. */
    static final String JAVA_RUNTIME = "17";

    private final SlugLimit limit;

    AppAssembler(SlugLimit limit) {
        this.limit = limit;
    }

    /**
     * Assembles the app in {@code appDir}, replacing a previous assembly there.
     *
     * @param warn receives a one-line warning when the app is large but allowed
     */
    AssembledApp assemble(Path dashboardJar, Path dataDir, Path appDir, String version, Consumer<String> warn) {
        List<Path> dataFiles = dataFiles(dataDir);
        if (dataFiles.stream().noneMatch(p -> p.getFileName().toString().equals(SUMMARY))) {
            warn.accept("no " + SUMMARY + " in " + dataDir + ": the dashboard will have no dataset summary");
        }
        long plannedBytes = size(dashboardJar) + dataFiles.stream().mapToLong(AppAssembler::size).sum();
        // Refuse before copying: an oversize app would otherwise cost a copy of hundreds of megabytes.
        limit.check(plannedBytes);

        Path target = appDir.toAbsolutePath().normalize();
        requireReplaceable(target);
        sweepLeftovers(target);
        Path stage = AtomicFiles.tempFor(target);
        try {
            deleteTree(stage);
            Files.createDirectories(stage.resolve(DATA_DIR));
            Files.copy(dashboardJar, stage.resolve(JAR_NAME));
            String digest = copyWithDigest(dataFiles, stage.resolve(DATA_DIR));
            int records = (int) dataFiles.stream().filter(AppAssembler::isRecord).count();
            Files.writeString(stage.resolve(Procfile.FILE_NAME), Procfile.forDashboard(JAR_NAME, DATA_DIR).render());
            Files.writeString(stage.resolve(SYSTEM_PROPERTIES), "java.runtime.version=" + JAVA_RUNTIME + "\n");
            Files.writeString(stage.resolve(README), readme(version, digest, records), StandardCharsets.UTF_8);
            List<AssembledApp.AppFile> files = listFiles(stage);
            long total = files.stream().mapToLong(AssembledApp.AppFile::bytes).sum();
            limit.check(total).ifPresent(warn);
            replace(stage, target);
            return new AssembledApp(target, files, total, digest, records);
        } catch (IOException e) {
            deleteQuietly(stage);
            throw PipelineException.io("cannot assemble the app in " + target, e);
        } catch (RuntimeException e) {
            deleteQuietly(stage);
            throw e;
        }
    }

    /** The files of {@code dataDir} the dashboard serves: every record's results file and the dataset summary. */
    static List<Path> dataFiles(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw PipelineException.inputMissing("data directory not found: " + dataDir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dataDir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !AtomicFiles.isTemporary(p))
                    .filter(p -> isRecord(p) || p.getFileName().toString().equals(SUMMARY))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw PipelineException.io("cannot list " + dataDir, e);
        }
        if (files.stream().noneMatch(AppAssembler::isRecord)) {
            throw PipelineException.inputMissing("no *" + RECORD_SUFFIX + " record files in " + dataDir
                    + " (expected the analyze stage's results directory)");
        }
        return files;
    }

    private static boolean isRecord(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(RECORD_SUFFIX) && !name.startsWith(".");
    }

    /**
     * Copies the files and digests them in the same pass. The digest covers names and contents, so renaming
     * a record changes it as much as changing its data.
     */
    private static String copyWithDigest(List<Path> files, Path targetDir) throws IOException {
        MessageDigest overall = sha256();
        HexFormat hex = HexFormat.of();
        byte[] buffer = new byte[1 << 20];
        for (Path source : files) {
            MessageDigest perFile = sha256();
            String name = source.getFileName().toString();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), perFile);
                 OutputStream out = Files.newOutputStream(targetDir.resolve(name))) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
            }
            overall.update((name + "\0" + hex.formatHex(perFile.digest()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + hex.formatHex(overall.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static String readme(String version, String digest, int records) {
        return """
                # ECG dashboard (deployed app)

                This repository is generated by the ecgpipe `deploy` stage (version %s) and force-pushed on
                every deploy: edits made here are lost at the next deploy. Change the pipeline instead.

                - `dashboard.jar`: the dashboard web app (Java %s).
                - `data/`: the analysis results it serves, %d record(s) and the dataset summary;
                  data digest `%s`.
                - `Procfile`: how Heroku starts the app. `system.properties`: the Java version Heroku installs.

                Run it locally:

                    java -jar dashboard.jar --port 8080 --data data

                then open http://localhost:8080/ (health check: http://localhost:8080/health).
                """.formatted(version, JAVA_RUNTIME, records, digest);
    }

    private static List<AssembledApp.AppFile> listFiles(Path dir) throws IOException {
        List<AssembledApp.AppFile> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                files.add(new AssembledApp.AppFile(dir.relativize(p).toString().replace('\\', '/'), Files.size(p)));
            }
        }
        return files;
    }

    /**
     * The app directory is deleted and rebuilt on every deploy, so refuse to replace a directory that is
     * not one of ours: a mistyped {@code --app-dir} must never wipe someone's files.
     */
    private static void requireReplaceable(Path appDir) {
        if (!Files.exists(appDir)) {
            return;
        }
        boolean ours = Files.isRegularFile(appDir.resolve(Procfile.FILE_NAME))
                && Files.isRegularFile(appDir.resolve(JAR_NAME));
        if (!ours && !isEmptyDirectory(appDir)) {
            throw PipelineException.usage("--app-dir " + appDir + " exists and is not an app directory made by"
                    + " deploy (no Procfile and " + JAR_NAME + "): choose another directory or remove it");
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void replace(Path stage, Path target) throws IOException {
        Optional<Path> old = Optional.empty();
        if (Files.exists(target)) {
            Path trash = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
            deleteTree(trash);
            AtomicFiles.move(target, trash);
            old = Optional.of(trash);
        }
        AtomicFiles.move(stage, target);
        if (old.isPresent()) {
            deleteTree(old.get());
        }
    }

    /**
     * Removes what a killed earlier deploy left next to the app directory: its staging directory, the
     * replaced app it had not yet deleted, its temporary git repository. All start with "." + the app
     * directory's name, so listings and the app itself never see them.
     */
    static void sweepLeftovers(Path appDir) {
        Path parent = appDir.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String prefix = "." + appDir.getFileName();
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                boolean leftover = name.startsWith(prefix + ".") && name.endsWith(AtomicFiles.TEMP_SUFFIX)
                        || name.startsWith(prefix + ".old-") || name.startsWith(prefix + AppPublisher.GIT_DIR_INFIX);
                if (leftover && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw PipelineException.io("cannot clean up next to " + appDir, e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw PipelineException.io("cannot read " + file, e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException ignored) {
            // a leftover staging directory is replaced by the next run
        }
    }
}
