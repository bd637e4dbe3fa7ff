package io.robustpose.core.eval.robustness;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.eval.NumpySum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Robustness of one model as the AdvMix paper defines it (after Michaelis et al.): mPC, the mean
 * of the metric over the 15 benchmark corruptions × severities 1..5, and rPC = mPC / clean; plus
 * means per corruption, per severity and per corruption category. A mean over an incomplete set
 * is never passed off as the real one: mPC (and rPC) are absent when anything is missing, the
 * {@link #missing()} list names what, and {@link #mpcPartial()} gives the mean over what exists.
 */
public final class RobustnessSummary {

    /** A mean over {@code count} of the {@code expected} values; NaN when there are none. */
    public record Mean(double value, int count, int expected) {
        public boolean complete() {
            return count == expected;
        }

        static Mean of(List<Double> values, int expected) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            return new Mean(v.length == 0 ? Double.NaN : NumpySum.mean(v, v.length), v.length, expected);
        }
    }

    private static final int SEVERITIES = Corruption.MAX_SEVERITY - Corruption.MIN_SEVERITY + 1;

    private final String model;
    private final Double clean;
    private final Mean all;
    private final List<String> missing;
    private final Map<Corruption, Mean> perCorruption;
    private final Map<Integer, Mean> perSeverity;
    private final Map<Corruption.Category, Mean> perCategory;
    private final Map<Corruption, Mean> extra;
    private final boolean cleanOnly;

    private RobustnessSummary(ModelMetrics m) {
        this.model = m.model();
        this.cleanOnly = m.clean() != null && m.corrupted().isEmpty();
        this.clean = m.clean();
        List<Corruption> bench = Corruption.benchmarkSet();
        List<String> miss = new ArrayList<>();
        if (clean == null) {
            miss.add("clean");
        }
        // corruption-major order: np.mean over a (15, 5) array
        List<Double> allValues = new ArrayList<>();
        EnumMap<Corruption, Mean> perC = new EnumMap<>(Corruption.class);
        TreeMap<Integer, List<Double>> bySeverity = new TreeMap<>();
        EnumMap<Corruption.Category, List<Double>> byCategory = new EnumMap<>(Corruption.Category.class);
        for (Corruption.Category cat : Corruption.Category.values()) {
            byCategory.put(cat, new ArrayList<>());
        }
        for (int s = Corruption.MIN_SEVERITY; s <= Corruption.MAX_SEVERITY; s++) {
            bySeverity.put(s, new ArrayList<>());
        }
        for (Corruption c : bench) {
            List<Double> values = new ArrayList<>();
            for (int s = Corruption.MIN_SEVERITY; s <= Corruption.MAX_SEVERITY; s++) {
                Double v = m.get(c, s);
                if (v == null) {
                    miss.add(c.id() + "/" + s);
                    continue;
                }
                values.add(v);
                allValues.add(v);
                bySeverity.get(s).add(v);
                byCategory.get(c.category()).add(v);
            }
            perC.put(c, Mean.of(values, SEVERITIES));
        }
        this.all = Mean.of(allValues, bench.size() * SEVERITIES);
        this.missing = List.copyOf(miss);
        this.perCorruption = Collections.unmodifiableMap(perC);
        TreeMap<Integer, Mean> perS = new TreeMap<>();
        bySeverity.forEach((s, v) -> perS.put(s, Mean.of(v, bench.size())));
        this.perSeverity = Collections.unmodifiableMap(perS);
        EnumMap<Corruption.Category, Mean> perCat = new EnumMap<>(Corruption.Category.class);
        byCategory.forEach((cat, v) -> perCat.put(cat,
                Mean.of(v, (int) bench.stream().filter(c -> c.category() == cat).count() * SEVERITIES)));
        this.perCategory = Collections.unmodifiableMap(perCat);
        EnumMap<Corruption, Mean> ex = new EnumMap<>(Corruption.class);
        m.corrupted().forEach((c, values) -> {
            if (!c.isBenchmark()) {
                ex.put(c, Mean.of(new ArrayList<>(values.values()), SEVERITIES));
            }
        });
        this.extra = Collections.unmodifiableMap(ex);
    }

    public static RobustnessSummary of(ModelMetrics metrics) {
        return new RobustnessSummary(metrics);
    }

    public String model() {
        return model;
    }

    /** The clean metric, or null if it was not given. */
    public Double clean() {
        return clean;
    }

    /** mPC over all 15 × 5 values, or null if any is missing. */
    public Double mpc() {
        return all.complete() ? all.value() : null;
    }

    /** rPC = mPC / clean, or null if either is missing. */
    public Double rpc() {
        Double mpc = mpc();
        return mpc == null || clean == null ? null : mpc / clean;
    }

    /** The mean over the corrupted values that exist (equals mPC when complete). */
    public Mean mpcPartial() {
        return all;
    }

    /** True when clean and all 75 corrupted values are there. */
    public boolean complete() {
        return missing.isEmpty();
    }

    /**
     * A clean-only run ({@code corruptions: none}): the clean value and no corrupted one. Its corrupted values are
     * not missing but not asked for; mPC and rPC stay absent.
     */
    public boolean cleanOnly() {
        return cleanOnly;
    }

    /** What is missing, as {@code clean} and {@code <corruption>/<severity>}, in benchmark order. */
    public List<String> missing() {
        return missing;
    }

    /** Mean over severities 1..5 of each benchmark corruption. */
    public Map<Corruption, Mean> perCorruption() {
        return perCorruption;
    }

    /** Mean over the 15 benchmark corruptions at each severity. */
    public Map<Integer, Mean> perSeverity() {
        return perSeverity;
    }

    /** Mean over each category's corruptions and severities (noise 3×5, blur 4×5, weather 4×5, digital 4×5). */
    public Map<Corruption.Category, Mean> perCategory() {
        return perCategory;
    }

    /** Means of corruptions outside the benchmark set (held-out extras); never part of mPC. */
    public Map<Corruption, Mean> extra() {
        return extra;
    }
}
