package ecgpipe.deploy;

import java.time.Duration;
import java.util.Optional;

/**
 * What a deploy did.
 *
 * @param app         the assembled app directory
 * @param appName     the Heroku app
 * @param webUrl      where the app is served
 * @param rehearsal   the local boot, when there was one
 * @param commit      the pushed commit's id, empty on a dry run
 * @param parent      the commit it was made on top of; empty for the first or a forced deploy
 * @param buildId     Heroku's build of the commit, when it was followed
 * @param healthyIn   how long the release took to answer /health, when it was checked
 */
record Deployment(AssembledApp app, AppName appName, String webUrl, Optional<Rehearsal.Result> rehearsal,
                  Optional<String> commit, Optional<String> parent, Optional<String> buildId,
                  Optional<Duration> healthyIn) {
}
