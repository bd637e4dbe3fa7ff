package io.robustpose.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.train.TrainingMethod;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** report.md of a replication: the protocol, per-model table, paired differences, curves. */
public final class ReplicationReport {

    private ReplicationReport() {
    }

    public static String markdown(ReplicationResults r) {
        Protocol p = r.protocol();
        StringBuilder b = new StringBuilder();
        b.append("# Replication: ").append(String.join(" vs ", p.methods().stream().map(TrainingMethod::id).toList()))
                .append("\n\n");
        b.append(String.format(Locale.ROOT, "%s at %dx%d, batch %d; %d synthetic training images, %d validation images "
                        + "(data seed %d). Base: %d epochs standard, lr %.0e, x0.1 at %s, %s. Continuations from the base "
                        + "(teacher = base; FPD: %s): %d epochs, lr %.0e, x0.1 at %s, %s; seeds %s. Benchmark: %d "
                        + "corruptions x severities %s, corruption seed %d, GT boxes, flip test.%n%n",
                p.architecture().id(), p.inputHeight(), p.inputWidth(), p.batch(), p.trainImages(), p.valImages(),
                p.dataSeed(), p.baseEpochs(), p.baseLr(), p.baseLrSteps(), p.baseLoss(), p.fpdTeacher().id(),
                p.continueEpochs(), p.continueLr(), p.continueLrSteps(), p.continueLoss(), p.seeds(), p.corruptions().size(),
                p.severities(), p.corruptionSeed()));
        b.append("## Models (AP x100)\n\n| model | clean AP | mPC | rPC | noise | blur | weather | digital |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        r.models().forEach((name, s) -> {
            b.append("| ").append(name).append(" | ").append(pct(s.clean())).append(" | ").append(pct(r.mpc(s)))
                    .append(" | ").append(r.rpc(s) == null ? "–" : String.format(Locale.ROOT, "%.1f", 100 * r.rpc(s)));
            for (Corruption.Category c : Corruption.Category.values()) {
                b.append(" | ").append(pct(s.perCategory().get(c).value()));
            }
            b.append(" |\n");
        });
        if (!r.paired().isEmpty()) {
            b.append("\n## Paired differences over seeds (x100; 95 % t-interval)\n\n| comparison | metric | per seed | "
                    + "mean | 95 % CI |\n|---|---|---|---:|---|\n");
            r.paired().forEach((m, byMetric) -> byMetric.forEach((metric, d) -> {
                StringBuilder seeds = new StringBuilder();
                for (double v : d.differences()) {
                    seeds.append(seeds.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%+.2f", 100 * v));
                }
                b.append("| ").append(m.id()).append(" − ").append(p.methods().get(0).id()).append(" | ").append(metric)
                        .append(" | ").append(seeds).append(" | ").append(String.format(Locale.ROOT, "%+.2f", 100 * d.mean()))
                        .append(" | ").append(Double.isNaN(d.low()) ? "–" : String.format(Locale.ROOT, "[%+.2f, %+.2f]",
                                100 * d.low(), 100 * d.high())).append(" |\n");
            }));
        }
        b.append("\n## Per corruption (mean over severities, AP x100)\n\n| model |");
        for (Corruption c : Corruption.benchmarkSet()) {
            b.append(' ').append(c.id()).append(" |");
        }
        b.append("\n|---|").append("---:|".repeat(Corruption.benchmarkSet().size())).append('\n');
        r.models().forEach((name, s) -> {
            b.append("| ").append(name).append(" |");
            for (double v : ReplicationResults.corruptionMeans(s)) {
                b.append(' ').append(pct(v)).append(" |");
            }
            b.append('\n');
        });
        b.append("\n## Training curves (validation AP x100 per epoch")
                .append("; for mixing methods the mean mix weight of clean / AutoAugment / GridMask)\n\n");
        for (Map.Entry<String, List<JsonNode>> e : r.curves().entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            b.append("- ").append(e.getKey()).append(": ");
            StringBuilder row = new StringBuilder();
            for (JsonNode n : e.getValue()) {
                JsonNode ap = n.path("validation").path("AP");
                row.append(row.length() == 0 ? "" : " ").append(ap.isNumber()
                        ? String.format(Locale.ROOT, "%.1f", 100 * ap.asDouble()) : "–");
            }
            b.append(row);
            JsonNode last = e.getValue().get(e.getValue().size() - 1);
            if (last.has("mix_shares")) {
                JsonNode first = e.getValue().get(0).path("mix_shares");
                JsonNode end = last.path("mix_shares");
                b.append(String.format(Locale.ROOT, "; mix %.2f/%.2f/%.2f → %.2f/%.2f/%.2f, entropy %.2f → %.2f",
                        first.get(0).asDouble(), first.get(1).asDouble(), first.get(2).asDouble(), end.get(0).asDouble(),
                        end.get(1).asDouble(), end.get(2).asDouble(), e.getValue().get(0).path("mix_entropy").asDouble(),
                        last.path("mix_entropy").asDouble()));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String pct(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }
}
