package ecgpipe.convert;

import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The input files of one record and their SHA-256 digests, in a fixed order (header, signal files,
 * annotation files). Stored in every output, they let a rerun tell whether the output is still current.
 */
public record SourceFiles(List<String> names, List<String> sha256) {

    public SourceFiles {
        names = List.copyOf(names);
        sha256 = List.copyOf(sha256);
        if (names.size() != sha256.size()) {
            throw new IllegalArgumentException("names and digests differ in length");
        }
    }

    /** Digests {@code files}, all in {@code dir}; a missing file is {@code inputMissing} naming it. */
    public static SourceFiles of(Path dir, List<String> files) {
        List<String> digests = files.stream().map(f -> sha256(dir.resolve(f))).toList();
        return new SourceFiles(files, digests);
    }

    static String sha256(Path file) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw PipelineException.io("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
