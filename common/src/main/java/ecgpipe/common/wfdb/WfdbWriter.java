package ecgpipe.common.wfdb;

import ecgpipe.common.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes WFDB records: signal files in any format {@link StorageFormat} lists except 8 (whose stored
 * differences are slew-limited, so arbitrary samples cannot round-trip), the header with each signal's
 * checksum and initial value computed from the samples, and MIT annotation files. Every file is written
 * under a temporary name and renamed when complete.
 */
public final class WfdbWriter {
    private WfdbWriter() {
    }

    /**
     * Writes {@code header.name()}.hea and the signal files it names into {@code dir}.
     *
     * @param samples one array per signal, {@code header.numberOfSamples() * samplesPerFrame} values each
     * @return the header as written (checksums and initial values filled in)
     */
    public static RecordHeader write(Path dir, RecordHeader header, int[][] samples) {
        if (header.isMultiSegment()) {
            throw new IllegalArgumentException("cannot write multi-segment records");
        }
        List<SignalSpec> signals = header.signals();
        if (samples.length != signals.size()) {
            throw new IllegalArgumentException(samples.length + " sample arrays for " + signals.size() + " signals");
        }
        long frames = header.numberOfSamples();
        List<SignalSpec> written = new ArrayList<>();
        for (int i = 0; i < signals.size(); i++) {
            SignalSpec s = signals.get(i);
            StorageFormat f = StorageFormat.of(s.format())
                    .filter(x -> x != StorageFormat.DIFFERENCE_8)
                    .orElseThrow(() -> new IllegalArgumentException("cannot write storage format " + s.format()));
            if (s.skew() != 0 || s.byteOffset() != 0) {
                throw new IllegalArgumentException("signal " + i + ": writing skew or byte offset is not supported");
            }
            if (samples[i].length != frames * s.samplesPerFrame()) {
                throw new IllegalArgumentException("signal " + i + ": " + samples[i].length + " samples, expected "
                        + frames * s.samplesPerFrame());
            }
            for (int v : samples[i]) {
                if (v < f.minValue() || v > f.maxValue()) {
                    throw new IllegalArgumentException("signal " + i + ": sample " + v + " does not fit format "
                            + s.format());
                }
            }
            int initial = samples[i].length > 0 ? samples[i][0] : s.adcZero();
            written.add(s.withVerification(initial, (short) SignalVerifier.checksum(samples[i])));
        }
        for (int[] g : WfdbReader.signalFiles(signals)) {
            byte[] bytes = encodeFile(signals, g[0], g[1], samples, frames);
            Path file = dir.resolve(signals.get(g[0]).fileName());
            AtomicFiles.write(file, tmp -> Files.write(tmp, bytes));
        }
        RecordHeader result = header.withSignals(written);
        String text = result.toText();
        AtomicFiles.write(dir.resolve(header.name() + ".hea"),
                tmp -> Files.writeString(tmp, text, java.nio.charset.StandardCharsets.ISO_8859_1));
        return result;
    }

    /** Writes {@code <record>.<annotator>} in {@code dir}. */
    public static void writeAnnotations(Path dir, String record, String annotator, List<Annotation> annotations) {
        byte[] bytes = AnnotationWriter.encode(annotations);
        AtomicFiles.write(dir.resolve(record + "." + annotator), tmp -> Files.write(tmp, bytes));
    }

    private static byte[] encodeFile(List<SignalSpec> signals, int from, int to, int[][] samples, long frames) {
        StorageFormat f = StorageFormat.of(signals.get(from).format()).orElseThrow();
        int perFrame = 0;
        for (int i = from; i < to; i++) {
            perFrame += signals.get(i).samplesPerFrame();
        }
        long totalLong = frames * perFrame;
        if (f.bytesFor(totalLong) > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("signal file too large for one write: " + totalLong + " samples");
        }
        int total = (int) totalLong;
        // Interleave frames in file order, then pack.
        int[] flat = new int[total];
        int slot = 0;
        for (int i = from; i < to; i++) {
            int spf = signals.get(i).samplesPerFrame();
            int[] src = samples[i];
            for (int t = 0, dst = slot; t < frames; t++, dst += perFrame) {
                System.arraycopy(src, t * spf, flat, dst, spf);
            }
            slot += spf;
        }
        byte[] out = new byte[(int) f.bytesFor(total)];
        encode(f, flat, out);
        return out;
    }

