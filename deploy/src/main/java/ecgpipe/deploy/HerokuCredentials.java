package ecgpipe.deploy;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Heroku's git endpoint authenticates with any user name and the API key as password. The key is sent
 * only to Heroku's own git host: a {@code --git-url} elsewhere carries its own credentials, if any, so a
 * mistyped URL never receives the key.
 */
final class HerokuCredentials {
    static final String HEROKU_GIT_HOST = "git.heroku.com";
    static final String API_KEY_VARIABLE = "HEROKU_API_KEY";

    private final String apiKey;

    private HerokuCredentials(String apiKey) {
        this.apiKey = apiKey;
    }

    static HerokuCredentials fromEnvironment(Map<String, String> env) {
        String key = env.get(API_KEY_VARIABLE);
        return new HerokuCredentials(key == null || key.isBlank() ? null : key.trim());
    }

    boolean hasKey() {
        return apiKey != null;
    }

    /** Fails before any work when the push would certainly be refused for lack of a key. */
    void requireKeyFor(String gitUrl) {
        if (isHerokuHost(gitUrl) && !hasKey()) {
            throw new PipelineException(ExitCode.ACCESS_DENIED, API_KEY_VARIABLE + " is not set: cannot push to "
                    + gitUrl + " (set it to a Heroku API key, or pass --git-url)");
        }
    }

    /** The credentials to offer to {@code gitUrl}, if any. */
    Optional<CredentialsProvider> forUrl(String gitUrl) {
        if (hasKey() && isHerokuHost(gitUrl)) {
            return Optional.of(new UsernamePasswordCredentialsProvider("", apiKey));
        }
        return Optional.empty();
    }

    static boolean isHerokuHost(String gitUrl) {
        try {
            URI uri = URI.create(gitUrl);
            return "https".equalsIgnoreCase(uri.getScheme()) && HEROKU_GIT_HOST.equalsIgnoreCase(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The URL as it may be printed: any user:password part is masked. */
    static String displayable(String gitUrl) {
        return gitUrl.replaceFirst("://[^/@]*@", "://***@");
    }
}
