package ecgpipe.deploy;

import ecgpipe.common.PipelineException;
import java.util.Locale;
import java.util.Optional;

/**
 * Heroku refuses slugs above 500 MB and slows down (longer boots, slower builds) well before that. The
 * slug is compressed, but the dashboard jar and the HDF5 files are compressed already, so the app
 * directory's own size is a close, safe upper bound: checking it here refuses an app before a push of
 * hundreds of megabytes that Heroku would reject at the end of its build.
 */
record SlugLimit(long refuseAboveBytes, long warnAboveBytes) {
    static final long MB = 1024L * 1024L;
    static final SlugLimit HEROKU = new SlugLimit(500 * MB, 300 * MB);

    SlugLimit {
        if (warnAboveBytes > refuseAboveBytes || warnAboveBytes < 0) {
            throw new IllegalArgumentException("warn threshold must lie between 0 and the limit");
        }
    }

    /**
     * Throws a bad-input failure when {@code appBytes} exceeds the limit; returns a warning when it is
     * merely large.
     */
    Optional<String> check(long appBytes) {
        if (appBytes > refuseAboveBytes) {
            throw PipelineException.badInput("the app is " + megabytes(appBytes) + ", above Heroku's slug limit of "
                    + megabytes(refuseAboveBytes) + ": deploy fewer records or a smaller results directory");
        }
        if (appBytes > warnAboveBytes) {
            return Optional.of("the app is " + megabytes(appBytes) + " (Heroku refuses above "
                    + megabytes(refuseAboveBytes) + "; large slugs build and boot slowly)");
        }
        return Optional.empty();
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }
}
