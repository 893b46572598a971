package ecgpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.testing.Prerequisites;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built convert and analyze jars on the real MIT-BIH records in MITDB_DIR: every record converts and is
 * analysed, and the pooled accuracy against the reference annotations (scored from 5:00, 150 ms, as bxb)
 * clears the foundation issue's bar of 99.5 % sensitivity and positive predictivity.
 */
class MitdbPipelineTest {
    @TempDir Path work;

    @Test
    void convertAndAnalyzeTheMitBihRecords() throws Exception {
        Path mitdb = Prerequisites.mitdbDir();
        long records;
        try (Stream<Path> s = Files.list(mitdb)) {
            records = s.filter(p -> p.toString().endsWith(".hea")).count();
        }
        Path h5 = work.resolve("h5");
        Path results = work.resolve("results");
        Jars.Result convert = Jars.runJar("convert", mitdb.toString(), h5.toString());
        assertEquals(0, convert.exitCode(), convert.all());
        Jars.Result analyze = Jars.runJar("analyze", h5.toString(), results.toString());
        assertEquals(0, analyze.exitCode(), analyze.all());

        long tp = 0;
        long fp = 0;
        long fn = 0;
        StringBuilder table = new StringBuilder("record     TP    FP    FN\n");
        for (Path file : list(results)) {
            try (HdfFile f = new HdfFile(file)) {
                Map<String, Attribute> e = f.getByPath(Hdf5Layout.EVALUATION_GROUP).getAttributes();
                long t = count(e, "tp");
                long p = count(e, "fp");
                long n = count(e, "fn");
                tp += t;
                fp += p;
                fn += n;
                table.append(String.format(Locale.ROOT, "%-6s %6d %5d %5d%n",
                        file.getFileName().toString().replace(".h5", ""), t, p, n));
            }
        }
        assertEquals(records, list(results).size(), "one results file per record");
        double se = 100.0 * tp / (tp + fn);
        double ppv = 100.0 * tp / (tp + fp);
        table.append(String.format(Locale.ROOT, "gross  %6d %5d %5d  Se %.2f%%  +P %.2f%%%n", tp, fp, fn, se, ppv));
        System.out.print(table);
        assertTrue(se >= 99.5 && ppv >= 99.5, table.toString());
    }

    private static long count(Map<String, Attribute> attrs, String name) {
        return ((Number) attrs.get(name).getData()).longValue();
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".h5")).sorted().toList();
        }
    }
}
