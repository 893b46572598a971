package ecgpipe.deploy;

import ecgpipe.common.ExitCode;
import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The Heroku API key: read from {@code HEROKU_API_KEY} or a file, never from the command line (which
 * {@code ps} and shell histories show to everyone). It is sent as a Bearer token to the Platform API
 * and as the password to Heroku's git host; a {@code --git-url} elsewhere receives it only when the user
 * says so ({@code --git-url-gets-api-key}), so a mistyped URL never does. {@link #mask} removes it from
 * any text before that text is printed.
 */
final class HerokuCredentials {
    static final String HEROKU_GIT_HOST = "git.heroku.com";
    static final String API_KEY_VARIABLE = "HEROKU_API_KEY";
    static final String MASK = "********";

    private final String apiKey;
    private final String source;

    private HerokuCredentials(String apiKey, String source) {
        this.apiKey = apiKey;
        this.source = source;
    }

    static HerokuCredentials fromEnvironment(Map<String, String> env) {
        String key = env.get(API_KEY_VARIABLE);
        return new HerokuCredentials(key == null || key.isBlank() ? null : key.strip(), API_KEY_VARIABLE);
    }

    /**
     * The key from {@code keyFile} when given (it wins over the environment, being the more explicit),
     * else from {@code HEROKU_API_KEY}. A key file others can read gets a warning, as ssh does.
     */
    static HerokuCredentials load(Map<String, String> env, Optional<Path> keyFile, Consumer<String> warn) {
        if (keyFile.isEmpty()) {
            return fromEnvironment(env);
        }
        Path file = keyFile.get();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw PipelineException.inputMissing("API key file not found: " + file);
        } catch (IOException e) {
            throw new PipelineException(ExitCode.ACCESS_DENIED, "cannot read the API key file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        String key = text.strip();
        if (key.isEmpty() || key.contains("\n")) {
            throw PipelineException.badInput("API key file " + file + " must hold the key alone on one line");
        }
        readableByOthers(file).ifPresent(who -> warn.accept("the API key file " + file + " is readable by " + who
                + ": chmod 600 it"));
        return new HerokuCredentials(key, "--api-key-file " + file);
    }

    private static Optional<String> readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.of("everyone");
            }
            return p.contains(PosixFilePermission.GROUP_READ) ? Optional.of("its group") : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    boolean hasKey() {
        return apiKey != null;
    }

    /** Where the key came from, for messages: never the key itself. */
    String source() {
        return source;
    }

    /** Fails before any work when a step that needs the key would certainly be refused without it. */
    void requireKey(String purpose) {
        if (!hasKey()) {
            throw new PipelineException(ExitCode.ACCESS_DENIED, "no Heroku API key: set " + API_KEY_VARIABLE
                    + " or pass --api-key-file (needed " + purpose + ")");
        }
    }

    /** Fails before any work when the push would certainly be refused for lack of a key. */
    void requireKeyFor(String gitUrl) {
        if (isHerokuHost(gitUrl) && !hasKey()) {
            throw new PipelineException(ExitCode.ACCESS_DENIED, API_KEY_VARIABLE + " is not set: cannot push to "
                    + gitUrl + " (set it to a Heroku API key, or pass --api-key-file or --git-url)");
        }
    }

    /** The Authorization header value of the Platform API. Only {@link HerokuApi} sends it. */
    String authorization() {
        requireKey("for the Heroku Platform API");
        return "Bearer " + apiKey;
    }

    /** The credentials to offer to {@code gitUrl}: Heroku's git host always, another only if trusted. */
    Optional<CredentialsProvider> forUrl(String gitUrl) {
        return forUrl(gitUrl, false);
    }

    Optional<CredentialsProvider> forUrl(String gitUrl, boolean trustGitUrl) {
        if (hasKey() && (isHerokuHost(gitUrl) || trustGitUrl && isHttp(gitUrl) && mayCarryKey(URI.create(gitUrl)))) {
            // Heroku's git endpoint ignores the user name and takes the API key as the password.
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

    /** HTTPS, or plain HTTP to this machine only (a local stand-in): the key never crosses a network in clear text. */
    static boolean mayCarryKey(URI url) {
        String host = url.getHost() == null ? "" : url.getHost();
        return "https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme())
                && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1"));
    }

    /** Refuses, before any work, a URL the key would travel to in clear text. */
    static void requireSafeForKey(String option, URI url) {
        if (!mayCarryKey(url)) {
            throw PipelineException.usage(option + " " + url + ": the API key is sent only over https (or plain http"
                    + " to this machine)");
        }
    }

    private static boolean isHttp(String gitUrl) {
        return gitUrl.startsWith("http://") || gitUrl.startsWith("https://");
    }

    /** {@code text} with every occurrence of the key replaced by {@link #MASK}. */
    String mask(String text) {
        if (text == null || apiKey == null) {
            return text;
        }
        return text.replace(apiKey, MASK);
    }

    /** The URL as it may be printed: any user:password part is masked. */
    static String displayable(String gitUrl) {
        return gitUrl.replaceFirst("://[^/@]*@", "://***@");
    }

    @Override
    public String toString() {
        return "HerokuCredentials[" + (hasKey() ? "key from " + source : "no key") + "]";
    }
}
