package ecgpipe.deploy;

import java.util.Optional;

/**
 * What a deploy did.
 *
 * @param app       the assembled app directory
 * @param webUrl    where Heroku serves the app
 * @param rehearsal the local boot, when one was asked for
 * @param commit    the pushed commit's id, empty on a dry run
 */
record Deployment(AssembledApp app, String webUrl, Optional<Rehearsal.Result> rehearsal,
                         Optional<String> commit) {
}
