package ecgpipe.analyze;

import ecgpipe.common.Hdf5Layout;
import ecgpipe.common.PipelineException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfInvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a record file written by convert ({@code layout = "ecgpipe-record"}); anything else is bad input. */
public final class RecordFileReader {
    /** Root attributes carried unchanged into the results file when present. */
    static final List<String> CARRIED_ROOT_ATTRIBUTES =
            List.of(Hdf5Layout.ATTR_BASE_TIME, Hdf5Layout.ATTR_BASE_DATE, Hdf5Layout.ATTR_COMMENTS);

    private RecordFileReader() {
    }

    public static InputRecord read(Path file) {
        try (HdfFile h = new HdfFile(file)) {
            return read(h, file);
        } catch (HdfException | IllegalArgumentException | ClassCastException e) {
            throw PipelineException.badInput(file + ": not a readable ecgpipe record file (" + e.getMessage() + ")");
        }
    }

    private static InputRecord read(HdfFile h, Path file) {
        String layout = stringAttribute(h, Hdf5Layout.ATTR_LAYOUT);
        if (!Hdf5Layout.LAYOUT_RECORD.equals(layout)) {
            throw PipelineException.badInput(file + ": not an ecgpipe record file (root attribute "
                    + Hdf5Layout.ATTR_LAYOUT + " is " + (layout == null ? "missing" : "\"" + layout + "\"")
                    + ", expected \"" + Hdf5Layout.LAYOUT_RECORD + "\")");
        }
        String name = stringAttribute(h, Hdf5Layout.ATTR_RECORD);
        double fs = Numbers.scalar(required(h, Hdf5Layout.ATTR_FS, file));
        long nSamples = (long) Numbers.scalar(required(h, Hdf5Layout.ATTR_N_SAMPLES, file));
        if (!(fs > 0) || nSamples < 0) {
            throw PipelineException.badInput(file + ": bad " + Hdf5Layout.ATTR_FS + " " + fs + " or "
                    + Hdf5Layout.ATTR_N_SAMPLES + " " + nSamples);
        }
        Node node = nodeOrNull(h, Hdf5Layout.SIGNALS_DIGITAL);
        if (!(node instanceof Dataset ds)) {
            throw PipelineException.badInput(file + ": no dataset " + Hdf5Layout.SIGNALS_DIGITAL);
        }
        Object digital = channelMajor(ds, nSamples, file);
        Map<String, Object> signalAttributes = attributes(ds);
        Map<String, Object> extras = new LinkedHashMap<>();
        for (String a : CARRIED_ROOT_ATTRIBUTES) {
            Attribute at = h.getAttribute(a);
            if (at != null) {
                extras.put(a, at.getData());
            }
        }
        return new InputRecord(name == null ? stem(file) : name, fs, nSamples, digital, signalAttributes, extras,
                annotations(h));
    }

    /** The digital samples as {@code short[][]} or {@code int[][]}, one row per signal. */
    private static Object channelMajor(Dataset ds, long nSamples, Path file) {
        int[] dims = ds.getDimensions();
        if (dims.length != 2 || dims[1] != nSamples) {
            throw PipelineException.badInput(file + ": " + Hdf5Layout.SIGNALS_DIGITAL + " has shape "
                    + Arrays.toString(dims) + ", expected [n_signals][" + nSamples + "]");
        }
        int nsig = dims[0];
        int n = dims[1];
        Object flat = ds.getDataFlat(); // far faster than getData() for large 2-D datasets
        if (flat instanceof short[] f) {
            short[][] out = new short[nsig][n];
            for (int s = 0; s < nsig; s++) {
                System.arraycopy(f, s * n, out[s], 0, n);
            }
            return out;
        }
        if (flat instanceof int[] f) {
            int[][] out = new int[nsig][n];
            for (int s = 0; s < nsig; s++) {
                System.arraycopy(f, s * n, out[s], 0, n);
            }
            return out;
        }
        throw PipelineException.badInput(file + ": " + Hdf5Layout.SIGNALS_DIGITAL + " holds "
                + flat.getClass().getSimpleName() + ", expected int16 or int32");
    }

    private static List<InputRecord.AnnotationSet> annotations(HdfFile h) {
        List<InputRecord.AnnotationSet> sets = new ArrayList<>();
        Node root = nodeOrNull(h, Hdf5Layout.ANNOTATIONS_GROUP);
        if (!(root instanceof Group g)) {
            return sets;
        }
        for (Node child : g.getChildren().values()) {
            if (child instanceof Group annotator) {
                Map<String, Object> datasets = new LinkedHashMap<>();
                for (Node d : annotator.getChildren().values()) {
                    if (d instanceof Dataset ds) {
                        datasets.put(d.getName(), ds.isEmpty() ? null : ds.getData());
                    }
                }
                sets.add(new InputRecord.AnnotationSet(annotator.getName(), datasets, attributes(annotator)));
            }
        }
        return sets;
    }

    static Map<String, Object> attributes(Node node) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Attribute> e : node.getAttributes().entrySet()) {
            if (!e.getValue().isEmpty()) {
                out.put(e.getKey(), e.getValue().getData());
            }
        }
        return out;
    }

    static String stringAttribute(Node node, String name) {
        Attribute a = node.getAttribute(name);
        return a == null ? null : Numbers.string(a.getData());
    }

    private static Object required(Node node, String name, Path file) {
        Attribute a = node.getAttribute(name);
        if (a == null) {
            throw PipelineException.badInput(file + ": root attribute " + name + " is missing");
        }
        return a.getData();
    }

    static Node nodeOrNull(Group g, String path) {
        try {
            return g.getByPath(path);
        } catch (HdfInvalidPathException e) {
            return null;
        }
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
