package io.robustpose.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.eval.robustness.RobustnessSummary;
import io.robustpose.core.train.TrainingLog;
import io.robustpose.core.train.TrainingMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replication measured: every model's clean AP, mPC, rPC and per-corruption / per-category
 * means; for every method other than the reference, the paired differences over seeds; and the
 * training curves (per-epoch loss, validation AP and, for mixing methods, the mix statistics).
 */
public record ReplicationResults(Protocol protocol, Map<String, RobustnessSummary> models,
        Map<TrainingMethod, Map<String, PairedDifference>> paired, Map<String, List<JsonNode>> curves) {

    /** The metrics compared in pairs. */
    public static final List<String> PAIRED_METRICS = List.of("AP", "mPC", "rPC");

    static ReplicationResults of(Protocol p, Path dir, Map<String, ModelMetrics> metrics) throws IOException {
        Map<String, RobustnessSummary> models = new LinkedHashMap<>();
        metrics.forEach((k, v) -> models.put(k, RobustnessSummary.of(v)));
        Map<TrainingMethod, Map<String, PairedDifference>> paired = new LinkedHashMap<>();
        TrainingMethod reference = p.methods().get(0);
        for (TrainingMethod m : p.methods().subList(1, p.methods().size())) {
            // the seeds whose pair is complete so far (all of them at the end of a run)
            List<Long> seeds = p.seeds().stream().filter(seed -> complete(p, models.get(Replication.runName(m, seed)))
                    && complete(p, models.get(Replication.runName(reference, seed)))).toList();
            if (seeds.isEmpty()) {
                continue;
            }
            Map<String, PairedDifference> byMetric = new LinkedHashMap<>();
            for (String metric : PAIRED_METRICS) {
                double[] a = new double[seeds.size()];
                double[] b = new double[seeds.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = value(models.get(Replication.runName(m, seeds.get(i))), metric);
                    b[i] = value(models.get(Replication.runName(reference, seeds.get(i))), metric);
                }
                byMetric.put(metric, PairedDifference.of(a, b));
            }
            paired.put(m, byMetric);
        }
        Map<String, List<JsonNode>> curves = new LinkedHashMap<>();
        curves.put("base", TrainingLog.read(dir.resolve("base")));
        for (long seed : p.seeds()) {
            for (TrainingMethod m : p.methods()) {
                String name = Replication.runName(m, seed);
                curves.put(name, TrainingLog.read(dir.resolve("runs").resolve(name)));
            }
        }
        return new ReplicationResults(p, models, paired, curves);
    }

    /** Clean and every condition of the protocol's grid measured. */
    private static boolean complete(Protocol p, RobustnessSummary s) {
        return s != null && s.clean() != null
                && s.mpcPartial().count() == p.corruptions().size() * p.severities().size();
    }

    /**
     * AP, mPC or rPC; on a protocol grid smaller than the benchmark's 15 × 5 (tests), mPC is the mean
     * over that grid.
     */
    static double value(RobustnessSummary s, String metric) {
        Double mpc = s.mpc() != null ? s.mpc() : s.mpcPartial().count() > 0 ? s.mpcPartial().value() : null;
        Double v = switch (metric) {
            case "AP" -> s.clean();
            case "mPC" -> mpc;
            case "rPC" -> mpc == null || s.clean() == null ? null : mpc / s.clean();
            default -> throw new IllegalArgumentException(metric);
        };
        if (v == null) {
            throw new IllegalStateException(s.model() + ": " + metric + " is incomplete (missing " + s.missing() + ")");
        }
        return v;
    }

    /** mPC over the protocol's grid (the benchmark's 15 × 5 or a smaller one); null while a condition is missing. */
    public Double mpc(RobustnessSummary s) {
        return s.mpc() != null ? s.mpc() : complete(protocol, s) ? Double.valueOf(s.mpcPartial().value()) : null;
    }

    public Double rpc(RobustnessSummary s) {
        Double mpc = mpc(s);
        return mpc == null || s.clean() == null ? null : mpc / s.clean();
    }

    /** results.json. */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", protocol);
        Map<String, Object> ms = new LinkedHashMap<>();
        models.forEach((name, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("AP", s.clean());
            m.put("mPC", mpc(s));
            m.put("rPC", rpc(s));
            Map<String, Double> cat = new LinkedHashMap<>();
            s.perCategory().forEach((c, mean) -> cat.put(c.label(), mean.value()));
            m.put("categories", cat);
            Map<String, Double> cor = new LinkedHashMap<>();
            s.perCorruption().forEach((c, mean) -> cor.put(c.id(), mean.value()));
            m.put("corruptions", cor);
            Map<String, Double> sev = new LinkedHashMap<>();
            s.perSeverity().forEach((k, mean) -> sev.put(Integer.toString(k), mean.value()));
            m.put("severities", sev);
            ms.put(name, m);
        });
        out.put("models", ms);
        Map<String, Object> ps = new LinkedHashMap<>();
        paired.forEach((method, byMetric) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            byMetric.forEach((metric, d) -> m.put(metric, Map.of("differences", d.differences(), "mean", d.mean(),
                    "sd", Double.isNaN(d.sd()) ? "n/a" : d.sd(), "ci95", List.of(
                            Double.isNaN(d.low()) ? "n/a" : d.low(), Double.isNaN(d.high()) ? "n/a" : d.high()))));
            ps.put(method.id() + " - " + protocol.methods().get(0).id(), m);
        });
        out.put("paired", ps);
        out.put("curves", curves);
        return out;
    }

    /** The per-corruption means of a model in benchmark order (for tables). */
    static List<Double> corruptionMeans(RobustnessSummary s) {
        List<Double> out = new ArrayList<>();
        for (Corruption c : Corruption.benchmarkSet()) {
            out.add(s.perCorruption().get(c).value());
        }
        return out;
    }
}
