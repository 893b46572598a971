package ecgpipe.common.wfdb;

import ecgpipe.common.PipelineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An annotation file with what its WFDB header block says: the time resolution of its sample numbers
 * ("## time resolution: 500": ticks per second, 0 when not stated, meaning the record's frame rate) and the
 * annotation types it defines ("## annotation type definitions": code, mnemonic, description), whose mnemonics
 * replace the standard ones for those codes, as WFDB's {@code rdann} and wfdb-python show them.
 *
 * @param annotations  the annotations after the header block, with the file's own mnemonics applied
 * @param timeResolution ticks per second of {@link Annotation#sample()}, 0 when the file does not say
 * @param definitions  code to "mnemonic description" of the types the file defines (may be empty)
 */
public record AnnotationFile(List<Annotation> annotations, double timeResolution, Map<Integer, String[]> definitions) {

    public AnnotationFile {
        annotations = List.copyOf(annotations);
        definitions = Map.copyOf(definitions);
    }

    public static AnnotationFile read(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw PipelineException.io("cannot read annotation file " + file, e);
        }
        return parse(data, file.toString());
    }

    public static AnnotationFile parse(byte[] data, String source) {
        List<Annotation> all = AnnotationReader.parseAll(data, source);
        int header = AnnotationReader.headerBlockLength(all);
        double resolution = 0;
        Map<Integer, String[]> defs = new TreeMap<>();
        boolean inDefinitions = false;
        for (Annotation a : all.subList(0, header)) {
            String text = a.aux();
            if (text.startsWith("## time resolution:")) {
                try {
                    resolution = Double.parseDouble(text.substring("## time resolution:".length()).strip());
                } catch (NumberFormatException e) {
                    throw PipelineException.badInput(source + ": bad time resolution '" + text + "'");
                }
            } else if (text.startsWith("## annotation type definitions")) {
                inDefinitions = true;
            } else if (text.startsWith("## end of definitions")) {
                inDefinitions = false;
            } else if (a.code() == AnnotationCodes.NOTE && (inDefinitions || AnnotationReader.isTypeDefinition(text))) {
                String[] t = text.strip().split("[ \\t]+", 3);
                try {
                    int code = Integer.parseInt(t[0]);
                    if (t.length >= 2 && code >= 0 && code <= AnnotationCodes.MAX_CODE) {
                        defs.put(code, new String[] {t[1], t.length > 2 ? t[2] : ""});
                    }
                } catch (NumberFormatException e) {
                    throw PipelineException.badInput(source + ": bad annotation type definition '" + text + "'");
                }
            }
        }
        List<Annotation> body = new ArrayList<>(all.size() - header);
        for (Annotation a : all.subList(header, all.size())) {
            String[] def = defs.get(a.code());
            body.add(def == null ? a : new Annotation(a.sample(), a.code(), def[0], a.subtype(), a.chan(), a.num(),
                    a.aux()));
        }
        return new AnnotationFile(body, resolution, defs);
    }

    /**
     * Checks that every annotation lies within a record of {@code frames} frames at {@code frameRate} frames
     * per second, in this file's time resolution; {@code badInput} names the first that does not.
     */
    public void checkWithin(long frames, double frameRate, String source) {
        double ticksPerFrame = timeResolution > 0 ? timeResolution / frameRate : 1.0;
        double limit = frames * ticksPerFrame;
        for (Annotation a : annotations) {
            if (a.sample() < 0 || a.sample() > limit) {
                throw PipelineException.badInput(String.format(Locale.ROOT,
                        "%s: annotation at sample %d points past the end of the record (%d frames%s)", source,
                        a.sample(), frames, ticksPerFrame == 1.0 ? "" : ", " + (long) Math.ceil(limit) + " ticks"));
            }
        }
    }
}
