package ecgpipe.common.wfdb;

/**
 * One WFDB annotation (annot(5)).
 *
 * @param sample  sample number (frame) the annotation refers to
 * @param code    annotation code, 0..{@link AnnotationCodes#MAX_CODE}
 * @param symbol  the code's mnemonic ({@link AnnotationCodes#mnemonic})
 * @param subtype WFDB {@code subtyp}, -128..127
 * @param chan    signal the annotation refers to, 0..255
 * @param num     WFDB {@code num}, -128..127
 * @param aux     auxiliary text ("" when none), e.g. "(N" on a rhythm annotation
 */
public record Annotation(long sample, int code, String symbol, int subtype, int chan, int num, String aux) {

    public Annotation {
        if (code < 0 || code > AnnotationCodes.MAX_CODE) {
            throw new IllegalArgumentException("annotation code out of range: " + code);
        }
        if (aux == null) {
            aux = "";
        }
    }

    /** An annotation with the standard mnemonic and no subtype, channel, number or text. */
    public static Annotation of(long sample, int code) {
        return new Annotation(sample, code, AnnotationCodes.mnemonic(code), 0, 0, 0, "");
    }

    public Annotation withAux(String text) {
        return new Annotation(sample, code, symbol, subtype, chan, num, text);
    }

    public boolean isBeat() {
        return AnnotationCodes.isBeat(code);
    }
}
