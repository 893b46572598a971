package ecgpipe.common.wfdb;

import java.util.Optional;

/**
 * The WFDB signal storage formats this library decodes and encodes (signal(5)). Each knows its sample
 * width, the bit pattern WFDB reserves for "invalid sample" (kept as stored, never translated, so a
 * round trip is exact) and its packing in bytes.
 */
public enum StorageFormat {
    /** 8-bit first differences; the header's initial value is the sample before the first. */
    DIFFERENCE_8(8, 8, Integer.MIN_VALUE),
    /** 16-bit two's complement, little-endian. */
    LITTLE_ENDIAN_16(16, 16, -32768),
    /** 16-bit two's complement, big-endian. */
    BIG_ENDIAN_16(61, 16, -32768),
    /** 8-bit offset binary (stored byte minus 128). */
    OFFSET_8(80, 8, -128),
    /** 16-bit offset binary (stored value minus 32768). */
    OFFSET_16(160, 16, -32768),
    /** Two 12-bit two's complement samples packed in three bytes (the MIT-BIH format). */
    PACKED_212(212, 12, -2048),
    /** 24-bit two's complement, little-endian. */
    LITTLE_ENDIAN_24(24, 24, -8388608),
    /** 32-bit two's complement, little-endian. */
    LITTLE_ENDIAN_32(32, 32, Integer.MIN_VALUE),
    /**
     * Three 10-bit two's complement samples in two little-endian 16-bit words x, y: bits 1-10 of x and of y are
     * samples 0 and 1; the top 5 bits of x (low half) and of y (high half) form sample 2. Bit 0 is unused.
     */
    PACKED_310(310, 10, -512),
    /** Three 10-bit two's complement samples in the bits 0-9, 10-19 and 20-29 of one little-endian 32-bit word. */
    PACKED_311(311, 10, -512);

    /** FLAC-compressed formats (signal(5) 508, 516, 524): this reader refuses them by name. */
    public static boolean isFlac(int code) {
        return code == 508 || code == 516 || code == 524;
    }

    private final int code;
    private final int bits;
    private final int invalidValue;

    StorageFormat(int code, int bits, int invalidValue) {
        this.code = code;
        this.bits = bits;
        this.invalidValue = invalidValue;
    }

    public static Optional<StorageFormat> of(int code) {
        for (StorageFormat f : values()) {
            if (f.code == code) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format number as written in headers. */
    public int code() {
        return code;
    }

    /** Width of one stored sample in bits (for format 8, the width of a difference). */
    public int bits() {
        return bits;
    }

    /**
     * The value a sample decodes to when the file marks it invalid. Format 8 has no such pattern; its
     * {@code Integer.MIN_VALUE} is only used to fill the unreadable tail of a skewed signal.
     */
    public int invalidValue() {
        return invalidValue;
    }

    /** True when every sample value this format can hold fits in an int16. */
    public boolean fitsInt16() {
        return this != DIFFERENCE_8 && bits <= 16;
    }

    /** ADC resolution the header implies when its field is missing or zero. */
    public int defaultAdcResolution() {
        return this == DIFFERENCE_8 ? 12 : bits;
    }

    /** Number of whole samples held in {@code bytes} bytes (an incomplete 212 pair still holds its first sample). */
    public long samplesIn(long bytes) {
        return switch (this) {
            case DIFFERENCE_8, OFFSET_8 -> bytes;
            case LITTLE_ENDIAN_16, BIG_ENDIAN_16, OFFSET_16 -> bytes / 2;
            case PACKED_212 -> bytes * 2 / 3;
            case LITTLE_ENDIAN_24 -> bytes / 3;
            case LITTLE_ENDIAN_32 -> bytes / 4;
            // An incomplete last block holds its first sample in 2 bytes and (311) its second in 3.
            case PACKED_310 -> bytes / 4 * 3 + (bytes % 4 >= 2 ? 1 : 0);
            case PACKED_311 -> bytes / 4 * 3 + (bytes % 4 == 3 ? 2 : bytes % 4 == 2 ? 1 : 0);
        };
    }

    /** Bytes needed to store {@code samples} samples. */
    public long bytesFor(long samples) {
        return switch (this) {
            case DIFFERENCE_8, OFFSET_8 -> samples;
            case LITTLE_ENDIAN_16, BIG_ENDIAN_16, OFFSET_16 -> samples * 2;
            case PACKED_212 -> samples / 2 * 3 + (samples % 2) * 2;
            case LITTLE_ENDIAN_24 -> samples * 3;
            case LITTLE_ENDIAN_32 -> samples * 4;
            case PACKED_310 -> samples / 3 * 4 + new long[] {0, 2, 4}[(int) (samples % 3)];
            case PACKED_311 -> samples / 3 * 4 + new long[] {0, 2, 3}[(int) (samples % 3)];
        };
    }

    /** Smallest and largest storable sample value (format 8: of the values, limited only by int). */
    public int minValue() {
        return this == DIFFERENCE_8 || this == LITTLE_ENDIAN_32 ? Integer.MIN_VALUE : -(1 << (bits - 1));
    }

    public int maxValue() {
        return this == DIFFERENCE_8 || this == LITTLE_ENDIAN_32 ? Integer.MAX_VALUE : (1 << (bits - 1)) - 1;
    }
}
