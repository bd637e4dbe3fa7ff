package io.robustpose.core.eval.robustness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.robustpose.core.corruption.Corruption;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The robustness table laid out like Table 1 of the AdvMix paper: one row per model or method,
 * columns clean metric (AP*), mPC, rPC, then the 15 benchmark corruptions (mean over severities).
 * Markdown and CSV show percent with one decimal as the paper does; JSON keeps full precision
 * and adds per-severity and per-category means, completeness and what is missing.
 */
public final class RobustnessTable {

    /** How metric values are written: fractions (COCO AP 0.704) or already percent (PCKh 90.3). */
    public enum Scale {
        FRACTION(100), PERCENT(1);

        private final double toPercent;

        Scale(double toPercent) {
            this.toPercent = toPercent;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Column labels of the paper's Table 1, in benchmark order. */
    private static final Map<Corruption, String> SHORT = new LinkedHashMap<>();

    static {
        String[] labels = {"Gauss.", "Shot", "Impulse", "Defocus", "Glass", "Motion", "Zoom", "Snow", "Frost", "Fog",
                "Bright", "Contrast", "Elastic", "Pixel", "JPEG"};
        List<Corruption> bench = Corruption.benchmarkSet();
        for (int i = 0; i < bench.size(); i++) {
            SHORT.put(bench.get(i), labels[i]);
        }
    }

    private final String metric;
    private final Scale scale;
    private final List<RobustnessSummary> rows;

    public RobustnessTable(String metric, Scale scale, List<RobustnessSummary> rows) {
        this.metric = metric;
        this.scale = scale;
        this.rows = List.copyOf(rows);
    }

    public static RobustnessTable of(String metric, Scale scale, List<ModelMetrics> models) {
        return new RobustnessTable(metric, scale, models.stream().map(RobustnessSummary::of).toList());
    }

    public String metric() {
        return metric;
    }

    public Scale scale() {
        return scale;
    }

    public List<RobustnessSummary> rows() {
        return rows;
    }

    /** True when every row is complete. */
    public boolean complete() {
        return rows.stream().allMatch(RobustnessSummary::complete);
    }

    /** Full-precision values in the metric's own scale (rPC as a fraction); null where a value is missing. */
    public String toJson() {
        LinkedHashMap<String, Object> root = new LinkedHashMap<>();
        root.put("metric", metric);
        root.put("scale", scale.id());
        root.put("corruptions", Corruption.benchmarkSet().stream().map(Corruption::id).toList());
        root.put("complete", complete());
        List<Object> out = new ArrayList<>();
        for (RobustnessSummary r : rows) {
            LinkedHashMap<String, Object> row = new LinkedHashMap<>();
            row.put("model", r.model());
            row.put("clean", r.clean());
            row.put("mPC", r.mpc());
            row.put("rPC", r.rpc());
            row.put("complete", r.complete());
            row.put("missing", r.missing());
            row.put("mPC_partial", mean(r.mpcPartial()));
            LinkedHashMap<String, Object> perC = new LinkedHashMap<>();
            r.perCorruption().forEach((c, m) -> perC.put(c.id(), mean(m)));
            row.put("per_corruption", perC);
            LinkedHashMap<String, Object> perS = new LinkedHashMap<>();
            r.perSeverity().forEach((s, m) -> perS.put(Integer.toString(s), mean(m)));
            row.put("per_severity", perS);
            LinkedHashMap<String, Object> perCat = new LinkedHashMap<>();
            r.perCategory().forEach((c, m) -> perCat.put(c.label(), mean(m)));
            row.put("per_category", perCat);
            if (!r.extra().isEmpty()) {
                LinkedHashMap<String, Object> ex = new LinkedHashMap<>();
                r.extra().forEach((c, m) -> ex.put(c.id(), mean(m)));
                row.put("extra_corruptions", ex);
            }
            out.add(row);
        }
        root.put("rows", out);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> mean(RobustnessSummary.Mean m) {
        LinkedHashMap<String, Object> o = new LinkedHashMap<>();
        o.put("value", Double.isNaN(m.value()) ? null : m.value());
        o.put("n", m.count());
        o.put("of", m.expected());
        o.put("complete", m.complete());
        return o;
    }

    /** Header, then one line per model; percent with one decimal, empty cells for missing values. */
    public String toCsv() {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("model", metric + "*", "mPC", "rPC"));
        Corruption.benchmarkSet().forEach(c -> header.add(c.id()));
        header.add("complete");
        header.add("missing");
        b.append(String.join(",", header)).append('\n');
        for (RobustnessSummary r : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(csv(r.model()));
            cells.add(percent(r.clean(), scale.toPercent));
            cells.add(percent(r.mpc(), scale.toPercent));
            cells.add(percent(r.rpc(), 100));
            for (Corruption c : Corruption.benchmarkSet()) {
                RobustnessSummary.Mean m = r.perCorruption().get(c);
                cells.add(m.complete() ? percent(m.value(), scale.toPercent) : "");
            }
            cells.add(Boolean.toString(r.complete()));
            cells.add(csv(String.join(";", r.missing())));
            b.append(String.join(",", cells)).append('\n');
        }
        return b.toString();
    }

    /** A Markdown table like the paper's Table 1, with a note for each incomplete row. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("| Method | ").append(metric).append("* | mPC | rPC |");
        SHORT.values().forEach(l -> b.append(' ').append(l).append(" |"));
        b.append("\n|---|---:|---:|---:|");
        SHORT.values().forEach(l -> b.append("---:|"));
        b.append('\n');
        List<String> notes = new ArrayList<>();
        for (RobustnessSummary r : rows) {
            boolean incomplete = !r.complete();
            b.append("| ").append(r.model().replace("|", "\\|")).append(incomplete ? " †" : "").append(" | ");
            b.append(orDash(percent(r.clean(), scale.toPercent))).append(" | ");
            b.append(orDash(percent(r.mpc(), scale.toPercent))).append(" | ");
            b.append(orDash(percent(r.rpc(), 100))).append(" |");
            for (Corruption c : SHORT.keySet()) {
                RobustnessSummary.Mean m = r.perCorruption().get(c);
                b.append(' ').append(m.complete() ? percent(m.value(), scale.toPercent) : "—").append(" |");
            }
            b.append('\n');
            if (incomplete) {
                notes.add("† " + r.model() + ": incomplete, missing " + String.join(", ", r.missing())
                        + (r.mpcPartial().count() > 0 ? String.format(Locale.ROOT,
                        "; mean over the %d values present: %s", r.mpcPartial().count(),
                        percent(r.mpcPartial().value(), scale.toPercent)) : ""));
            }
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append(n).append("  \n"));
        }
        return b.toString();
    }

    /** Python's {@code '%.1f' % (v * factor)}: round half to even on the binary value. */
    static String percent(Double v, double factor) {
        if (v == null || v.isNaN()) {
            return "";
        }
        return new BigDecimal(v * factor).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "—" : s;
    }

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
