package ecgpipe.deploy;

import ecgpipe.common.PipelineException;
import java.util.regex.Pattern;

/**
 * A Heroku app name. Heroku accepts only lowercase letters, digits and dashes, starting with a letter and
 * ending with a letter or digit, 3 to 30 characters; checking here turns a late, remote refusal (after the
 * app was assembled and rehearsed) into an immediate usage error.
 */
public record AppName(String value) {
    private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9-]{1,28}[a-z0-9]");

    public AppName {
        if (value == null || !RULE.matcher(value).matches()) {
            throw PipelineException.usage("invalid Heroku app name '" + value + "': use 3 to 30 lowercase"
                    + " letters, digits and dashes, starting with a letter and ending with a letter or digit");
        }
    }

    /** Where Heroku serves the app once deployed. */
    public String webUrl() {
        return "https://" + value + ".herokuapp.com";
    }

    /** Heroku's git endpoint for the app; pushing to it builds and releases the app. */
    public String herokuGitUrl() {
        return "https://" + HerokuCredentials.HEROKU_GIT_HOST + "/" + value + ".git";
    }

    @Override
    public String toString() {
        return value;
    }
}
