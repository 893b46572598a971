package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.ExitCode;
import ecgpipe.common.Hdf5Layout;
import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad inputs of the analyze stage, all in one directory with a good record: each fails alone with
 * its own one-line message and exit code 65 (bad input), nothing is written under its name, the good
 * record is still analyzed, and the run ends with exit code 3 (partial).
 */
class BadInputTest {
    static final double FS = 360;

    @TempDir
    Path tmp;

    @Test
    void eachBadRecordFailsAloneWithItsOwnMessage() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("h5"));
        Path out = tmp.resolve("results");
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 60, 0.8, 0.3, 0.02, 5);
        short[][] good = RecordFileFixture.digitize(ecg.mv);
        RecordFileFixture.write(in.resolve("good.h5"), "good", FS, good, ecg.rPeaks);

        SyntheticEcg shortEcg = SyntheticEcg.generate(FS, 3, 0.8, 0, 0.02, 6);
        RecordFileFixture.write(in.resolve("short.h5"), "short", FS, RecordFileFixture.digitize(shortEcg.mv), null);

        short[][] flat = new short[2][(int) (60 * FS)];
        for (short[] row : flat) {
            Arrays.fill(row, (short) RecordFileFixture.BASELINE);
        }
        RecordFileFixture.write(in.resolve("flat.h5"), "flat", FS, flat, null);

        // Format 212's invalid-sample value in every sample of lead 0.
        short[][] invalid = RecordFileFixture.digitize(ecg.mv);
        Arrays.fill(invalid[0], (short) -2048);
        RecordFileFixture.write(in.resolve("invalid.h5"), "invalid", FS, invalid, null);

        // No ECG at all: a blood pressure and a respiration signal.
        RecordFileFixture.write(in.resolve("noecg.h5"), "noecg", FS, good, null, new String[] {"ABP", "RESP"});

        Run r = Run.analyze(in.toString(), out.toString());
        assertEquals(ExitCode.PARTIAL, r.code(), r.err());
        assertTrue(r.err().contains("record short is 3.00 s long: too short for QRS detection (at least 5 s)"), r.err());
        assertTrue(r.err().contains("record flat, signal 0 (MLII) is a flat line"), r.err());
        assertTrue(r.err().contains("record invalid, signal 0 (MLII): no valid sample"), r.err());
        assertTrue(r.err().contains("record noecg has no ECG-like signal (names: ABP, RESP); name one with --channel"),
                r.err());
        assertEquals(4, r.err().strip().lines().count(), "one line per failed record:\n" + r.err());
        for (String bad : new String[] {"short", "flat", "invalid", "noecg"}) {
            assertFalse(Files.exists(out.resolve(bad + ".h5")), bad);
        }
        assertTrue(r.out().contains("analyzed 1, up to date 0, failed 4"), r.out());
        assertTrue(Files.exists(out.resolve("good.h5")));
        String json = Files.readString(out.resolve("summary.json"));
        assertTrue(json.contains("\"record\": \"good\""), json);
    }

    @Test
    void aNonEcgFirstSignalIsSkippedForTheFirstEcgLeadAndSaidSo() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("h5"));
        Path out = tmp.resolve("results");
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 60, 0.8, 0.3, 0.02, 8);
        short[][] d = RecordFileFixture.digitize(ecg.mv);
        // Signal 0 a slow "pressure" wave, signal 1 the ECG.
        short[][] swapped = new short[2][];
        swapped[1] = d[0];
        swapped[0] = new short[d[0].length];
        for (int i = 0; i < swapped[0].length; i++) {
            swapped[0][i] = (short) (RecordFileFixture.BASELINE + 400 * Math.sin(2 * Math.PI * 1.2 * i / FS));
        }
        RecordFileFixture.write(in.resolve("abp.h5"), "abp", FS, swapped, null, new String[] {"ABP", "II"});
        Run r = Run.analyze(in.toString(), out.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("abp: signal 1 (II), " + ecg.rPeaks.length + " beats"), r.out());
        assertTrue(r.out().contains("no reference annotations (annotations/atr): not evaluated"), r.out());
        try (HdfFile h = new HdfFile(out.resolve("abp.h5"))) {
            assertEquals(1, h.getByPath(Hdf5Layout.QRS_GROUP).getAttribute(Hdf5Layout.QRS_CHANNEL).getData());
            assertEquals("II", h.getByPath(Hdf5Layout.METRICS_GROUP).getAttribute(ResultsLayout.LEAD).getData());
            assertEquals(null, RecordFileReader.nodeOrNull(h, Hdf5Layout.EVALUATION_GROUP));
        }
        // Asked for explicitly, the pressure signal is analyzed as asked (and finds no QRS energy to speak of).
        Run asked = Run.analyze(in.toString(), tmp.resolve("asked").toString(), "--channel", "0");
        assertTrue(asked.out().contains("abp: signal 0 (ABP)"), asked.out());
    }

    @Test
    void withoutAnEcgNameTheFirstUndescribedSignalIsTaken() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("h5"));
        SyntheticEcg ecg = SyntheticEcg.generate(FS, 30, 0.8, 0.1, 0.02, 9);
        short[][] d = RecordFileFixture.digitize(ecg.mv);
        RecordFileFixture.write(in.resolve("anon.h5"), "anon", FS, d, null, new String[] {"ABP", ""});
        RecordFileFixture.write(in.resolve("dflt.h5"), "dflt", FS, d, null,
                new String[] {"record dflt, signal 0", "record dflt, signal 1"});
        Run r = Run.analyze(in.toString(), tmp.resolve("out").toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("anon: signal 1 ()"), r.out());
        assertTrue(r.out().contains("dflt: signal 0 (record dflt, signal 0)"), r.out());
    }

    @Test
    void leadNamesFromPhysioNetHeadersAreRecognised() {
        for (String ecg : new String[] {"MLII", "MLIII", "V1", "V5", "II", "I", "III", "aVR", "aVF", "ECG", "ECG1",
                "ECG II", "EKG", "lead II", "CM5", "D3", "MV1", "ML5"}) {
            assertTrue(LeadSelector.isEcgName(ecg), ecg);
        }
        for (String other : new String[] {"ABP", "PAP", "RESP", "Resp", "PLETH", "SpO2", "CO2", "EEG", "CVP", "ART",
                "BP", "Temp", "EMG", "EOG"}) {
            assertFalse(LeadSelector.isEcgName(other), other);
        }
    }
}