    static void encode(StorageFormat f, int[] v, byte[] out) {
        int n = v.length;
        switch (f) {
            case PACKED_212 -> {
                int b = 0;
                int k = 0;
                for (; k + 1 < n; k += 2, b += 3) {
                    int s0 = v[k] & 0xFFF;
                    int s1 = v[k + 1] & 0xFFF;
                    out[b] = (byte) s0;
                    out[b + 1] = (byte) ((s0 >> 8) | ((s1 >> 8) << 4));
                    out[b + 2] = (byte) s1;
                }
                if (k < n) {
                    int s0 = v[k] & 0xFFF;
                    out[b] = (byte) s0;
                    out[b + 1] = (byte) (s0 >> 8);
                }
            }
            case LITTLE_ENDIAN_16 -> {
                for (int k = 0, b = 0; k < n; k++, b += 2) {
                    out[b] = (byte) v[k];
                    out[b + 1] = (byte) (v[k] >> 8);
                }
            }
            case BIG_ENDIAN_16 -> {
                for (int k = 0, b = 0; k < n; k++, b += 2) {
                    out[b] = (byte) (v[k] >> 8);
                    out[b + 1] = (byte) v[k];
                }
            }
            case OFFSET_8 -> {
                for (int k = 0; k < n; k++) {
                    out[k] = (byte) (v[k] + 128);
                }
            }
            case OFFSET_16 -> {
                for (int k = 0, b = 0; k < n; k++, b += 2) {
                    int u = v[k] + 32768;
                    out[b] = (byte) u;
                    out[b + 1] = (byte) (u >> 8);
                }
            }
            case LITTLE_ENDIAN_24 -> {
                for (int k = 0, b = 0; k < n; k++, b += 3) {
                    out[b] = (byte) v[k];
                    out[b + 1] = (byte) (v[k] >> 8);
                    out[b + 2] = (byte) (v[k] >> 16);
                }
            }
            case LITTLE_ENDIAN_32 -> {
                for (int k = 0, b = 0; k < n; k++, b += 4) {
                    out[b] = (byte) v[k];
                    out[b + 1] = (byte) (v[k] >> 8);
                    out[b + 2] = (byte) (v[k] >> 16);
                    out[b + 3] = (byte) (v[k] >> 24);
                }
            }
            case PACKED_310 -> {
                for (int k = 0, b = 0; k < n; k += 3, b += 4) {
                    int s0 = v[k] & 0x3FF;
                    int s1 = k + 1 < n ? v[k + 1] & 0x3FF : 0;
                    int s2 = k + 2 < n ? v[k + 2] & 0x3FF : 0;
                    int x = s0 << 1 | (s2 & 0x1F) << 11;
                    int y = s1 << 1 | (s2 >> 5) << 11;
                    out[b] = (byte) x;
                    out[b + 1] = (byte) (x >> 8);
                    if (k + 1 < n) {
                        out[b + 2] = (byte) y;
                        out[b + 3] = (byte) (y >> 8);
                    }
                }
            }
            case PACKED_311 -> {
                for (int k = 0, b = 0; k < n; k += 3, b += 4) {
                    int w = v[k] & 0x3FF;
                    if (k + 1 < n) {
                        w |= (v[k + 1] & 0x3FF) << 10;
                    }
                    if (k + 2 < n) {
                        w |= (v[k + 2] & 0x3FF) << 20;
                    }
                    int bytes = k + 2 < n ? 4 : k + 1 < n ? 3 : 2;
                    for (int j = 0; j < bytes; j++) {
                        out[b + j] = (byte) (w >>> (8 * j));
                    }
                }
            }
            case DIFFERENCE_8 -> throw new IllegalArgumentException("format 8 is not written");
        }
    }
}
