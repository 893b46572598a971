package ecgpipe.download;

import java.time.Duration;
import java.util.Locale;

/**
 * What a run did, for the one summary line on stdout.
 *
 * @param downloaded objects fetched (or, in a dry run, that would be fetched)
 * @param bytes      their total size
 * @param skipped    objects whose local copy was already up to date
 * @param excluded   objects listed but left out by --include/--exclude
 * @param elapsed    wall time of the whole run, listing included
 * @param dryRun     nothing was written
 */
public record DownloadSummary(int downloaded, long bytes, int skipped, int excluded, Duration elapsed,
        boolean dryRun) {

    public DownloadSummary(int downloaded, long bytes, int skipped, Duration elapsed, boolean dryRun) {
        this(downloaded, bytes, skipped, 0, elapsed, dryRun);
    }

    /**
     * {@code downloaded 78 objects (12.3 MB) in 2.1 s, 0 skipped}; a rerun with nothing left to do says so:
     * {@code nothing to transfer: all 78 objects are up to date (checked in 0.3 s)}.
     */
    public String line() {
        String objects = downloaded + (downloaded == 1 ? " object" : " objects");
        String filtered = excluded > 0 ? ", " + excluded + " excluded by filters" : "";
        if (dryRun) {
            return "dry run: would download " + objects + " (" + size(bytes) + "), " + skipped + " skipped" + filtered;
        }
        if (downloaded == 0) {
            return String.format(Locale.ROOT, "nothing to transfer: %s up to date (checked in %.1f s)%s",
                    skipped == 1 ? "the 1 object is" : "all " + skipped + " objects are", elapsed.toMillis() / 1000.0,
                    filtered);
        }
        return String.format(Locale.ROOT, "downloaded %s (%s) in %.1f s, %d skipped%s", objects, size(bytes),
                elapsed.toMillis() / 1000.0, skipped, filtered);
    }

    /** Decimal units, as S3 consoles and network rates use them. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
