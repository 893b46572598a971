package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnonymousAppNameTest {
    @TempDir
    Path work;

    @Test
    void drawsValidDistinctNamesWithThePrefix() {
        AnonymousAppName names = new AnonymousAppName("ecg", work.resolve("name"), new Random(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String n = names.draw().value();
            assertTrue(n.matches("ecg-[a-z0-9]{6}"), n);
            seen.add(n);
        }
        assertEquals(200, seen.size(), "36^6 suffixes: no repeats in 200 draws");
    }

    @Test
    void theLongestPrefixStillMakesAValidName() {
        String prefix = "a".repeat(23);
        AppName n = new AnonymousAppName(prefix, work.resolve("name")).draw();
        assertEquals(30, n.value().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1ecg", "Ecg", "ecg-", "ecg_x", "aaaaaaaaaaaaaaaaaaaaaaaa"})
    void rejectsPrefixesThatCannotMakeAName(String prefix) {
        PipelineException e = assertThrows(PipelineException.class,
                () -> new AnonymousAppName(prefix, work.resolve("name")));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void aRememberedNameIsReusedOnlyForItsPrefix() throws Exception {
        Path file = work.resolve("config/ecgpipe/heroku-app-name");
        AnonymousAppName ecg = new AnonymousAppName("ecg", file);
        assertEquals(Optional.empty(), ecg.remembered());
        AppName drawn = ecg.draw();
        ecg.remember(drawn);
        assertEquals(drawn.value() + "\n", Files.readString(file));
        assertEquals(Optional.of(drawn), new AnonymousAppName("ecg", file).remembered());
        assertEquals(Optional.empty(), new AnonymousAppName("other", file).remembered());
        assertNotEquals(drawn, new AnonymousAppName("other", file).draw());
    }

    @Test
    void aCorruptRememberedNameIsBadInput() throws Exception {
        Path file = Files.writeString(work.resolve("name"), "ecg-NOT_VALID\n");
        PipelineException e = assertThrows(PipelineException.class, () -> new AnonymousAppName("ecg", file).remembered());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
    }

    @Test
    void theDefaultFileFollowsXdg() {
        assertEquals(Path.of("/x/cfg/ecgpipe/heroku-app-name"),
                AnonymousAppName.defaultFile(Map.of("XDG_CONFIG_HOME", "/x/cfg", "HOME", "/home/u")));
        assertEquals(Path.of("/home/u/.config/ecgpipe/heroku-app-name"),
                AnonymousAppName.defaultFile(Map.of("HOME", "/home/u")));
    }
}
