package ecgpipe.analyze;

import ecgpipe.common.io.AtomicFiles;
import ecgpipe.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: the dataset overview the dashboard's table reads. One object per record with the
 * metrics and evaluation scalars under their HDF5 attribute names, and gross totals of the evaluation
 * (pooled counts, then Se and +P of the pooled counts, as EC57 reports them). NaN is written as null.
 */
public final class SummaryJson {
    private SummaryJson() {
    }

    public static Score gross(List<ResultsSummary> records, String suffix) {
        Score total = Score.ZERO;
        for (ResultsSummary r : records) {
            Score s = r.score(suffix);
            if (s != null) {
                total = total.plus(s);
            }
        }
        return total;
    }

    public static long evaluated(List<ResultsSummary> records) {
        return records.stream().filter(r -> r.evaluation() != null).count();
    }

    public static void write(Path file, List<ResultsSummary> records, String producer) {
        String json = render(records, producer);
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, json, StandardCharsets.UTF_8));
    }

    static String render(List<ResultsSummary> records, String producer) {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\n  \"layout\": ").append(string(ResultsLayout.LAYOUT_SUMMARY));
        b.append(",\n  \"producer\": ").append(string(producer));
        b.append(",\n  \"detector\": ").append(string(QrsDetector.NAME));
        b.append(",\n  \"records\": [");
        for (int i = 0; i < records.size(); i++) {
            ResultsSummary r = records.get(i);
            b.append(i == 0 ? "\n    {" : ",\n    {");
            b.append("\"record\": ").append(string(r.record()));
            b.append(", \"sampling_frequency\": ").append(number(r.fs()));
            b.append(", \"n_samples\": ").append(r.nSamples());
            fields(b, r.metrics());
            if (r.evaluation() != null) {
                fields(b, r.evaluation());
            }
            b.append('}');
        }
        b.append("\n  ],\n  \"gross\": {");
        b.append("\"records\": ").append(records.size());
        b.append(", \"records_evaluated\": ").append(evaluated(records));
        Map<String, Object> totals = new LinkedHashMap<>();
        SummaryFields.score(totals, "", gross(records, ""));
        SummaryFields.score(totals, ResultsLayout.ALL_SUFFIX, gross(records, ResultsLayout.ALL_SUFFIX));
        fields(b, totals);
        b.append("}\n}\n");
        return b.toString();
    }

    private static void fields(StringBuilder b, Map<String, Object> m) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            b.append(", ").append(string(e.getKey())).append(": ").append(value(e.getValue()));
        }
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Double || v instanceof Float) {
            return number(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return Long.toString(n.longValue());
        }
        if (v instanceof String[] a && a.length == 1) {
            return string(a[0]);
        }
        return "null";
    }

    static String number(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    static String string(String s) {
        return Json.quote(s);
    }
}
