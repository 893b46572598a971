package ecgpipe.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --include/--exclude as rclone reads them (rclone's filtering documentation, checked case by case). */
class FilterRulesTest {
    private static final List<String> PATHS = List.of("100.hea", "100.dat", "100.atr", "x/101.dat", "x/y/102.dat",
            "tmp/a.dat", "x/tmp/b.dat", "notes.txt");

    private static List<String> kept(List<String> includes, List<String> excludes) {
        FilterRules f = FilterRules.of(includes, excludes);
        return PATHS.stream().filter(f::includes).toList();
    }

    @Test
    void noRulesKeepsEverything() {
        assertEquals(PATHS, kept(List.of(), List.of()));
        assertTrue(FilterRules.none().includes("anything/at/all"));
    }

    @Test
    void anUnanchoredGlobMatchesTheNameAtAnyDepth() {
        assertEquals(List.of("100.dat", "x/101.dat", "x/y/102.dat", "tmp/a.dat", "x/tmp/b.dat"),
                kept(List.of("*.dat"), List.of()));
        assertEquals(List.of("x/101.dat"), kept(List.of("x/*.dat"), List.of()));
    }

    @Test
    void aLeadingSlashAnchorsAtThePrefixAndDoubleStarCrossesDirectories() {
        assertEquals(List.of("100.dat"), kept(List.of("/*.dat"), List.of()));
        assertEquals(List.of("x/101.dat", "x/y/102.dat", "x/tmp/b.dat"), kept(List.of("/x/**"), List.of()));
    }

    @Test
    void questionMarksClassesAndBraces() {
        assertEquals(List.of("100.hea", "100.dat", "100.atr"), kept(List.of("/10?.*"), List.of()));
        assertEquals(List.of("100.hea", "100.dat", "100.atr"), kept(List.of("/*.{hea,dat,atr}"), List.of()));
        assertEquals(List.of("x/101.dat", "x/y/102.dat"), kept(List.of("10[12].dat"), List.of()));
        assertEquals(List.of("100.dat"), kept(List.of("/10[^12].dat"), List.of()));
    }

    @Test
    void excludesAloneDropOnlyWhatTheyMatch() {
        assertEquals(List.of("100.hea", "100.dat", "100.atr", "x/101.dat", "x/y/102.dat"),
                kept(List.of(), List.of("tmp/", "*.txt")));
    }

    @Test
    void includesComeBeforeExcludesWhateverTheOrderOnTheCommandLine() {
        // rclone adds every --include first: "*.dat" wins over "x/**" for x/101.dat.
        assertEquals(List.of("100.dat", "x/101.dat", "x/y/102.dat", "tmp/a.dat", "x/tmp/b.dat"),
                kept(List.of("*.dat"), List.of("x/**")));
    }

    @Test
    void metaCharactersOfRegularExpressionsAreLiteral() {
        FilterRules f = FilterRules.of(List.of("a+b(1).$x"), List.of());
        assertTrue(f.includes("a+b(1).$x"));
        assertFalse(f.includes("aab(1)x$x"));
        assertTrue(FilterRules.of(List.of("\\*.dat"), List.of()).includes("*.dat"));
        assertFalse(FilterRules.of(List.of("\\*.dat"), List.of()).includes("1.dat"));
    }

    @Test
    void malformedGlobsAreUsageErrorsNamingThePattern() {
        for (String bad : List.of("[abc", "a]", "{a,b", "a}", "***", "", "x\\")) {
            PipelineException e = assertThrows(PipelineException.class, () -> FilterRules.of(List.of(bad), List.of()));
            assertEquals(ExitCode.USAGE, e.exitCode(), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") || bad.isEmpty(), e.getMessage());
        }
    }
}
