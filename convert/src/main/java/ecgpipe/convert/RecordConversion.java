package ecgpipe.convert;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import ecgpipe.common.wfdb.Annotation;
import ecgpipe.common.wfdb.AnnotationReader;
import ecgpipe.common.wfdb.RecordHeader;
import ecgpipe.common.wfdb.SignalSpec;
import ecgpipe.common.wfdb.SignalVerifier;
import ecgpipe.common.wfdb.WfdbReader;
import ecgpipe.common.wfdb.WfdbRecord;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Converts one WFDB record (named by its header file) to {@code <output>/<record>.h5}. */
final class RecordConversion {

    /** What happened to one record. */
    sealed interface Outcome permits Converted, UpToDate, WouldConvert, NotConvertible, Failed {
        String record();
    }

    record Converted(String record, long samples) implements Outcome {
    }

    record UpToDate(String record) implements Outcome {
    }

    record WouldConvert(String record, List<String> inputs) implements Outcome {
    }

    /** Records this stage does not handle by design (multi-segment, no signals): skipped with a note. */
    record NotConvertible(String record, String reason) implements Outcome {
    }

    record Failed(String record, PipelineException error) implements Outcome {
    }

    private final ConvertRequest request;
    private final String producer;

    RecordConversion(ConvertRequest request, String producer) {
        this.request = request;
        this.producer = producer;
    }

    static String recordName(Path hea) {
        String f = hea.getFileName().toString();
        return f.substring(0, f.length() - ".hea".length());
    }

    Path target(String record) {
        return request.outputDir().resolve(record + ".h5");
    }

    /** Never throws for a problem of the record itself: that becomes {@link Failed}. */
    Outcome convert(Path hea) {
        String name = recordName(hea);
        try {
            return convertOrThrow(hea, name);
        } catch (PipelineException e) {
            return new Failed(name, e);
        } catch (RuntimeException e) {
            // A library failure (e.g. jhdf) on one record must not stop the others; an I/O cause stays an I/O error.
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof java.io.IOException io) {
                    return new Failed(name, PipelineException.io(name + ": cannot convert", io));
                }
            }
            String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Failed(name, new PipelineException(ecgpipe.common.ExitCode.INTERNAL, name + ": " + detail, e));
        }
    }

    private Outcome convertOrThrow(Path hea, String name) {
        Path dir = hea.toAbsolutePath().getParent();
        RecordHeader header = RecordHeader.read(hea);
        if (header.isMultiSegment()) {
            return new NotConvertible(name, "multi-segment record (convert its segments)");
        }
        if (header.numberOfSignals() == 0) {
            return new NotConvertible(name, "the header declares no signals");
        }
        for (int i = 0; i < header.numberOfSignals(); i++) {
            SignalSpec s = header.signals().get(i);
            if (s.samplesPerFrame() != 1) {
                throw PipelineException.badInput(name + ": signal " + i + " has " + s.samplesPerFrame()
                        + " samples per frame; the record layout holds one sample per signal and frame");
            }
        }
        Set<String> inputs = new LinkedHashSet<>();
        inputs.add(hea.getFileName().toString());
        header.signals().forEach(s -> inputs.add(s.fileName()));
        List<String> annotators = new ArrayList<>();
        for (String annotator : request.annotators()) {
            if (Files.isRegularFile(dir.resolve(name + "." + annotator))) {
                inputs.add(name + "." + annotator);
                annotators.add(annotator);
            }
        }
        SourceFiles sources = SourceFiles.of(dir, List.copyOf(inputs));
        Path target = target(name);
        if (!request.force() && isUpToDate(target, sources)) {
            return new UpToDate(name);
        }
        if (request.dryRun()) {
            return new WouldConvert(name, sources.names());
        }

        WfdbRecord record = WfdbReader.read(header, dir, hea.toString());
        if (record.numberOfSamples() == 0) {
            throw PipelineException.badInput(name + ": the record has no samples");
        }
        List<SignalVerifier.Mismatch> mismatches = SignalVerifier.verify(record);
        if (!mismatches.isEmpty()) {
            throw PipelineException.badInput(name + ": " + mismatches.get(0).message()
                    + (mismatches.size() > 1 ? " (and " + (mismatches.size() - 1) + " more)" : ""));
        }
        Map<String, List<Annotation>> annotations = new LinkedHashMap<>();
        for (String annotator : annotators) {
            annotations.put(annotator, AnnotationReader.read(dir.resolve(name + "." + annotator)));
        }
        Hdf5RecordWriter.Contents contents = new Hdf5RecordWriter.Contents(name, record, annotations, sources,
                producer);
        AtomicFiles.write(target, tmp -> Hdf5RecordWriter.write(tmp, contents));
        return new Converted(name, record.numberOfSamples());
    }

    /**
     * True when {@code target} is a complete record file of this layout version made from exactly these
     * inputs. A file that cannot be read is not up to date (it is rewritten).
     */
    static boolean isUpToDate(Path target, SourceFiles sources) {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        try (HdfFile h5 = new HdfFile(target)) {
            return Hdf5Layout.LAYOUT_RECORD.equals(value(h5.getAttribute(Hdf5Layout.ATTR_LAYOUT)))
                    && Integer.valueOf(Hdf5Layout.LAYOUT_VERSION).equals(value(h5.getAttribute(
                            Hdf5Layout.ATTR_LAYOUT_VERSION)))
                    && Arrays.equals(sources.names().toArray(), (Object[]) value(h5.getAttribute(
                            Hdf5Layout.ATTR_SOURCE_FILES)))
                    && Arrays.equals(sources.sha256().toArray(), (Object[]) value(h5.getAttribute(
                            Hdf5Layout.ATTR_SOURCE_SHA256)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Object value(Attribute a) {
        return a == null ? null : a.getData();
    }
}
