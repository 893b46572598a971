package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"abc", "ecg-demo", "a1-b2-c3", "x23456789012345678901234567890"})
    void acceptsHerokuNames(String name) {
        AppName app = new AppName(name);
        assertEquals("https://" + name + ".herokuapp.com", app.webUrl());
        assertEquals("https://git.heroku.com/" + name + ".git", app.herokuGitUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "1abc", "-abc", "abc-", "Abc", "ecg_demo", "ecg demo", "ecg.demo",
        "x234567890123456789012345678901", "ümlaut"})
    void rejectsOthersAsUsageErrors(String name) {
        PipelineException e = assertThrows(PipelineException.class, () -> new AppName(name));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }
}
