package ecgpipe.convert;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run of the convert stage should do.
 *
 * @param inputDir   directory of WFDB records ({@code .hea} plus signal and annotation files)
 * @param outputDir  directory for {@code <record>.h5} (created if missing)
 * @param threads    records converted at once
 * @param force      convert even records whose output is up to date
 * @param dryRun     only list what would be done
 * @param annotators annotation file extensions to copy, e.g. ["atr"]
 * @param shard      which part of the records this run converts
 */
public record ConvertRequest(Path inputDir, Path outputDir, int threads, boolean force, boolean dryRun,
                             List<String> annotators, Shard shard) {

    public ConvertRequest {
        annotators = List.copyOf(annotators);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }
}
