package ecgpipe.dashboard;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads HDF5 attributes defensively. The results files come from another stage that may evolve (and from
 * h5py users who rewrite them), so a missing attribute or one stored with a different numeric type or as a
 * one-element array is tolerated: absent or unreadable means "omitted", never an error.
 */
final class HdfAttributes {
    private HdfAttributes() {
    }

    static Optional<Object> raw(Node node, String name) {
        try {
            Attribute a = node.getAttribute(name);
            return a == null || a.isEmpty() ? Optional.empty() : Optional.ofNullable(a.getData());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static OptionalDouble number(Node node, String name) {
        return raw(node, name).map(HdfAttributes::scalar).filter(Number.class::isInstance)
                .map(n -> OptionalDouble.of(((Number) n).doubleValue())).orElse(OptionalDouble.empty());
    }

    static Optional<String> string(Node node, String name) {
        return raw(node, name).map(HdfAttributes::scalar).filter(String.class::isInstance).map(String.class::cast);
    }

    /** A per-signal array attribute as strings, or empty when absent or of another length. */
    static Optional<String[]> strings(Node node, String name, int length) {
        return raw(node, name).filter(v -> v.getClass().isArray() && Array.getLength(v) == length).map(v -> {
            String[] out = new String[length];
            for (int i = 0; i < length; i++) {
                out[i] = String.valueOf(Array.get(v, i));
            }
            return out;
        });
    }

    /** A per-signal numeric array attribute, or empty when absent, non-numeric or of another length. */
    static Optional<double[]> numbers(Node node, String name, int length) {
        Optional<Object> v = raw(node, name);
        if (v.isEmpty() || !v.get().getClass().isArray() || Array.getLength(v.get()) != length) {
            return Optional.empty();
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            Object e = Array.get(v.get(), i);
            if (!(e instanceof Number n)) {
                return Optional.empty();
            }
            out[i] = n.doubleValue();
        }
        return Optional.of(out);
    }

    /**
     * Every scalar (or one-element) numeric or string attribute of a node, in the file's order: the metrics
     * and evaluation groups are shown as they are, so new metrics from the analyze stage appear without a
     * dashboard change. Non-finite numbers are dropped because JSON cannot carry them.
     */
    static Map<String, Object> scalars(Node node) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Attribute> attributes;
        try {
            attributes = node.getAttributes();
        } catch (RuntimeException e) {
            return out;
        }
        for (String name : attributes.keySet()) {
            raw(node, name).map(HdfAttributes::scalar).ifPresent(v -> {
                if (v instanceof Double d && Double.isFinite(d) || v instanceof Float f && Float.isFinite(f)
                        || v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                        || v instanceof String) {
                    out.put(name, v);
                }
            });
        }
        return out;
    }

    /** The value itself, or the only element of a one-element array; arrays of other lengths are not scalars. */
    private static Object scalar(Object v) {
        if (!v.getClass().isArray()) {
            return v;
        }
        return Array.getLength(v) == 1 ? Array.get(v, 0) : null;
    }
}
