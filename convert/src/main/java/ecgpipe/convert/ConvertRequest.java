package ecgpipe.convert;

import ecgpipe.common.Shard;
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
 * @param annotators annotation file extensions to copy, e.g. ["atr"]; empty: every annotation file present
 * @param shard      which part of the records this run converts
 * @param verify     check checksums, initial values and signal file lengths against the header
 * @param deflate    0: contiguous signal datasets; 1-9: chunked, shuffled and deflated at that level
 */
public record ConvertRequest(Path inputDir, Path outputDir, int threads, boolean force, boolean dryRun,
                             List<String> annotators, Shard shard, boolean verify, int deflate) {

    public ConvertRequest {
        annotators = List.copyOf(annotators);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (deflate < 0 || deflate > 9) {
            throw new IllegalArgumentException("deflate level must be 0-9");
        }
    }

    /** True when every annotation file present is to be included. */
    public boolean allAnnotators() {
        return annotators.isEmpty();
    }
}
