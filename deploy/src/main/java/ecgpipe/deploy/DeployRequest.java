package ecgpipe.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One deploy, as the user asked for it.
 *
 * @param appName        the Heroku app name (validated by {@link AppName}); empty when {@code appPrefix} is given
 * @param appPrefix      draw an anonymous name with this prefix (remembered in {@code appNameFile})
 * @param appNameFile    where an anonymous name is remembered; empty means the per-user default
 * @param dataDir        the analyze stage's results directory ({@code *.h5} and {@code summary.json})
 * @param dataset        the dataset's name for the commit message; empty means the data directory's name
 * @param sourceCommit   the pipeline commit for the commit message; empty means CI_COMMIT_SHA, else HEAD here
 * @param gitUrl         where to push; empty means Heroku's git endpoint for the app
 * @param gitUrlGetsKey  offer the API key to a {@code gitUrl} that is not Heroku's (a test or proxy server)
 * @param apiUrl         the Platform API; empty means Heroku's, or no API at all when {@code gitUrl} is given
 * @param webUrl         where the released app answers; empty means the app's {@code web_url}
 * @param rehearse       boot the app locally from its Procfile before pushing
 * @param dashboardJar   the dashboard fat jar; empty means the build's default location
 * @param appDir         where the app directory is assembled (replaced on every deploy)
 * @param dryRun         assemble (and rehearse if asked) and print the plan, but call and push nothing
 * @param force          push a parentless commit that replaces the app repository's history
 * @param apiKeyFile     a file holding the API key; empty means HEROKU_API_KEY
 * @param region         region of a new app
 * @param stack          stack of a new app
 * @param configVars     config vars to set on the app
 * @param verify         follow the build and wait for the release's /health
 * @param buildTimeout   how long to wait for Heroku's build
 * @param healthTimeout  how long to wait for the release's /health
 */
public record DeployRequest(Optional<String> appName, Optional<String> appPrefix, Optional<Path> appNameFile,
                            Path dataDir, Optional<String> dataset, Optional<String> sourceCommit,
                            Optional<String> gitUrl, boolean gitUrlGetsKey, Optional<URI> apiUrl,
                            Optional<String> webUrl, boolean rehearse, Optional<Path> dashboardJar, Path appDir,
                            boolean dryRun, boolean force, Optional<Path> apiKeyFile, String region, String stack,
                            Map<String, String> configVars, boolean verify, Duration buildTimeout,
                            Duration healthTimeout) {
    /** The default app directory, relative to the working directory: the build's own output tree. */
    public static final Path DEFAULT_APP_DIR = Path.of("target", "heroku-app");

    public DeployRequest {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(appPrefix, "appPrefix");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(gitUrl, "gitUrl");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(dashboardJar, "dashboardJar");
        Objects.requireNonNull(appDir, "appDir");
        configVars = Map.copyOf(configVars);
    }

    /**
     * The Platform API is used for Heroku itself, and for another git URL only when an API URL comes with
     * it (a Heroku-compatible stand-in); a plain git server has no API to prepare or verify with.
     */
    public boolean usesPlatformApi() {
        return gitUrl.isEmpty() || apiUrl.isPresent();
    }
}
