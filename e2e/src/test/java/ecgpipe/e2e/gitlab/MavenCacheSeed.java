package ecgpipe.e2e.gitlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Seeds the pipeline's Maven cache (the build job's {@code cache:} of {@code .m2/repository} and
 * {@code .m2/wrapper}) from this machine's {@code ~/.m2}, so that the build job inside the test pipeline does
 * not download the world again: on GitLab the first pipeline fills the cache and later ones reuse it, which is
 * what a seeded cache imitates. Files are hard-linked (instant, no space) where both sides share a file system;
 * the few files Maven rewrites in place (resolver bookkeeping and metadata) are copied instead, so that a build
 * in the pipeline never changes ~/.m2 through a shared inode.
 */
final class MavenCacheSeed {
    private MavenCacheSeed() {
    }

    /** Fills {@code keyDir}/.m2/{repository,wrapper} from ~/.m2 unless the cache key already exists. */
    static void seed(Path keyDir) throws IOException, InterruptedException {
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        if (Files.isDirectory(keyDir) || !Files.isDirectory(m2.resolve("repository"))) {
            return;
        }
        Path tmp = keyDir.resolveSibling(keyDir.getFileName() + ".seed");
        Files.createDirectories(tmp.resolve(".m2"));
        for (String part : List.of("repository", "wrapper")) {
            if (Files.isDirectory(m2.resolve(part))) {
                String from = m2.resolve(part).toString();
                String to = tmp.resolve(".m2").resolve(part).toString();
                sh("cp -al '" + from + "' '" + to + "' 2>/dev/null || { rm -rf '" + to + "'; cp -a '" + from + "' '" + to + "'; }");
            }
        }
        // Break the links of files written in place: copy them over themselves via a temporary name.
        sh("find '" + tmp + "' -type f \\( -name '_remote.repositories' -o -name '*.lastUpdated' -o -name 'maven-metadata*.xml'"
                + " -o -name 'resolver-status.properties' \\) -links +1 -exec sh -c 'for f; do cp -p \"$f\" \"$f.x\" && mv \"$f.x\" \"$f\"; done' sh {} +");
        Files.move(tmp, keyDir);
    }

    private static void sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("seeding the Maven cache failed: " + out);
        }
    }
}
