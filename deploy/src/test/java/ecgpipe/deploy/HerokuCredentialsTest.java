package ecgpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.util.Map;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

class HerokuCredentialsTest {
    @Test
    void theApiKeyIsOfferedToHerokuAsPassword() throws Exception {
        HerokuCredentials c = HerokuCredentials.fromEnvironment(Map.of("HEROKU_API_KEY", " k-123 \n"));
        var provider = c.forUrl("https://git.heroku.com/ecg-demo.git").orElseThrow();
        CredentialItem.Username user = new CredentialItem.Username();
        CredentialItem.Password password = new CredentialItem.Password();
        assertTrue(provider.get(new URIish("https://git.heroku.com/ecg-demo.git"), user, password));
        assertEquals("", user.getValue());
        assertEquals("k-123", new String(password.getValue()));
    }

    @Test
    void theApiKeyIsNeverOfferedElsewhere() {
        HerokuCredentials c = HerokuCredentials.fromEnvironment(Map.of("HEROKU_API_KEY", "k-123"));
        assertTrue(c.forUrl("https://git.example.org/ecg-demo.git").isEmpty());
        assertTrue(c.forUrl("http://git.heroku.com/ecg-demo.git").isEmpty(), "never in clear text");
        assertTrue(c.forUrl("/srv/git/ecg-demo.git").isEmpty());
    }

    @Test
    void aMissingKeyMattersOnlyForHeroku() {
        HerokuCredentials none = HerokuCredentials.fromEnvironment(Map.of("HEROKU_API_KEY", "  "));
        none.requireKeyFor("/srv/git/ecg-demo.git");
        PipelineException e = assertThrows(PipelineException.class,
                () -> none.requireKeyFor("https://git.heroku.com/ecg-demo.git"));
        assertEquals(ExitCode.ACCESS_DENIED, e.exitCode());
    }

    @Test
    void printedUrlsHideUserInfo() {
        assertEquals("https://***@git.example.org/a.git", HerokuCredentials.displayable("https://u:pw@git.example.org/a.git"));
        assertEquals("/srv/git/a.git", HerokuCredentials.displayable("/srv/git/a.git"));
    }

    @Test
    void theKeyTravelsOnlyOverHttpsOrToThisMachine() {
        assertTrue(HerokuCredentials.mayCarryKey(java.net.URI.create("https://api.heroku.com")));
        assertTrue(HerokuCredentials.mayCarryKey(java.net.URI.create("http://127.0.0.1:8080/")));
        assertTrue(HerokuCredentials.mayCarryKey(java.net.URI.create("http://localhost:8080/")));
        assertTrue(!HerokuCredentials.mayCarryKey(java.net.URI.create("http://api.example.org/")));
        PipelineException e = assertThrows(PipelineException.class,
                () -> HerokuCredentials.requireSafeForKey("--api-url", java.net.URI.create("http://10.0.0.5/")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        HerokuCredentials c = HerokuCredentials.fromEnvironment(Map.of("HEROKU_API_KEY", "k-123"));
        assertTrue(c.forUrl("http://git.example.org/a.git", true).isEmpty());
        assertTrue(c.forUrl("http://127.0.0.1:9/a.git", true).isPresent());
    }
}
