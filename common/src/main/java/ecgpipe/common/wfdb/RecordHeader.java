package ecgpipe.common.wfdb;

import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed WFDB header file ({@code .hea}, header(5)): the record line, one {@link SignalSpec} per signal
 * line (or one {@link Segment} per segment line of a multi-segment record) and the {@code #} comment lines.
 *
 * @param name               record name
 * @param numberOfSegments   0 for an ordinary record, otherwise the segment count of a multi-segment record
 * @param numberOfSignals    signals per frame (for an ordinary record, the size of {@code signals})
 * @param samplingFrequency  frames per second (header(5) default 250)
 * @param counterFrequency   counter ticks per second, 0 when the header gives none
 * @param baseCounter        counter value at sample 0
 * @param numberOfSamples    frames per signal; 0 when the header does not say (then the signal file decides)
 * @param baseTime           as written ("" when absent), e.g. "17:27:45"
 * @param baseDate           as written ("" when absent), e.g. "15/08/1994"
 * @param signals            signal lines in header order (empty for multi-segment records)
 * @param segments           segment lines of a multi-segment record (empty otherwise)
 * @param comments           text of the {@code #} lines, without the {@code #} and surrounding blanks
 */
public record RecordHeader(String name, int numberOfSegments, int numberOfSignals, double samplingFrequency, double counterFrequency,
                           double baseCounter, long numberOfSamples, String baseTime, String baseDate,
                           List<SignalSpec> signals, List<Segment> segments, List<String> comments) {

    public static final double DEFAULT_FREQUENCY = 250.0;

    /** One line of a multi-segment header: a segment record name ("~" for a gap) and its length. */
    public record Segment(String name, long numberOfSamples) {
    }

    private static final Pattern FREQUENCY = Pattern.compile(
            "([0-9.eE+-]+)(?:/([0-9.eE+-]+)(?:\\(([0-9.eE+-]+)\\))?)?");
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(?:x(\\d+))?(?::(\\d+))?(?:\\+(\\d+))?");
    private static final Pattern GAIN = Pattern.compile("([-+0-9.eE]+)(?:\\((-?\\d+)\\))?(?:/(.*))?");
    private static final Pattern BLANKS = Pattern.compile("[ \\t]+");

    public RecordHeader {
        signals = List.copyOf(signals);
        segments = List.copyOf(segments);
        comments = List.copyOf(comments);
        if (numberOfSegments == 0 && numberOfSignals != signals.size()) {
            throw new IllegalArgumentException("numberOfSignals " + numberOfSignals + " but " + signals.size()
                    + " signal specifications");
        }
    }

    /** An ordinary (single-segment) record. */
    public static RecordHeader of(String name, double samplingFrequency, long numberOfSamples, String baseTime,
                                  String baseDate, List<SignalSpec> signals, List<String> comments) {
        return new RecordHeader(name, 0, signals.size(), samplingFrequency, 0, 0, numberOfSamples, baseTime,
                baseDate, signals, List.of(), comments);
    }

    public boolean isMultiSegment() {
        return numberOfSegments > 0;
    }

    /** A copy with other signal specifications (e.g. with computed checksums). */
    public RecordHeader withSignals(List<SignalSpec> newSignals) {
        return new RecordHeader(name, numberOfSegments, newSignals.size(), samplingFrequency, counterFrequency,
                baseCounter, numberOfSamples, baseTime, baseDate, newSignals, segments, comments);
    }

    public RecordHeader withNumberOfSamples(long n) {
        return new RecordHeader(name, numberOfSegments, numberOfSignals, samplingFrequency, counterFrequency,
                baseCounter, n, baseTime, baseDate, signals, segments, comments);
    }

    /** Reads and parses a {@code .hea} file; problems become {@code badInput("<file>: line N: ...")}. */
    public static RecordHeader read(Path hea) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(hea);
        } catch (IOException e) {
            throw PipelineException.io("cannot read header " + hea, e);
        }
        // Headers are ASCII by the spec; some carry Latin-1 units (e.g. a degree sign), which ISO-8859-1 keeps.
        return parse(new String(bytes, StandardCharsets.ISO_8859_1), hea.toString());
    }

    /** Parses header text; {@code source} names the file in error messages. */
    public static RecordHeader parse(String text, String source) {
        String[] lines = text.split("\r?\n|\r", -1);
        List<String> comments = new ArrayList<>();
        List<SignalSpec> signals = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        RecordLine recordLine = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNo = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            try {
                if (recordLine == null) {
                    recordLine = parseRecordLine(line);
                } else if (recordLine.segments > 0) {
                    if (segments.size() == recordLine.segments) {
                        throw new IllegalArgumentException("more segment lines than the " + recordLine.segments
                                + " the record line declares");
                    }
                    segments.add(parseSegmentLine(line));
                } else {
                    if (signals.size() == recordLine.signals) {
                        throw new IllegalArgumentException("more signal lines than the " + recordLine.signals
                                + " the record line declares");
                    }
                    signals.add(parseSignalLine(line));
                }
            } catch (IllegalArgumentException e) {
                throw PipelineException.badInput(source + ": line " + lineNo + ": " + e.getMessage());
            }
        }
        if (recordLine == null) {
            throw PipelineException.badInput(source + ": no record line (empty header)");
        }
        if (recordLine.segments > 0 && segments.size() != recordLine.segments) {
            throw PipelineException.badInput(source + ": record line declares " + recordLine.segments
                    + " segments but " + segments.size() + " segment lines follow");
        }
        if (recordLine.segments == 0 && signals.size() != recordLine.signals) {
            throw PipelineException.badInput(source + ": record line declares " + recordLine.signals
                    + " signals but " + signals.size() + " signal lines follow");
        }
        return new RecordHeader(recordLine.name, recordLine.segments, recordLine.signals, recordLine.fs, recordLine.counterFs,
                recordLine.baseCounter, recordLine.samples, recordLine.baseTime, recordLine.baseDate,
                signals, segments, comments);
    }

    private record RecordLine(String name, int segments, int signals, double fs, double counterFs,
                              double baseCounter, long samples, String baseTime, String baseDate) {
    }

    private static RecordLine parseRecordLine(String line) {
        String[] t = BLANKS.split(line);
        String name = t[0];
        int segments = 0;
        int slash = name.indexOf('/');
        if (slash >= 0) {
            segments = parseInt(name.substring(slash + 1), "number of segments");
            if (segments < 1) {
                throw new IllegalArgumentException("number of segments must be positive: " + segments);
            }
            name = name.substring(0, slash);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty record name");
        }
        if (t.length < 2) {
            throw new IllegalArgumentException("record line has no number of signals");
        }
        int nsig = parseInt(t[1], "number of signals");
        if (nsig < 0) {
            throw new IllegalArgumentException("negative number of signals: " + nsig);
        }
        double fs = DEFAULT_FREQUENCY;
        double counterFs = 0;
        double baseCounter = 0;
        if (t.length > 2) {
            Matcher m = FREQUENCY.matcher(t[2]);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad sampling frequency '" + t[2] + "'");
            }
            fs = parseDouble(m.group(1), "sampling frequency");
            if (m.group(2) != null) {
                counterFs = parseDouble(m.group(2), "counter frequency");
            }
            if (m.group(3) != null) {
                baseCounter = parseDouble(m.group(3), "base counter value");
            }
            if (!(fs > 0) || Double.isInfinite(fs)) {
                // header(5) allows 0 only as "missing"; WFDB then uses the default.
                if (fs == 0) {
                    fs = DEFAULT_FREQUENCY;
                } else {
                    throw new IllegalArgumentException("sampling frequency must be positive: " + t[2]);
                }
            }
        }
        long samples = 0;
        if (t.length > 3) {
            samples = parseLong(t[3], "number of samples");
            if (samples < 0) {
                throw new IllegalArgumentException("negative number of samples: " + samples);
            }
        }
        String baseTime = t.length > 4 ? t[4] : "";
        String baseDate = t.length > 5 ? t[5] : "";
        return new RecordLine(name, segments, nsig, fs, counterFs, baseCounter, samples, baseTime, baseDate);
    }

    private static Segment parseSegmentLine(String line) {
        String[] t = BLANKS.split(line);
        if (t.length < 2) {
            throw new IllegalArgumentException("segment line needs a record name and a length");
        }
        return new Segment(t[0], parseLong(t[1], "segment length"));
    }

    private static SignalSpec parseSignalLine(String line) {
        String[] t = BLANKS.split(line, 10);
        String file = t[0];
        if (t.length < 2) {
            throw new IllegalArgumentException("signal line has no storage format");
        }
        Matcher f = FORMAT.matcher(t[1]);
        if (!f.matches()) {
            throw new IllegalArgumentException("bad storage format field '" + t[1] + "'");
        }
        int format = parseInt(f.group(1), "storage format");
        int spf = f.group(2) == null ? 1 : parseInt(f.group(2), "samples per frame");
        int skew = f.group(3) == null ? 0 : parseInt(f.group(3), "skew");
        long offset = f.group(4) == null ? 0 : parseLong(f.group(4), "byte offset");
        if (spf < 1) {
            // "x0" is not meaningful; WFDB treats it as one sample per frame.
            spf = 1;
        }

        double gain = 0;
        Integer baseline = null;
        String units = SignalSpec.DEFAULT_UNITS;
        if (t.length > 2) {
            Matcher g = GAIN.matcher(t[2]);
            if (!g.matches()) {
                throw new IllegalArgumentException("bad gain field '" + t[2] + "'");
            }
            gain = parseDouble(g.group(1), "gain");
            if (g.group(2) != null) {
                baseline = parseInt(g.group(2), "baseline");
            }
            if (g.group(3) != null && !g.group(3).isEmpty()) {
                units = g.group(3);
            }
        }
        if (gain == 0) {
            gain = SignalSpec.DEFAULT_GAIN;
        }
        int adcRes = t.length > 3 ? parseInt(t[3], "ADC resolution") : 0;
        if (adcRes == 0) {
            adcRes = StorageFormat.of(format).map(StorageFormat::defaultAdcResolution).orElse(12);
        }
        int adcZero = t.length > 4 ? parseInt(t[4], "ADC zero") : 0;
        OptionalInt initial = t.length > 5 ? OptionalInt.of(parseInt(t[5], "initial value")) : OptionalInt.empty();
        OptionalInt checksum = t.length > 6 ? OptionalInt.of(parseInt(t[6], "checksum")) : OptionalInt.empty();
        int blockSize = t.length > 7 ? parseInt(t[7], "block size") : 0;
        String description = t.length > 8 ? (t.length > 9 ? t[8] + line.substring(descriptionGap(line, t)) : t[8]) : "";
        return new SignalSpec(file, format, spf, skew, offset, gain, baseline == null ? adcZero : baseline,
                units, adcRes, adcZero, initial, checksum, blockSize, description.strip());
    }

    /** Start of the blanks after the 9th field, so the description keeps its inner spacing. */
    private static int descriptionGap(String line, String[] t) {
        int idx = 0;
        for (int k = 0; k < 9; k++) {
            idx = line.indexOf(t[k], idx) + t[k].length();
        }
        return idx;
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "'");
        }
    }

    private static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "'");
        }
    }

    private static double parseDouble(String s, String what) {
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "'");
        }
    }

    /** The header as text in header(5) syntax ({@code \n} line ends); {@link #parse} reads it back equal. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(name);
        if (numberOfSegments > 0) {
            sb.append('/').append(numberOfSegments);
        }
        sb.append(' ').append(numberOfSignals);
        sb.append(' ').append(number(samplingFrequency));
        if (counterFrequency != 0) {
            sb.append('/').append(number(counterFrequency));
            if (baseCounter != 0) {
                sb.append('(').append(number(baseCounter)).append(')');
            }
        }
        if (numberOfSamples > 0 || !baseTime.isEmpty()) {
            sb.append(' ').append(numberOfSamples);
            if (!baseTime.isEmpty()) {
                sb.append(' ').append(baseTime);
                if (!baseDate.isEmpty()) {
                    sb.append(' ').append(baseDate);
                }
            }
        }
        sb.append('\n');
        for (Segment s : segments) {
            sb.append(s.name()).append(' ').append(s.numberOfSamples()).append('\n');
        }
        for (SignalSpec s : signals) {
            sb.append(signalLine(s)).append('\n');
        }
        for (String c : comments) {
            sb.append("# ").append(c).append('\n');
        }
        return sb.toString();
    }

    private static String signalLine(SignalSpec s) {
        StringBuilder sb = new StringBuilder();
        sb.append(s.fileName()).append(' ').append(s.format());
        if (s.samplesPerFrame() > 1) {
            sb.append('x').append(s.samplesPerFrame());
        }
        if (s.skew() > 0) {
            sb.append(':').append(s.skew());
        }
        if (s.byteOffset() > 0) {
            sb.append('+').append(s.byteOffset());
        }
        sb.append(' ').append(number(s.gain()));
        if (s.baseline() != s.adcZero()) {
            sb.append('(').append(s.baseline()).append(')');
        }
        sb.append('/').append(s.units());
        sb.append(' ').append(s.adcResolution()).append(' ').append(s.adcZero());
        // The fields are positional: without an initial value or checksum nothing after it can be written.
        if (s.declaredInitialValue().isPresent() || s.declaredChecksum().isPresent()) {
            sb.append(' ').append(s.initialValue());
        }
        if (s.declaredChecksum().isPresent()) {
            sb.append(' ').append(s.declaredChecksum().getAsInt()).append(' ').append(s.blockSize());
            if (!s.description().isEmpty()) {
                sb.append(' ').append(s.description());
            }
        }
        return sb.toString();
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%s", d);
    }
}
