package ecgpipe.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPathsTest {
    private final Path dest = Path.of("/data/raw/mitdb");

    @Test
    void nestedKeysBecomeNestedFiles() {
        assertEquals(Path.of("/data/raw/mitdb/x/y/100.dat"), KeyPaths.resolve(dest, "x/y/100.dat", "s3://b/p/x/y/100.dat"));
        assertEquals(Path.of("/data/raw/mitdb/RECORDS"), KeyPaths.resolve(dest, "RECORDS", "s3://b/p/RECORDS"));
        assertEquals(Path.of("/data/raw/mitdb/..hidden"), KeyPaths.resolve(dest, "..hidden", "s3://b/p/..hidden"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../x", "a/..", "..", "/etc/passwd", "\\x", "C:/x", "a\\..\\..\\x", "a//b",
        "./a", "a/./b", "a/", "", "a\0b", ".download-manifest.json", "sub/.100.dat.42-1.part"})
    void unsafeKeysAreRefusedNamingTheUrl(String key) {
        PipelineException e = assertThrows(PipelineException.class,
                () -> KeyPaths.resolve(dest, key, "s3://b/p/" + key));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("s3://b/p/" + key + ": refused key ("), e.getMessage());
    }
}
