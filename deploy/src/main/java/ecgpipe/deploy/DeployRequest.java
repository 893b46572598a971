package ecgpipe.deploy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One deploy, as the user asked for it.
 *
 * @param appName      the Heroku app name (validated by {@link AppName} when the deploy runs)
 * @param dataDir      the analyze stage's results directory ({@code *.h5} and {@code summary.json})
 * @param gitUrl       where to push; empty means Heroku's git endpoint for the app
 * @param rehearse     boot the app locally from its Procfile before pushing
 * @param dashboardJar the dashboard fat jar; empty means the build's default location
 * @param appDir       where the app directory is assembled (replaced on every deploy)
 * @param dryRun       assemble (and rehearse if asked) and print the plan, but do not push
 */
public record DeployRequest(String appName, Path dataDir, Optional<String> gitUrl, boolean rehearse,
                            Optional<Path> dashboardJar, Path appDir, boolean dryRun) {
    /** The default app directory, relative to the working directory: the build's own output tree. */
    public static final Path DEFAULT_APP_DIR = Path.of("target", "heroku-app");

    public DeployRequest {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(gitUrl, "gitUrl");
        Objects.requireNonNull(dashboardJar, "dashboardJar");
        Objects.requireNonNull(appDir, "appDir");
    }
}
