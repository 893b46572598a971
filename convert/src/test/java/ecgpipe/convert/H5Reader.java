package ecgpipe.convert;

import ecgpipe.common.Hdf5Layout;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import java.nio.file.Path;

/** Reads back what the tests check, with jhdf's reader (independent of the writer's code paths). */
final class H5Reader implements AutoCloseable {
    private final HdfFile file;

    H5Reader(Path path) {
        file = new HdfFile(path);
    }

    Object attr(String name) {
        Attribute a = file.getAttribute(name);
        return a == null ? null : a.getData();
    }

    Object signalAttr(String name) {
        return file.getDatasetByPath(Hdf5Layout.SIGNALS_DIGITAL).getAttribute(name).getData();
    }

    Dataset dataset(String path) {
        return file.getDatasetByPath(path);
    }

    /** signals/digital widened to int, channel-major. */
    int[][] digital() {
        Object data = dataset(Hdf5Layout.SIGNALS_DIGITAL).getData();
        if (data instanceof int[][] ints) {
            return ints;
        }
        short[][] s = (short[][]) data;
        int[][] out = new int[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = new int[s[i].length];
            for (int k = 0; k < s[i].length; k++) {
                out[i][k] = s[i][k];
            }
        }
        return out;
    }

    Object annotations(String annotator, String field) {
        return dataset(Hdf5Layout.annotationGroup(annotator) + "/" + field).getData();
    }

    boolean has(String path) {
        try {
            return file.getByPath(path) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
