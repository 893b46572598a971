package ecgpipe.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {
    @Test
    void splitsBucketAndPrefix() {
        S3Location l = S3Location.parse("s3://physionet-open/mitdb/1.0.0/");
        assertEquals("physionet-open", l.bucket());
        assertEquals("mitdb/1.0.0/", l.key());
        assertTrue(l.isPrefix());
        assertEquals("mitdb/1.0.0/", l.asPrefix());
    }

    @Test
    void aKeyWithoutSlashMayBeAnObjectOrAPrefix() {
        S3Location l = S3Location.parse("s3://bkt/mitdb/100.dat");
        assertFalse(l.isPrefix());
        assertEquals("mitdb/100.dat/", l.asPrefix());
        assertEquals("s3://bkt/mitdb/100.dat", l.toString());
    }

    @Test
    void aBareBucketIsTheWholeBucket() {
        for (String uri : new String[] {"s3://bkt", "s3://bkt/"}) {
            S3Location l = S3Location.parse(uri);
            assertEquals("bkt", l.bucket());
            assertEquals("", l.asPrefix());
            assertTrue(l.isPrefix());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bkt/prefix/", "https://bkt/x", "s3://", "s3:///key", "s3://a/x", "s3://bad bucket/x",
        "s3://bkt?x/y"})
    void malformedUrisAreUsageErrors(String uri) {
        PipelineException e = assertThrows(PipelineException.class, () -> S3Location.parse(uri));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("S3") || e.getMessage().contains("bucket"), e.getMessage());
    }
}
