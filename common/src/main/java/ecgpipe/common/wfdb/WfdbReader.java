package ecgpipe.common.wfdb;

import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a single-segment WFDB record: the header and every signal file it names (signal(5)).
 *
 * <p>Each signal file is read in one go and decoded by one tight loop per format straight into the
 * per-signal arrays, so a 30-minute two-signal MIT-BIH record (1.9 MB of format 212) decodes in a few
 * milliseconds once the file is in the page cache.
 */
public final class WfdbReader {
    private WfdbReader() {
    }

    /** Reads the record whose header is {@code hea}; its signal files are looked up next to it. */
    public static WfdbRecord read(Path hea) {
        RecordHeader header = RecordHeader.read(hea);
        return read(header, hea.toAbsolutePath().getParent(), hea.toString());
    }

    /**
     * Decodes the signals of {@code header} from files in {@code dir}. {@code source} names the header in
     * messages. Failures are {@link PipelineException#badInput} naming the file (truncated, unsupported
     * format) or {@link PipelineException#io} (cannot read).
     */
    public static WfdbRecord read(RecordHeader header, Path dir, String source) {
        if (header.isMultiSegment()) {
            throw PipelineException.badInput(source + ": multi-segment record (" + header.numberOfSegments()
                    + " segments); read it with MultiSegmentReader");
        }
        List<SignalSpec> signals = header.signals();
        int nsig = signals.size();
        List<int[]> groups = signalFiles(signals);
        for (int[] g : groups) {
            SignalSpec first = signals.get(g[0]);
            for (int i = g[0]; i < g[1]; i++) {
                SignalSpec s = signals.get(i);
                if (StorageFormat.of(s.format()).isEmpty()) {
                    String why = StorageFormat.isFlac(s.format())
                            ? " (FLAC-compressed; formats 508, 516 and 524 are not read by this converter)" : "";
                    throw PipelineException.badInput(source + ": signal " + i + ": unsupported storage format "
                            + s.format() + why);
                }
                if (s.format() != first.format()) {
                    throw PipelineException.badInput(source + ": signals " + g[0] + " and " + i + " share "
                            + first.fileName() + " but not a storage format");
                }
            }
        }

        // Read every file first: the number of samples may have to be inferred from a file's size.
        long frames = header.numberOfSamples();
        byte[][] data = new byte[groups.size()][];
        for (int k = 0; k < groups.size(); k++) {
            SignalSpec first = signals.get(groups.get(k)[0]);
            Path file = dir.resolve(first.fileName());
            try {
                data[k] = Files.readAllBytes(file);
            } catch (IOException e) {
                throw PipelineException.io("cannot read signal file " + file, e);
            }
            if (header.numberOfSamples() == 0) {
                long available = availableFrames(signals, groups.get(k), data[k]);
                frames = k == 0 ? available : Math.min(frames, available);
            }
        }
        RecordHeader resolved = header.numberOfSamples() == frames ? header : header.withNumberOfSamples(frames);

        int[][] samples = new int[nsig][];
        int[] checksums = new int[nsig];
        int[] firsts = new int[nsig];
        long[] extra = new long[nsig];
        for (int k = 0; k < groups.size(); k++) {
            int[] g = groups.get(k);
            SignalSpec first = signals.get(g[0]);
            StorageFormat format = StorageFormat.of(first.format()).orElseThrow();
            Path file = dir.resolve(first.fileName());
            // Only bytes beyond those the header's frames occupy count (a 310 block with 2 samples fills 4 bytes,
            // like one with 3).
            long used = first.byteOffset() + format.bytesFor(frames * samplesPerFrame(signals, g[0], g[1]));
            extra[g[0]] = data[k].length > used ? Math.max(0, availableFrames(signals, g, data[k]) - frames) : 0;
            decodeFile(file, data[k], format, signals, g[0], g[1], frames, samples);
            data[k] = null;
            for (int i = g[0]; i < g[1]; i++) {
                checksums[i] = SignalVerifier.checksum(samples[i]);
                firsts[i] = samples[i].length > 0 ? samples[i][0] : 0;
                alignSkew(samples[i], signals.get(i), format);
            }
        }
        return new WfdbRecord(resolved, samples, checksums, firsts, extra);
    }

