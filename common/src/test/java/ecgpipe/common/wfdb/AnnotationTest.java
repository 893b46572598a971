package ecgpipe.common.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecgpipe.common.PipelineException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnnotationTest {

    @Test
    void mnemonicsFollowTheStandardTable() {
        String expected = "N L R a V F J A S E j / Q ~ | s T * D \" = p B ^ t + u ? ! [ ] e n @ x f ( ) r";
        int[] codes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
            28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41};
        String[] symbols = expected.split(" ");
        assertEquals(codes.length, symbols.length);
        for (int i = 0; i < codes.length; i++) {
            assertEquals(symbols[i], AnnotationCodes.mnemonic(codes[i]), "code " + codes[i]);
            assertEquals(OptionalInt.of(codes[i]), AnnotationCodes.code(symbols[i]));
        }
        assertEquals("[15]", AnnotationCodes.mnemonic(15));
        assertEquals("[49]", AnnotationCodes.mnemonic(49));
    }

    @Test
    void beatsAreExactlyWfdbsQrsCodes() {
        String beats = "NLRBAaJSVrFejnE/fQ?";
        for (int c = 0; c <= AnnotationCodes.MAX_CODE; c++) {
            String m = AnnotationCodes.mnemonic(c);
            boolean expected = m.length() == 1 && beats.contains(m);
            assertEquals(expected, AnnotationCodes.isBeat(c), "code " + c + " (" + m + ")");
        }
    }

    @Test
    void encodesTheExactBytesOfTheMitFormat() {
        List<Annotation> list = List.of(
                Annotation.of(18, AnnotationCodes.RHYTHM).withAux("(N"),
                Annotation.of(77, AnnotationCodes.NORMAL),
                new Annotation(5000, AnnotationCodes.PVC, "V", -1, 3, 2, "x"));
        byte[] b = AnnotationWriter.encode(list);
        byte[] expected = {
            18, 28 << 2,                  // + at 18
            2, (byte) (63 << 2), '(', 'N', // AUX, 2 bytes
            59, 1 << 2,                   // N at +59
            0, (byte) (59 << 2),          // SKIP, then 5000 - 77 = 4923 = 0x0000133B as a PDP-11 long:
            0, 0, 0x3B, 0x13,             // high word 0x0000, low word 0x133B, each little-endian
            0, 5 << 2,                    // V, interval 0 after the SKIP
            (byte) 0xFF, (byte) (61 << 2 | 3), // SUB -1 as 10 bits
        };
        byte[] head = java.util.Arrays.copyOf(b, expected.length);
        assertArrayEquals(expected, head);
        assertEquals(0, b[b.length - 1]);
        assertEquals(0, b[b.length - 2]);
        assertEquals(list, AnnotationReader.parse(b, "x"));
    }

    @Test
    void randomAnnotationListsRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(42);
        List<Annotation> list = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 5000; i++) {
            int gap = switch (rnd.nextInt(6)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1, 1024);
                case 2 -> rnd.nextInt(1024, 100_000);
                case 3 -> 1023;
                case 4 -> 1024;
                default -> rnd.nextInt(200, 400);
            };
            t += gap;
            int code = rnd.nextInt(0, AnnotationCodes.MAX_CODE + 1);
            String aux = rnd.nextInt(10) == 0 ? "(AFIB".substring(0, rnd.nextInt(1, 6)) : "";
            list.add(new Annotation(t, code, AnnotationCodes.mnemonic(code), rnd.nextInt(-128, 128),
                    rnd.nextInt(3) == 0 ? rnd.nextInt(256) : 0, rnd.nextInt(4) == 0 ? rnd.nextInt(-128, 128) : 0, aux));
        }
        // Far beyond 32 bits and backwards in time, which only SKIP can express.
        list.add(Annotation.of(t + 10_000_000_000L, AnnotationCodes.NORMAL));
        list.add(Annotation.of(t + 5, AnnotationCodes.NOTE).withAux("back"));
        assertEquals(list, AnnotationReader.parse(AnnotationWriter.encode(list), "random"));
    }

    @Test
    void chanAndNumPersistWhileSubtypeAndAuxDoNot() {
        byte[] b = {
            10, 1 << 2,              // N at 10
            5, (byte) (62 << 2),     // CHN 5
            7, (byte) (60 << 2),     // NUM 7
            3, (byte) (61 << 2),     // SUB 3
            20, 5 << 2,              // V at 30
            0, 0,
        };
        List<Annotation> a = AnnotationReader.parse(b, "x");
        assertEquals(new Annotation(10, 1, "N", 3, 5, 7, ""), a.get(0));
        assertEquals(new Annotation(30, 5, "V", 0, 5, 7, ""), a.get(1));
        assertTrue(a.get(0).isBeat());
        assertFalse(Annotation.of(0, AnnotationCodes.RHYTHM).isBeat());
    }

    @Test
    void aFileThatEndsMidAnnotationIsBadInput() {
        byte[] aux = {10, 1 << 2, 9, (byte) (63 << 2), 'a', 0};
        PipelineException e = assertThrows(PipelineException.class, () -> AnnotationReader.parse(aux, "f.atr"));
        assertTrue(e.getMessage().startsWith("f.atr: truncated AUX"), e.getMessage());

        byte[] skip = {0, (byte) (59 << 2), 1, 0};
        e = assertThrows(PipelineException.class, () -> AnnotationReader.parse(skip, "s.atr"));
        assertTrue(e.getMessage().startsWith("s.atr: truncated SKIP"), e.getMessage());

        byte[] odd = {10, 1 << 2, 9};
        e = assertThrows(PipelineException.class, () -> AnnotationReader.parse(odd, "o.atr"));
        assertEquals("o.atr: ends in the middle of an annotation word (3 bytes, an odd number)", e.getMessage());
    }

    @Test
    void everySpecialCodeModifiesTheRightAnnotation() {
        // A beat at 5 with SUB 3, CHN 2, NUM -4 and AUX "(AFIB"; a SKIP of 100000; a beat that keeps CHN and NUM.
        List<Annotation> in = List.of(new Annotation(5, AnnotationCodes.RHYTHM, "+", 3, 2, -4, "(AFIB"),
                new Annotation(100_005, AnnotationCodes.PVC, "V", 0, 2, -4, ""));
        byte[] bytes = AnnotationWriter.encode(in);
        List<Annotation> back = AnnotationReader.parse(bytes, "x");
        assertEquals(in, back);
    }

    @Test
    void timeResolutionAndTypeDefinitionsComeFromTheHeaderBlock() {
        List<Annotation> block = List.of(
                new Annotation(0, AnnotationCodes.NOTE, "\"", 0, 0, 0, "## time resolution: 500"),
                new Annotation(0, AnnotationCodes.NOTE, "\"", 0, 0, 0, "## annotation type definitions"),
                new Annotation(0, AnnotationCodes.NOTE, "\"", 0, 0, 0, "15 c calibration pulse"),
                new Annotation(0, AnnotationCodes.NOTE, "\"", 0, 0, 0, "## end of definitions"),
                new Annotation(0, AnnotationCodes.NOTQRS, " ", 0, 0, 0, ""),
                new Annotation(40, 15, "[15]", 0, 0, 0, ""),
                new Annotation(900, AnnotationCodes.NORMAL, "N", 0, 0, 0, ""));
        AnnotationFile f = AnnotationFile.parse(AnnotationWriter.encode(block), "r.atr");
        assertEquals(500.0, f.timeResolution());
        assertEquals("c", f.annotations().get(0).symbol());
        assertEquals(List.of(40L, 900L), f.annotations().stream().map(Annotation::sample).toList());

        // At 500 ticks per second, a 250 Hz record of 450 frames ends at tick 900: inside; 449 frames: past it.
        f.checkWithin(450, 250, "r.atr");
        PipelineException e = assertThrows(PipelineException.class, () -> f.checkWithin(449, 250, "r.atr"));
        assertEquals(ecgpipe.common.ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("r.atr: annotation at sample 900 points past the end of the record (449 frames, 898 ticks)",
                e.getMessage());
    }
}
