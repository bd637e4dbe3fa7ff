package io.robustpose.core.eval.robustness;

import io.robustpose.core.corruption.Corruption;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's metric (AP, PCKh, ...) on clean data and on each (corruption, severity) it was
 * evaluated on. Values may be missing; {@link RobustnessSummary} reports what is missing instead
 * of averaging over less.
 */
public final class ModelMetrics {
    private final String model;
    private Double clean;
    private final EnumMap<Corruption, TreeMap<Integer, Double>> corrupted = new EnumMap<>(Corruption.class);
    /** Every statistic of each condition ("clean", "fog/3"): AP, AP50, ..., AR_large, or per-joint PCKh. */
    private final TreeMap<String, Map<String, Double>> stats = new TreeMap<>();
    /** How the numbers were made: seed, corruption source, frost textures, boxes, pipeline options, model hash, version. */
    private final Map<String, String> provenance = new java.util.LinkedHashMap<>();

    public ModelMetrics(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
        this.model = model;
    }

    public String model() {
        return model;
    }

    /** The clean metric, or null if not given. */
    public Double clean() {
        return clean;
    }

    public ModelMetrics clean(double value) {
        check(value, "clean");
        if (clean != null && clean != value) {
            throw new IllegalArgumentException(model + ": clean value given twice (" + clean + ", " + value + ")");
        }
        clean = value;
        return this;
    }

    public ModelMetrics put(Corruption corruption, int severity, double value) {
        if (severity < Corruption.MIN_SEVERITY || severity > Corruption.MAX_SEVERITY) {
            throw new IllegalArgumentException(model + ": severity " + severity + " of " + corruption.id()
                    + " is outside " + Corruption.MIN_SEVERITY + ".." + Corruption.MAX_SEVERITY);
        }
        check(value, corruption.id() + "/" + severity);
        Double old = corrupted.computeIfAbsent(corruption, c -> new TreeMap<>()).put(severity, value);
        if (old != null && old != value) {
            throw new IllegalArgumentException(model + ": " + corruption.id() + "/" + severity
                    + " given twice with different values (" + old + ", " + value + ")");
        }
        return this;
    }

    /** The value at (corruption, severity), or null if missing. */
    public Double get(Corruption corruption, int severity) {
        Map<Integer, Double> m = corrupted.get(corruption);
        return m == null ? null : m.get(severity);
    }

    /** All corrupted values by corruption and severity (read-only view). */
    public Map<Corruption, Map<Integer, Double>> corrupted() {
        EnumMap<Corruption, Map<Integer, Double>> view = new EnumMap<>(Corruption.class);
        corrupted.forEach((c, m) -> view.put(c, Collections.unmodifiableMap(m)));
        return Collections.unmodifiableMap(view);
    }

    /** Records all statistics of one condition (the primary metric is set apart, by {@link #clean} / {@link #put}). */
    public ModelMetrics stats(String condition, Map<String, Double> values) {
        values.forEach((k, v) -> check(v, condition + " " + k));
        stats.put(condition, Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values)));
        return this;
    }

    /** The statistics per condition id, in condition order ("clean" among them); empty when only the primary metric is known. */
    public Map<String, Map<String, Double>> stats() {
        return Collections.unmodifiableMap(stats);
    }

    public ModelMetrics provenance(Map<String, String> values) {
        provenance.putAll(values);
        return this;
    }

    public Map<String, String> provenance() {
        return Collections.unmodifiableMap(provenance);
    }

    /** Adds everything of {@code other} (same model); conflicting values are an error. */
    public ModelMetrics merge(ModelMetrics other) {
        if (other.clean != null) {
            clean(other.clean);
        }
        other.corrupted.forEach((c, m) -> m.forEach((s, v) -> put(c, s, v)));
        other.stats.forEach(this::stats);
        provenance.putAll(other.provenance);
        return this;
    }

    private void check(double value, String where) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(model + ": " + where + " is " + value);
        }
    }
}