    /**
     * Decodes the samples of one signal file held in memory: {@code signals} are the signals stored in it (in
     * header order, one storage format), {@code frames} the frames to decode. Returns one array per signal in file
     * order (no skew alignment). The hot path of {@link #read}, public for benchmarks and tools that hold the
     * bytes already.
     */
    public static int[][] decode(List<SignalSpec> signals, byte[] data, long frames) {
        StorageFormat format = StorageFormat.of(signals.get(0).format()).orElseThrow(() ->
                PipelineException.badInput("unsupported storage format " + signals.get(0).format()));
        int[][] samples = new int[signals.size()][];
        decodeFile(Path.of(signals.get(0).fileName()), data, format, signals, 0, signals.size(), frames, samples);
        return samples;
    }

    /** Consecutive signals stored in the same file, as [from, to) index pairs. */
    static List<int[]> signalFiles(List<SignalSpec> signals) {
        List<int[]> groups = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= signals.size(); i++) {
            if (i == signals.size() || !signals.get(i).fileName().equals(signals.get(start).fileName())) {
                if (i > start) {
                    groups.add(new int[] {start, i});
                }
                start = i;
            }
        }
        return groups;
    }

    private static int samplesPerFrame(List<SignalSpec> signals, int from, int to) {
        int f = 0;
        for (int i = from; i < to; i++) {
            f += signals.get(i).samplesPerFrame();
        }
        return f;
    }

    private static long availableFrames(List<SignalSpec> signals, int[] g, byte[] data) {
        SignalSpec first = signals.get(g[0]);
        StorageFormat format = StorageFormat.of(first.format()).orElseThrow();
        long bytes = Math.max(0, data.length - first.byteOffset());
        return format.samplesIn(bytes) / samplesPerFrame(signals, g[0], g[1]);
    }

    private static void decodeFile(Path file, byte[] data, StorageFormat format, List<SignalSpec> signals,
                                   int from, int to, long frames, int[][] samples) {
        int perFrame = samplesPerFrame(signals, from, to);
        long total = frames * perFrame;
        long maxPerSignal = frames * signals.stream().skip(from).limit(to - from)
                .mapToInt(SignalSpec::samplesPerFrame).max().orElse(1);
        if (total > Integer.MAX_VALUE - 16 || maxPerSignal > Integer.MAX_VALUE - 16) {
            throw PipelineException.badInput(file + ": " + total + " samples are more than this reader holds");
        }
        long offset = signals.get(from).byteOffset();
        long needed = format.bytesFor(total);
        if (data.length - offset < needed) {
            throw PipelineException.badInput(file + ": truncated: " + Math.max(0, data.length - offset)
                    + " bytes of samples, " + needed + " needed for " + frames + " frames");
        }
        for (int i = from; i < to; i++) {
            samples[i] = new int[Math.toIntExact(frames * signals.get(i).samplesPerFrame())];
        }
        if (to - from == 1 && signals.get(from).samplesPerFrame() == 1) {
            // One signal alone in its file: decode straight into its array.
            decode(format, data, (int) offset, samples[from], 0, 1, (int) total);
            if (format == StorageFormat.DIFFERENCE_8) {
                accumulate(samples[from], 0, 1, signals.get(from).initialValue());
            }
            return;
        }
        if (format == StorageFormat.PACKED_212 && perFrame == 2 && to - from == 2) {
            // The MIT-BIH layout: each 3-byte group is one frame of two signals.
            decode212Pairs(data, (int) offset, samples[from], samples[from + 1], (int) frames);
            return;
        }
        boolean stridedFast = format == StorageFormat.PACKED_212 || format == StorageFormat.LITTLE_ENDIAN_16;
        if (perFrame == to - from && stridedFast) {
            // One sample per frame for every signal (the usual case): a strided decode per signal.
            for (int i = from; i < to; i++) {
                decodeStrided(format, data, (int) offset, samples[i], i - from, perFrame, (int) total);
                if (format == StorageFormat.DIFFERENCE_8) {
                    accumulate(samples[i], 0, 1, signals.get(i).initialValue());
                }
            }
            return;
        }
        // Several samples per frame for some signal: decode the frames, then deal them out.
        int[] flat = new int[(int) total];
        decode(format, data, (int) offset, flat, 0, 1, (int) total);
        int slot = 0;
        for (int i = from; i < to; i++) {
            int spf = signals.get(i).samplesPerFrame();
            int[] out = samples[i];
            for (int t = 0, src = slot; t < frames; t++, src += perFrame) {
                System.arraycopy(flat, src, out, t * spf, spf);
            }
            if (format == StorageFormat.DIFFERENCE_8) {
                accumulate(out, 0, 1, signals.get(i).initialValue());
            }
            slot += spf;
        }
    }

    private static void decode212Pairs(byte[] d, int offset, int[] a, int[] b, int frames) {
        for (int t = 0, p = offset; t < frames; t++, p += 3) {
            int b0 = d[p] & 0xFF;
            int b1 = d[p + 1] & 0xFF;
            int b2 = d[p + 2] & 0xFF;
            a[t] = (((b1 & 0x0F) << 8 | b0) << 20) >> 20;
            b[t] = (((b1 & 0xF0) << 4 | b2) << 20) >> 20;
        }
    }

    /** Format 8 stores first differences: turn them into values, starting from the header's initial value. */
    private static void accumulate(int[] values, int from, int step, int initial) {
        int v = initial;
        for (int i = from; i < values.length; i += step) {
            v += values[i];
            values[i] = v;
        }
    }

    /** Sample {@code t} of a skewed signal is file sample {@code t + skew}; the unreadable tail is invalid. */
    private static void alignSkew(int[] values, SignalSpec spec, StorageFormat format) {
        int shift = spec.skew() * spec.samplesPerFrame();
        if (shift == 0 || values.length == 0) {
            return;
        }
        shift = Math.min(shift, values.length);
        System.arraycopy(values, shift, values, 0, values.length - shift);
        Arrays.fill(values, values.length - shift, values.length, format.invalidValue());
    }

    /**
     * Decodes the file samples {@code first, first + stride, ...} (of {@code total} in file order) into
     * consecutive elements of {@code out}.
     */
    private static void decodeStrided(StorageFormat format, byte[] d, int offset, int[] out, int first, int stride,
                                      int total) {
        if (stride == 1) {
            decode(format, d, offset, out, first, 1, total);
            return;
        }
        int o = 0;
        switch (format) {
            case PACKED_212 -> {
                for (int n = first; n < total; n += stride) {
                    int b = offset + (n >> 1) * 3;
                    int v = (n & 1) == 0
                            ? ((d[b + 1] & 0x0F) << 8) | (d[b] & 0xFF)
                            : ((d[b + 1] & 0xF0) << 4) | (d[b + 2] & 0xFF);
                    out[o++] = (v << 20) >> 20;
                }
            }
            case LITTLE_ENDIAN_16 -> {
                for (int n = first, b = offset + 2 * first; n < total; n += stride, b += 2 * stride) {
                    out[o++] = (short) ((d[b + 1] << 8) | (d[b] & 0xFF));
                }
            }
            default -> {
                for (int n = first; n < total; n += stride) {
                    out[o++] = decodeOne(format, d, offset, n);
                }
            }
        }
    }

    /** Decodes {@code count} consecutive file samples into {@code out[first], out[first+step], ...}. */
    private static void decode(StorageFormat format, byte[] d, int offset, int[] out, int first, int step,
                               int count) {
        int o = first;
        switch (format) {
            case PACKED_212 -> {
                int b = offset;
                int pairs = count >> 1;
                for (int p = 0; p < pairs; p++, b += 3) {
                    int b0 = d[b] & 0xFF;
                    int b1 = d[b + 1] & 0xFF;
                    int b2 = d[b + 2] & 0xFF;
                    out[o] = (((b1 & 0x0F) << 8 | b0) << 20) >> 20;
                    out[o + step] = (((b1 & 0xF0) << 4 | b2) << 20) >> 20;
                    o += 2 * step;
                }
                if ((count & 1) != 0) {
                    out[o] = ((((d[b + 1] & 0x0F) << 8) | (d[b] & 0xFF)) << 20) >> 20;
                }
            }
            case LITTLE_ENDIAN_16 -> {
                for (int n = 0, b = offset; n < count; n++, b += 2, o += step) {
                    out[o] = (short) ((d[b + 1] << 8) | (d[b] & 0xFF));
                }
            }
            case BIG_ENDIAN_16 -> {
                for (int n = 0, b = offset; n < count; n++, b += 2, o += step) {
                    out[o] = (short) ((d[b] << 8) | (d[b + 1] & 0xFF));
                }
            }
            case PACKED_310 -> {
                // Whole 4-byte blocks of three samples in one loop; an incomplete last block sample by sample.
                int blocks = count / 3;
                for (int k = 0, b = offset; k < blocks; k++, b += 4, o += 3 * step) {
                    int x = (d[b] & 0xFF) | (d[b + 1] & 0xFF) << 8;
                    int y = (d[b + 2] & 0xFF) | (d[b + 3] & 0xFF) << 8;
                    out[o] = (x << 21) >> 22;
                    out[o + step] = (y << 21) >> 22;
                    out[o + 2 * step] = (((x >> 11) | (y >> 11) << 5) << 22) >> 22;
                }
                for (int n = blocks * 3; n < count; n++, o += step) {
                    out[o] = decodeOne(format, d, offset, n);
                }
            }
            case PACKED_311 -> {
                int blocks = count / 3;
                for (int k = 0, b = offset; k < blocks; k++, b += 4, o += 3 * step) {
                    int w = (d[b] & 0xFF) | (d[b + 1] & 0xFF) << 8 | (d[b + 2] & 0xFF) << 16 | (d[b + 3] & 0xFF) << 24;
                    out[o] = (w << 22) >> 22;
                    out[o + step] = (w << 12) >> 22;
                    out[o + 2 * step] = (w << 2) >> 22;
                }
                for (int n = blocks * 3; n < count; n++, o += step) {
                    out[o] = decodeOne(format, d, offset, n);
                }
            }
            case LITTLE_ENDIAN_24 -> {
                for (int n = 0, b = offset; n < count; n++, b += 3, o += step) {
                    out[o] = ((d[b + 2] & 0xFF) << 16 | (d[b + 1] & 0xFF) << 8 | (d[b] & 0xFF)) << 8 >> 8;
                }
            }
            default -> {
                for (int n = 0; n < count; n++, o += step) {
                    out[o] = decodeOne(format, d, offset, n);
                }
            }
        }
    }

    /** File sample {@code n} (0-based, file order) of a signal file; the general, slower path. */
    static int decodeOne(StorageFormat format, byte[] d, int offset, int n) {
        return switch (format) {
            case DIFFERENCE_8 -> d[offset + n];
            case OFFSET_8 -> (d[offset + n] & 0xFF) - 128;
            case LITTLE_ENDIAN_16 -> (short) ((d[offset + 2 * n + 1] << 8) | (d[offset + 2 * n] & 0xFF));
            case BIG_ENDIAN_16 -> (short) ((d[offset + 2 * n] << 8) | (d[offset + 2 * n + 1] & 0xFF));
            case OFFSET_16 -> (((d[offset + 2 * n + 1] & 0xFF) << 8) | (d[offset + 2 * n] & 0xFF)) - 32768;
            case PACKED_212 -> {
                int b = offset + (n >> 1) * 3;
                int v = (n & 1) == 0
                        ? ((d[b + 1] & 0x0F) << 8) | (d[b] & 0xFF)
                        : ((d[b + 1] & 0xF0) << 4) | (d[b + 2] & 0xFF);
                yield (v << 20) >> 20;
            }
            case LITTLE_ENDIAN_24 -> {
                int b = offset + 3 * n;
                yield (((d[b + 2] & 0xFF) << 16 | (d[b + 1] & 0xFF) << 8 | (d[b] & 0xFF)) << 8) >> 8;
            }
            case LITTLE_ENDIAN_32 -> {
                int b = offset + 4 * n;
                yield (d[b + 3] & 0xFF) << 24 | (d[b + 2] & 0xFF) << 16 | (d[b + 1] & 0xFF) << 8 | (d[b] & 0xFF);
            }
            case PACKED_310 -> {
                int b = offset + (n / 3) * 4;
                // The last block of a file may be incomplete: bytes past the end are never part of this sample.
                int x = byteAt(d, b) | byteAt(d, b + 1) << 8;
                int v = switch (n % 3) {
                    case 0 -> x >> 1;
                    case 1 -> (byteAt(d, b + 2) | byteAt(d, b + 3) << 8) >> 1;
                    default -> (x >> 11) | ((byteAt(d, b + 2) | byteAt(d, b + 3) << 8) >> 11) << 5;
                };
                yield (v << 22) >> 22;
            }
            case PACKED_311 -> {
                int b = offset + (n / 3) * 4;
                int w = byteAt(d, b) | byteAt(d, b + 1) << 8 | byteAt(d, b + 2) << 16 | byteAt(d, b + 3) << 24;
                yield ((w >>> (10 * (n % 3))) << 22) >> 22;
            }
        };
    }

    private static int byteAt(byte[] d, int i) {
        return i < d.length ? d[i] & 0xFF : 0;
    }
}
