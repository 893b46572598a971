package ecgpipe.common.synth;

import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.RecordHeader;
import java.nio.file.Path;
import java.util.List;

/**
 * A synthetic record as written: its parameters, the header (with checksums), the stored samples and the
 * annotations of the {@code .atr} file (a rhythm annotation, then one N or V per beat at its true R peak).
 */
public record SyntheticRecord(EcgSynth.Params params, Path directory, RecordHeader header, int[][] samples,
                              List<Annotation> annotations) {

    public Path headerFile() {
        return directory.resolve(header.name() + ".hea");
    }

    /** The beat annotations only (without the rhythm annotation). */
    public List<Annotation> beats() {
        return annotations.stream().filter(Annotation::isBeat).toList();
    }
}
