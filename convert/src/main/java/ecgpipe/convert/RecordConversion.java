package ecgpipe.convert;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.PipelineException;
import ecgpipe.common.io.AtomicFiles;
import ecgpipe.common.wfdb.AnnotationFile;
import ecgpipe.common.wfdb.MultiSegmentReader;
import ecgpipe.common.wfdb.MultiSegmentRecord;
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

    /** Records this stage does not handle by design (headers without signals): skipped with a note. */
    record NotConvertible(String record, String reason) implements Outcome {
    }

    record Failed(String record, PipelineException error) implements Outcome {
    }

    private final ConvertRequest request;
    private final String producer;
    private final Map<String, List<String>> extensions;

    /** {@code extensions}: for each record name in the input directory, the extensions of its files. */
    RecordConversion(ConvertRequest request, String producer, Map<String, List<String>> extensions) {
        this.request = request;
        this.producer = producer;
        this.extensions = extensions;
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
                    // Writing the HDF5 file failed (disk full, file system gone read-only): name the output.
                    return new Failed(name, PipelineException.io("cannot write " + target(name), io));
                }
            }
            String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Failed(name, new PipelineException(ecgpipe.common.ExitCode.INTERNAL, name + ": " + detail, e));
        }
    }

    private Outcome convertOrThrow(Path hea, String name) {
        Path dir = hea.toAbsolutePath().getParent();
        RecordHeader header = RecordHeader.read(hea);
        if (header.numberOfSignals() == 0) {
            return new NotConvertible(name, "the header declares no signals");
        }
        Set<String> inputs = new LinkedHashSet<>();
        inputs.add(hea.getFileName().toString());
        if (header.isMultiSegment()) {
            inputs.addAll(segmentFiles(header, dir));
        } else {
            header.signals().forEach(s -> inputs.add(s.fileName()));
        }
        List<String> annotators = new ArrayList<>();
        for (String annotator : annotatorsOf(name, inputs)) {
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

        MultiSegmentRecord segments = null;
        WfdbRecord record;
        if (header.isMultiSegment()) {
            segments = MultiSegmentReader.read(header, dir, name, request.verify());
            record = segments.record();
        } else {
            record = WfdbReader.read(header, dir, hea.toString());
            if (request.verify()) {
                List<SignalVerifier.Mismatch> mismatches = SignalVerifier.verify(record);
                if (!mismatches.isEmpty()) {
                    throw PipelineException.badInput(name + ": " + mismatches.get(0).message()
                            + (mismatches.size() > 1 ? " (and " + (mismatches.size() - 1) + " more)" : ""));
                }
            }
        }
        if (record.numberOfSamples() == 0) {
            throw PipelineException.badInput(name + ": the record has no samples");
        }
        Map<String, AnnotationFile> annotations = new LinkedHashMap<>();
        for (String annotator : annotators) {
            Path file = dir.resolve(name + "." + annotator);
            AnnotationFile a = AnnotationFile.read(file);
            a.checkWithin(record.numberOfSamples(), record.header().samplingFrequency(), file.toString());
            annotations.put(annotator, a);
        }
        Hdf5RecordWriter.Contents contents = new Hdf5RecordWriter.Contents(name, record, segments, annotations,
                sources, producer, request.deflate());
        checkSpace(target, Hdf5RecordWriter.dataBytes(contents));
        AtomicFiles.write(target, tmp -> Hdf5RecordWriter.write(tmp, contents));
        return new Converted(name, record.numberOfSamples());
    }

    /**
     * Fails fast when the samples alone cannot fit on the output's file system. Beyond saving the work, this
     * matters because jhdf 0.13.0 does not close its file when a write fails, so a failed file keeps its disk
     * space until the process ends, and every later record would fail too. A record that passes this check
     * can still fail mid-write (the check leaves out HDF5's overhead); that failure is reported the same way.
     */
    private static void checkSpace(Path target, long bytes) {
        long free;
        try {
            free = Files.getFileStore(target.toAbsolutePath().getParent()).getUsableSpace();
        } catch (java.io.IOException e) {
            return;     // no answer: let the write itself tell
        }
        if (free < bytes) {
            throw new PipelineException(ecgpipe.common.ExitCode.IO_ERROR, "cannot write " + target
                    + ": No space left on device (" + bytes + " bytes of data, " + free + " bytes free)");
        }
    }

    /** File extensions that are never annotation files, whatever record they sit next to. */
    private static final Set<String> NOT_ANNOTATIONS = Set.of("hea", "dat", "mat", "edf", "csv", "txt", "wav",
            "json", "xml", "md", "h5", "hdf5", "png", "jpg", "pdf", "gz", "zip", "flac", "html", "sha256");

    /** The requested annotators, or every {@code <record>.<ext>} that is not an input or a known non-annotation. */
    private List<String> annotatorsOf(String name, Set<String> inputs) {
        if (!request.allAnnotators()) {
            return request.annotators();
        }
        List<String> found = new ArrayList<>();
        for (String ext : extensions.getOrDefault(name, List.of())) {
            if (!NOT_ANNOTATIONS.contains(ext.toLowerCase(java.util.Locale.ROOT)) && !inputs.contains(name + "." + ext)
                    && ext.matches("[A-Za-z0-9_]+")) {
                found.add(ext);
            }
        }
        return found;
    }

    /** Segment headers and their signal files, read from the segment headers only (no samples). */
    static List<String> segmentFiles(RecordHeader master, Path dir) {
        Set<String> files = new LinkedHashSet<>();
        for (RecordHeader.Segment seg : master.segments()) {
            if (MultiSegmentReader.GAP.equals(seg.name())) {
                continue;
            }
            files.add(seg.name() + ".hea");
            RecordHeader h = RecordHeader.read(dir.resolve(seg.name() + ".hea"));
            for (SignalSpec s : h.signals()) {
                if (!MultiSegmentReader.GAP.equals(s.fileName())) {
                    files.add(s.fileName());
                }
            }
        }
        return List.copyOf(files);
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
                            Hdf5Layout.ATTR_SOURCE_SHA256)))
                    // Files of an earlier convert lack the frame layout attributes: rewrite them.
                    && h5.getDatasetByPath(Hdf5Layout.SIGNALS_DIGITAL)
                            .getAttribute(Hdf5Layout.SIG_MISSING_VALUE) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Object value(Attribute a) {
        return a == null ? null : a.getData();
    }
}
