package ecgpipe.analyze;

import ecgpipe.common.Shard;
import java.nio.file.Path;

/**
 * What one run of analyze is asked to do.
 *
 * @param inputDir  record files ({@code <record>.h5}, layout ecgpipe-record)
 * @param outputDir results files and summary.json
 * @param threads   records analysed in parallel
 * @param channel   signal index the detector runs on, or null for the first ECG-like lead
 * @param shard     the part of the sorted record list this run analyzes
 * @param force     rewrite results that are up to date
 * @param dryRun    resolve and validate, print the plan, write nothing
 */
public record AnalyzeRequest(Path inputDir, Path outputDir, int threads, Integer channel, Shard shard, boolean force,
        boolean dryRun) {
}
