package ecgpipe.dashboard;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.lang.reflect.Array;

/**
 * Reads the optional datasets of a results file defensively: a missing dataset, one of another rank or a
 * numeric type other than the one the layout names is "absent" (null) or converted, never an error.
 */
final class HdfDatasets {
    private HdfDatasets() {
    }

    static Node node(HdfFile hdf, String path) {
        try {
            return hdf.getByPath(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Dataset dataset(HdfFile hdf, String path) {
        return node(hdf, path) instanceof Dataset d ? d : null;
    }

    /** Length of a 1-D dataset, or -1 when absent. */
    static int length(Dataset d) {
        return d == null || d.getDimensions().length != 1 ? -1 : d.getDimensions()[0];
    }

    static long[] longs(Dataset d) {
        if (d == null || d.getDimensions().length != 1) {
            return null;
        }
        Object data = d.getData();
        if (data instanceof long[] l) {
            return l;
        }
        long[] out = new long[Array.getLength(data)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) Array.get(data, i)).longValue();
        }
        return out;
    }

    static double[] doubles(Dataset d) {
        if (d == null || d.getDimensions().length != 1) {
            return null;
        }
        Object data = d.getData();
        if (data instanceof double[] v) {
            return v;
        }
        double[] out = new double[Array.getLength(data)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) Array.get(data, i)).doubleValue();
        }
        return out;
    }

    static String[] strings(Dataset d) {
        if (d == null || d.getDimensions().length != 1) {
            return null;
        }
        Object data = d.getData();
        return data instanceof String[] s ? s : null;
    }
}
