package ecgpipe.analyze;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Widening of the numeric shapes jHDF returns (a boxed scalar, or a primitive array of any integer or
 * floating type) to the one this stage computes with, so a file writing int32 where another writes int64
 * reads the same.
 */
final class Numbers {
    private Numbers() {
    }

    static long[] longs(Object o) {
        if (o == null) {
            return new long[0];
        }
        if (o instanceof long[] a) {
            return a;
        }
        if (o instanceof Number n) {
            return new long[] {n.longValue()};
        }
        if (o.getClass().isArray()) {
            int n = Array.getLength(o);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = ((Number) Array.get(o, i)).longValue();
            }
            return out;
        }
        throw new IllegalArgumentException("not a number or numeric array: " + o.getClass().getSimpleName());
    }

    /** The values as doubles; a scalar is repeated {@code length} times. */
    static double[] doubles(Object o, int length) {
        if (o instanceof Number n) {
            double[] out = new double[length];
            Arrays.fill(out, n.doubleValue());
            return out;
        }
        if (o instanceof double[] a) {
            return a;
        }
        if (o != null && o.getClass().isArray()) {
            int n = Array.getLength(o);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = ((Number) Array.get(o, i)).doubleValue();
            }
            return out;
        }
        throw new IllegalArgumentException("not a number or numeric array");
    }

    /** A scalar attribute as a double (also a one-element array). */
    static double scalar(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        double[] d = doubles(o, 1);
        if (d.length != 1) {
            throw new IllegalArgumentException("expected one number, found " + d.length);
        }
        return d[0];
    }

    /** A string attribute (also a one-element string array). */
    static String string(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof String[] a && a.length == 1) {
            return a[0];
        }
        return null;
    }
}
