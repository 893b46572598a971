package ecgpipe.common.wfdb;

import ecgpipe.common.PipelineException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a multi-segment record (header(5): a master header whose lines name segment records) as one
 * continuous record.
 *
 * <p>Fixed layout: every segment has the master's signals in the same order. Variable layout: the first
 * segment has length 0 and is the layout header ({@code <name>_layout}); it lists the record's signals, and
 * each segment holds some of them, matched by description, with its own gain and baseline. A segment named
 * {@code ~} is a gap. Frames of a gap, and signals a segment lacks, hold the invalid value of the merged
 * signal's format (as wfdb-python fills them), so they read as missing.
 *
 * <p>Segments keep their own gains: {@link MultiSegmentRecord.Span#gain()} gives them per segment, and the
 * digital samples are concatenated as stored, never rescaled.
 */
public final class MultiSegmentReader {
    /** Segment name of a gap in a multi-segment header. */
    public static final String GAP = "~";

    private MultiSegmentReader() {
    }

    /**
     * Reads every segment of {@code master} from {@code dir}. With {@code verify}, each segment's checksums,
     * initial values and file lengths are checked, and a mismatch is {@code badInput} naming the segment.
     */
    public static MultiSegmentRecord read(RecordHeader master, Path dir, String source, boolean verify) {
        if (!master.isMultiSegment()) {
            throw new IllegalArgumentException(master.name() + " is not a multi-segment record");
        }
        List<RecordHeader.Segment> lines = master.segments();
        boolean variable = !lines.isEmpty() && lines.get(0).numberOfSamples() == 0 && !GAP.equals(lines.get(0).name());
        Set<String> files = new LinkedHashSet<>();
        List<SignalSpec> layout = null;
        if (variable) {
            RecordHeader layoutHeader = segmentHeader(dir, lines.get(0).name(), files);
            layout = layoutHeader.signals();
        }

        // Read the segments (gaps stay null) and settle the merged signal list.
        List<WfdbRecord> records = new ArrayList<>();
        List<RecordHeader.Segment> parts = new ArrayList<>();
        for (int k = variable ? 1 : 0; k < lines.size(); k++) {
            RecordHeader.Segment line = lines.get(k);
            parts.add(line);
            if (GAP.equals(line.name())) {
                records.add(null);
                continue;
            }
            RecordHeader h = segmentHeader(dir, line.name(), files);
            if (h.isMultiSegment()) {
                throw PipelineException.badInput(source + ": segment " + line.name() + " is itself a multi-segment record");
            }
            h.signals().forEach(s -> {
                if (!"~".equals(s.fileName())) {
                    files.add(s.fileName());
                }
            });
            WfdbRecord r = WfdbReader.read(h, dir, dir.resolve(line.name() + ".hea").toString());
            if (r.numberOfSamples() != line.numberOfSamples()) {
                throw PipelineException.badInput(source + ": segment " + line.name() + " has " + r.numberOfSamples()
                        + " samples, the master header says " + line.numberOfSamples());
            }
            if (verify) {
                List<SignalVerifier.Mismatch> m = SignalVerifier.verify(r);
                if (!m.isEmpty()) {
                    throw PipelineException.badInput(source + ": segment " + line.name() + ": " + m.get(0).message());
                }
            }
            records.add(r);
        }
        if (layout == null) {
            layout = records.stream().filter(r -> r != null).findFirst()
                    .orElseThrow(() -> PipelineException.badInput(source + ": every segment is a gap"))
                    .header().signals();
        }
        int nsig = layout.size();
        if (nsig != master.numberOfSignals()) {
            throw PipelineException.badInput(source + ": the record line declares " + master.numberOfSignals()
                    + " signals, its " + (variable ? "layout" : "first") + " segment has " + nsig);
        }

        // Map each segment's signals onto the merged ones.
        int[][] map = new int[records.size()][];
        for (int k = 0; k < records.size(); k++) {
            WfdbRecord r = records.get(k);
            if (r == null) {
                continue;
            }
            map[k] = new int[nsig];
            Arrays.fill(map[k], -1);
            List<SignalSpec> segSignals = r.header().signals();
            if (!variable) {
                if (segSignals.size() != nsig) {
                    throw PipelineException.badInput(source + ": fixed-layout segment " + parts.get(k).name() + " has "
                            + segSignals.size() + " signals, not " + nsig);
                }
                for (int i = 0; i < nsig; i++) {
                    map[k][i] = i;
                }
            } else {
                boolean[] used = new boolean[segSignals.size()];
                for (int i = 0; i < nsig; i++) {
                    for (int j = 0; j < segSignals.size(); j++) {
                        if (!used[j] && segSignals.get(j).description().equals(layout.get(i).description())) {
                            map[k][i] = j;
                            used[j] = true;
                            break;
                        }
                    }
                }
            }
        }

        // Merged signal specifications: names and units from the layout, the widest format and the
        // samples per frame of the segments (which must agree).
        List<SignalSpec> merged = new ArrayList<>();
        for (int i = 0; i < nsig; i++) {
            SignalSpec base = layout.get(i);
            StorageFormat widest = null;
            int spf = -1;
            SignalSpec firstPresent = null;
            for (int k = 0; k < records.size(); k++) {
                if (map[k] == null || map[k][i] < 0) {
                    continue;
                }
                SignalSpec s = records.get(k).header().signals().get(map[k][i]);
                StorageFormat f = StorageFormat.of(s.format()).orElseThrow();
                if (widest == null || f.bits() > widest.bits() || (f.bits() == widest.bits() && !f.fitsInt16())) {
                    widest = f;
                }
                if (spf >= 0 && s.samplesPerFrame() != spf) {
                    throw PipelineException.badInput(source + ": signal " + i + " (" + base.description()
                            + ") changes samples per frame between segments");
                }
                spf = s.samplesPerFrame();
                if (firstPresent == null) {
                    firstPresent = s;
                }
            }
            if (firstPresent == null) {
                // A signal no segment holds: all missing, in the layout's own terms.
                widest = StorageFormat.LITTLE_ENDIAN_16;
                spf = base.samplesPerFrame();
                firstPresent = base;
            }
            SignalSpec g = variable ? base : firstPresent;
            merged.add(new SignalSpec(GAP, widest.code(), spf, 0, 0, g.gain(), g.baseline(), g.units(),
                    g.adcResolution(), g.adcZero(), OptionalInt.empty(), OptionalInt.empty(), 0, base.description()));
        }

        long total = parts.stream().mapToLong(RecordHeader.Segment::numberOfSamples).sum();
        if (master.numberOfSamples() != 0 && master.numberOfSamples() != total) {
            throw PipelineException.badInput(source + ": the record line declares " + master.numberOfSamples()
                    + " samples, its segments hold " + total);
        }
        int[][] samples = new int[nsig][];
        for (int i = 0; i < nsig; i++) {
            long n = total * merged.get(i).samplesPerFrame();
            if (n > Integer.MAX_VALUE - 16) {
                throw PipelineException.badInput(source + ": " + n + " samples are more than this reader holds");
            }
            samples[i] = new int[(int) n];
        }
        List<MultiSegmentRecord.Span> spans = new ArrayList<>();
        long start = 0;
        for (int k = 0; k < records.size(); k++) {
            WfdbRecord r = records.get(k);
            long length = parts.get(k).numberOfSamples();
            double[] gain = new double[nsig];
            int[] baseline = new int[nsig];
            Arrays.fill(gain, Double.NaN);
            for (int i = 0; i < nsig; i++) {
                int spf = merged.get(i).samplesPerFrame();
                int from = (int) (start * spf);
                int to = (int) ((start + length) * spf);
                int invalid = StorageFormat.of(merged.get(i).format()).orElseThrow().invalidValue();
                int j = map[k] == null ? -1 : map[k][i];
                if (j < 0) {
                    Arrays.fill(samples[i], from, to, invalid);
                    continue;
                }
                SignalSpec s = r.header().signals().get(j);
                gain[i] = s.gain();
                baseline[i] = s.baseline();
                int segInvalid = r.invalidValue(j);
                int[] src = r.samples()[j];
                for (int t = 0; t < src.length; t++) {
                    int v = src[t];
                    samples[i][from + t] = v == segInvalid ? invalid : v;
                }
            }
            spans.add(new MultiSegmentRecord.Span(parts.get(k).name(), start, length, gain, baseline));
            start += length;
        }
        // The merged record reads like a single-segment one; the segments are described by the spans.
        RecordHeader header = new RecordHeader(master.name(), 0, nsig, master.samplingFrequency(),
                master.counterFrequency(), master.baseCounter(), total, master.baseTime(), master.baseDate(), merged,
                List.of(), master.comments());
        int[] checksums = new int[nsig];
        int[] firsts = new int[nsig];
        for (int i = 0; i < nsig; i++) {
            checksums[i] = SignalVerifier.checksum(samples[i]);
            firsts[i] = samples[i].length > 0 ? samples[i][0] : 0;
        }
        WfdbRecord record = new WfdbRecord(header, samples, checksums, firsts);
        return new MultiSegmentRecord(record, variable ? MultiSegmentRecord.VARIABLE : MultiSegmentRecord.FIXED,
                variable ? lines.get(0).name() : "", spans, List.copyOf(files));
    }

    private static RecordHeader segmentHeader(Path dir, String name, Set<String> files) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw PipelineException.badInput(dir + ": segment name '" + name + "' is not a record name in this directory");
        }
        files.add(name + ".hea");
        return RecordHeader.read(dir.resolve(name + ".hea"));
    }
}
