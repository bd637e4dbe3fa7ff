package io.robustpose.core.eval.robustness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.dataset.MalformedRecordException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads per-model metrics for {@link RobustnessTable} from a file or a directory of files.
 * <ul>
 * <li>JSON: {@code {"metric": "AP", "scale": "fraction", "models": [{"model": "SBL-R50", "clean": 0.704,
 *     "corrupted": {"gaussian_noise": {"1": 0.61, ...}, ...}}]}}; a single model object or an array
 *     of them is accepted too.</li>
 * <li>CSV (long form): header {@code model,corruption,severity,value}; the clean value has
 *     corruption {@code clean} and an empty severity.</li>
 * <li>A directory: every {@code *.json} and {@code *.csv} in it, by name, merged per model
 *     (the same cell with two different values is an error).</li>
 * </ul>
 * The scale defaults to percent for PCKh metrics and to fractions otherwise.
 */
public final class RobustnessInputs {
    private RobustnessInputs() {
    }

    /** What was read: the metric's name and scale and the models in first-seen order. */
    public record Loaded(String metric, RobustnessTable.Scale scale, List<ModelMetrics> models, List<Path> files) {
        public RobustnessTable table() {
            return RobustnessTable.of(metric, scale, models);
        }
    }

    public static Loaded read(Path fileOrDir) {
        List<Path> files;
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> s = Files.list(fileOrDir)) {
                files = s.filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return Files.isRegularFile(p) && (n.endsWith(".json") || n.endsWith(".csv"));
                }).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + fileOrDir, e);
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException(fileOrDir + " holds no .json or .csv metrics files");
            }
        } else {
            files = List.of(fileOrDir);
        }
        Map<String, ModelMetrics> models = new LinkedHashMap<>();
        String metric = null;
        String scale = null;
        for (Path f : files) {
            String[] meta = f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                    ? readCsv(f, models) : readJson(f, models);
            if (meta[0] != null) {
                if (metric != null && !metric.equals(meta[0])) {
                    throw new IllegalArgumentException(f + ": metric " + meta[0] + " differs from " + metric);
                }
                metric = meta[0];
            }
            if (meta[1] != null) {
                scale = meta[1];
            }
        }
        String m = metric == null ? "AP" : metric;
        RobustnessTable.Scale sc = scale != null ? parseScale(scale)
                : m.toLowerCase(Locale.ROOT).startsWith("pckh") ? RobustnessTable.Scale.PERCENT
                : RobustnessTable.Scale.FRACTION;
        return new Loaded(m, sc, List.copyOf(models.values()), files);
    }

    private static RobustnessTable.Scale parseScale(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "fraction" -> RobustnessTable.Scale.FRACTION;
            case "percent" -> RobustnessTable.Scale.PERCENT;
            default -> throw new IllegalArgumentException("scale must be fraction or percent, got " + s);
        };
    }

    private static String[] readJson(Path f, Map<String, ModelMetrics> models) {
        String name = f.getFileName().toString();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        String metric = null;
        String scale = null;
        JsonNode list;
        if (root != null && root.isObject() && root.has("models")) {
            metric = root.hasNonNull("metric") ? root.get("metric").asText() : null;
            scale = root.hasNonNull("scale") ? root.get("scale").asText() : null;
            list = root.get("models");
        } else if (root != null && root.isObject()) {
            list = new ObjectMapper().createArrayNode().add(root);
        } else {
            list = root;
        }
        if (list == null || !list.isArray()) {
            throw new MalformedRecordException(name, "file", -1, null, null,
                    "expected {\"models\": [...]}, a model object or an array of them");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            if (!m.isObject() || !m.hasNonNull("model")) {
                throw new MalformedRecordException(name, "models", i, null, "model", "missing");
            }
            String model = m.get("model").asText();
            ModelMetrics target = models.computeIfAbsent(model, ModelMetrics::new);
            try {
                if (m.hasNonNull("clean")) {
                    target.clean(number(m.get("clean"), "clean"));
                }
                JsonNode corrupted = m.get("corrupted");
                if (corrupted != null && !corrupted.isNull()) {
                    if (!corrupted.isObject()) {
                        throw new IllegalArgumentException("'corrupted' must map corruption -> {severity: value}");
                    }
                    for (Map.Entry<String, JsonNode> e : corrupted.properties()) {
                        Corruption c = corruption(e.getKey());
                        if (!e.getValue().isObject()) {
                            throw new IllegalArgumentException(e.getKey() + " must map severity -> value");
                        }
                        for (Map.Entry<String, JsonNode> s : e.getValue().properties()) {
                            target.put(c, severity(s.getKey()), number(s.getValue(), e.getKey() + "/" + s.getKey()));
                        }
                    }
                }
                JsonNode provenance = m.get("provenance");
                if (provenance != null && provenance.isObject()) {
                    Map<String, String> values = new java.util.LinkedHashMap<>();
                    provenance.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
                    target.provenance(values);
                }
                JsonNode stats = m.get("stats");
                if (stats != null && stats.isObject()) {
                    for (Map.Entry<String, JsonNode> e : stats.properties()) {
                        Map<String, Double> values = new java.util.LinkedHashMap<>();
                        for (Map.Entry<String, JsonNode> s : e.getValue().properties()) {
                            values.put(s.getKey(), number(s.getValue(), "stats " + e.getKey() + " " + s.getKey()));
                        }
                        target.stats(e.getKey(), values);
                    }
                }
            } catch (IllegalArgumentException e) {
                if (e instanceof MalformedRecordException) {
                    throw e;
                }
                throw new MalformedRecordException(name, "models", i, model, null, e.getMessage());
            }
        }
        return new String[]{metric, scale};
    }

    private static String[] readCsv(Path f, Map<String, ModelMetrics> models) {
        String name = f.getFileName().toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        if (lines.isEmpty()) {
            throw new MalformedRecordException(name, "file", -1, null, null, "empty");
        }
        List<String> header = split(lines.get(0));
        int iModel = header.indexOf("model");
        int iCorruption = header.indexOf("corruption");
        int iSeverity = header.indexOf("severity");
        int iValue = header.indexOf("value");
        if (iModel < 0 || iCorruption < 0 || iSeverity < 0 || iValue < 0) {
            throw new MalformedRecordException(name, "header", -1, null, null,
                    "expected columns model,corruption,severity,value, got " + header);
        }
        for (int ln = 1; ln < lines.size(); ln++) {
            if (lines.get(ln).isBlank()) {
                continue;
            }
            List<String> cells = split(lines.get(ln));
            try {
                if (cells.size() < header.size()) {
                    throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.size());
                }
                ModelMetrics target = models.computeIfAbsent(cells.get(iModel), ModelMetrics::new);
                double value = Double.parseDouble(cells.get(iValue));
                String corruption = cells.get(iCorruption);
                if (corruption.equalsIgnoreCase("clean")) {
                    target.clean(value);
                } else {
                    target.put(corruption(corruption), severity(cells.get(iSeverity)), value);
                }
            } catch (IllegalArgumentException e) {
                throw new MalformedRecordException(name, "line", ln + 1, null, null, e.getMessage());
            }
        }
        return new String[]{null, null};
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    private static Corruption corruption(String id) {
        return Corruption.byId(id).orElseThrow(() -> new IllegalArgumentException("unknown corruption '" + id + "'"));
    }

    private static int severity(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("severity must be 1..5, got '" + s + "'");
        }
    }

    private static double number(JsonNode n, String where) {
        if (!n.isNumber()) {
            throw new IllegalArgumentException(where + " must be a number, got " + n);
        }
        return n.doubleValue();
    }
}
