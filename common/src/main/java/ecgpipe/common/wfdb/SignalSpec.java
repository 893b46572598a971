package ecgpipe.common.wfdb;

import java.util.OptionalInt;

/**
 * One signal line of a WFDB header (header(5)), with the spec's defaults already applied: a gain of 0 or a
 * missing gain becomes {@link #DEFAULT_GAIN}, a missing baseline is the ADC zero, a missing or zero ADC
 * resolution is the storage format's natural width.
 *
 * @param fileName        signal file name, relative to the header's directory ("~" for a null signal)
 * @param format          storage format number (212, 16, ...)
 * @param samplesPerFrame samples of this signal in each frame (the "xN" suffix), at least 1
 * @param skew            frames by which this signal lags the others in the file (":N" suffix)
 * @param byteOffset      bytes to skip at the start of the signal file ("+N" suffix)
 * @param gain            ADC units per physical unit
 * @param baseline        the sample value corresponding to 0 physical units
 * @param units           physical units ("mV" when the header gives none)
 * @param adcResolution   bits of the ADC
 * @param adcZero         the sample value at the middle of the ADC's input range
 * @param declaredInitialValue the first sample's value as written in the header, if given
 * @param declaredChecksum     the 16-bit sum of all samples as written in the header (signed or not), if given
 * @param blockSize       block size of the signal file in bytes (0 for ordinary files)
 * @param description     free text after the block size, e.g. "MLII"
 */
public record SignalSpec(String fileName, int format, int samplesPerFrame, int skew, long byteOffset,
                         double gain, int baseline, String units, int adcResolution, int adcZero,
                         OptionalInt declaredInitialValue, OptionalInt declaredChecksum, int blockSize,
                         String description) {

    /** header(5): "if this field is zero or missing, the gain is assumed to be 200 ADC units per mV". */
    public static final double DEFAULT_GAIN = 200.0;
    public static final String DEFAULT_UNITS = "mV";

    public SignalSpec {
        if (samplesPerFrame < 1) {
            throw new IllegalArgumentException("samples per frame must be at least 1: " + samplesPerFrame);
        }
        if (skew < 0 || byteOffset < 0) {
            throw new IllegalArgumentException("skew and byte offset must not be negative");
        }
    }

    /** A signal in the usual shape: one sample per frame, no skew or offset, header checksum and initial value given. */
    public static SignalSpec of(String fileName, int format, double gain, int adcResolution, int adcZero,
                                int initialValue, int checksum, String description) {
        return new SignalSpec(fileName, format, 1, 0, 0, gain, adcZero, DEFAULT_UNITS, adcResolution, adcZero,
                OptionalInt.of(initialValue), OptionalInt.of(checksum), 0, description);
    }

    /** The initial value the header declares, or the ADC zero, which the spec assumes when it is missing. */
    public int initialValue() {
        return declaredInitialValue.orElse(adcZero);
    }

    /** A copy with the initial value and checksum replaced, e.g. after writing the samples. */
    public SignalSpec withVerification(int initialValue, int checksum) {
        return new SignalSpec(fileName, format, samplesPerFrame, skew, byteOffset, gain, baseline, units,
                adcResolution, adcZero, OptionalInt.of(initialValue), OptionalInt.of(checksum), blockSize, description);
    }

    /** A copy stored in another file and format. */
    public SignalSpec withStorage(String newFileName, int newFormat) {
        return new SignalSpec(newFileName, newFormat, samplesPerFrame, 0, 0, gain, baseline, units,
                adcResolution, adcZero, declaredInitialValue, declaredChecksum, 0, description);
    }
}
