package ecgpipe.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.testing.Prerequisites;
import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationReader;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every MIT-BIH record in MITDB_DIR converts, and the file holds exactly what the WFDB files hold. */
class MitdbConvertTest {
    @TempDir
    Path out;

    @Test
    void everyRecordConvertsToExactlyItsSamplesAndAnnotations() throws IOException {
        Path mitdb = Prerequisites.mitdbDir();
        List<Path> headers;
        try (Stream<Path> s = Files.list(mitdb)) {
            headers = s.filter(p -> p.toString().endsWith(".hea")).sorted().toList();
        }
        ConvertRun run = ConvertRun.of(mitdb.toString(), out.toString(), "--threads", "2");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("converted " + headers.size() + " records (0 skipped)"), run.out());

        for (Path hea : headers) {
            String name = hea.getFileName().toString().replace(".hea", "");
            WfdbRecord wfdb = WfdbReader.read(hea);
            List<Annotation> atr = AnnotationReader.read(mitdb.resolve(name + ".atr"));
            try (H5Reader h5 = new H5Reader(out.resolve(name + ".h5"))) {
                assertEquals(short.class, h5.dataset(Hdf5Layout.SIGNALS_DIGITAL).getJavaType());
                int[][] digital = h5.digital();
                assertEquals(2, digital.length);
                assertArrayEquals(wfdb.samples()[0], digital[0], name);
                assertArrayEquals(wfdb.samples()[1], digital[1], name);
                assertEquals(650000L, h5.attr(Hdf5Layout.ATTR_N_SAMPLES));
                assertEquals(360.0, h5.attr(Hdf5Layout.ATTR_FS));
                assertArrayEquals(atr.stream().mapToLong(Annotation::sample).toArray(),
                        (long[]) h5.annotations("atr", Hdf5Layout.ANN_SAMPLE), name);
                assertArrayEquals(atr.stream().map(Annotation::symbol).toArray(),
                        (Object[]) h5.annotations("atr", Hdf5Layout.ANN_SYMBOL), name);
                assertArrayEquals(atr.stream().map(Annotation::aux).toArray(),
                        (Object[]) h5.annotations("atr", Hdf5Layout.ANN_AUX), name);
            }
        }
        ConvertRun again = ConvertRun.of(mitdb.toString(), out.toString(), "--threads", "2");
        assertTrue(again.out().startsWith("converted 0 records (" + headers.size() + " skipped)"), again.out());
    }
}
