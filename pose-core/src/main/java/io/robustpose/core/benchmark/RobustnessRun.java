package io.robustpose.core.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustpose.core.bottomup.BottomUpEstimator;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.KeypointResultsWriter;
import io.robustpose.core.eval.coco.CocoStats;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.eval.robustness.RobustnessTable;
import io.robustpose.core.inference.TopDownEstimator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A model's robustness benchmark: predictions for clean and every corruption × severity, COCO AP
 * of each, and the metrics file the robustness table is built from. The CLI runs it in one
 * process; the services run the same steps as eval tasks (per condition and shard) and an
 * aggregate task ({@link #metricsOf}), so both produce the same table.
 */
public final class RobustnessRun {
    public static final String PREDICTIONS = "predictions.json";
    public static final String METRICS = "metrics.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RobustnessRun() {
    }

    /** One condition's predictions, by whatever kind of estimator. */
    public interface Predictor {
        CocoBenchmark.Outcome predict(Condition condition) throws Exception;
    }

    /** Predictions of every condition under {@code out/<condition>/predictions.json}, then the model's metrics. */
    public static ModelMetrics run(String model, TopDownEstimator estimator, CocoBenchmark.Setup setup,
                                   List<Condition> conditions, Path out, Consumer<String> log) throws Exception {
        return run(model, c -> CocoBenchmark.predict(estimator, setup, c, CocoBenchmark.shard(setup, 0, 1), null),
                setup, conditions, out, log);
    }

    /** As above with a setup per condition (person boxes detected on each condition's images). */
    public static ModelMetrics run(String model, TopDownEstimator estimator,
                                   java.util.function.Function<Condition, CocoBenchmark.Setup> setups,
                                   List<Condition> conditions, Path out, Consumer<String> log) throws Exception {
        CocoBenchmark.Setup first = setups.apply(conditions.get(0));
        return run(model, c -> {
            CocoBenchmark.Setup s = setups.apply(c);
            return CocoBenchmark.predict(estimator, s, c, CocoBenchmark.shard(s, 0, 1), null);
        }, first, conditions, out, log);
    }

    /** As above for a bottom-up estimator: every image of the ground truth, no person boxes. */
    public static ModelMetrics run(String model, BottomUpEstimator estimator, CocoBenchmark.Setup setup,
                                   List<Condition> conditions, Path out, Consumer<String> log) throws Exception {
        return run(model, c -> CocoBenchmark.predictBottomUp(estimator, setup, c, setup.groundTruth().images()),
                setup, conditions, out, log);
    }

    private static ModelMetrics run(String model, Predictor predictor, CocoBenchmark.Setup setup,
                                    List<Condition> conditions, Path out, Consumer<String> log) throws Exception {
        ModelMetrics metrics = new ModelMetrics(model);
        for (Condition c : conditions) {
            CocoBenchmark.Outcome o = predictor.predict(c);
            KeypointResultsWriter.write(Files.createDirectories(out.resolve(c.id())).resolve(PREDICTIONS), o.results());
            CocoStats stats = CocoBenchmark.evaluate(setup.groundTruth(), o.results());
            double ap = stats.ap();
            record(metrics, c, stats);
            if (log != null) {
                log.accept(String.format("%-24s AP %.4f  (%d images, %.1f img/s, %.0f %% of the network thread waiting for input)",
                        c.id(), ap, o.images(), o.imagesPerSecond(), 100 * o.timing().inputWaitShare()));
            }
        }
        writeMetrics(out.resolve(METRICS), List.of(metrics));
        return metrics;
    }

    /** Metrics from per-condition prediction files (shards of one condition are concatenated). */
    public static ModelMetrics metricsOf(String model, CocoDataset gt, Map<Condition, List<List<KeypointResult>>> predictions) {
        ModelMetrics metrics = new ModelMetrics(model);
        for (var e : predictions.entrySet()) {
            List<KeypointResult> all = e.getValue().stream().flatMap(List::stream).toList();
            record(metrics, e.getKey(), CocoBenchmark.evaluate(gt, all));
        }
        return metrics;
    }

    /** AP as the condition's primary metric, and every COCO statistic beside it. */
    public static void record(ModelMetrics metrics, Condition c, CocoStats stats) {
        record(metrics, c, stats.ap());
        metrics.stats(c.id(), stats.toMap());
    }

    public static void record(ModelMetrics metrics, Condition c, double ap) {
        if (c.clean()) {
            metrics.clean(ap);
        } else {
            metrics.put(c.corruption(), c.severity(), ap);
        }
    }

    /**
     * The long table: one row per model and condition (clean first, then the benchmark order), with its
     * category and severity and every statistic recorded for it ({@code CocoStats.NAMES} for COCO).
     */
    public static String longCsv(List<ModelMetrics> models) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        models.forEach(m -> m.stats().values().forEach(v -> names.addAll(v.keySet())));
        StringBuilder b = new StringBuilder("model,corruption,category,severity");
        names.forEach(n -> b.append(',').append(n));
        b.append('\n');
        for (ModelMetrics m : models) {
            List<Condition> order = new java.util.ArrayList<>();
            order.add(Condition.CLEAN);
            for (Corruption c : Corruption.values()) {
                for (int s = Corruption.MIN_SEVERITY; s <= Corruption.MAX_SEVERITY; s++) {
                    order.add(new Condition(c, s));
                }
            }
            for (Condition c : order) {
                Map<String, Double> v = m.stats().get(c.id());
                if (v == null) {
                    continue;
                }
                b.append(csv(m.model())).append(',').append(c.clean() ? "clean" : c.corruption().id()).append(',')
                        .append(c.clean() ? "" : c.corruption().category().name().toLowerCase(java.util.Locale.ROOT))
                        .append(',').append(c.severity());
                for (String n : names) {
                    Double x = v.get(n);
                    b.append(',').append(x == null ? "" : Double.toString(x));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** COCO keypoint AP (pycocotools semantics); results are renumbered in the given order. */
    public static double ap(CocoDataset gt, List<KeypointResult> results) {
        return CocoBenchmark.evaluate(gt, results).ap();
    }

    /** Writes the metrics in the JSON form {@code robustness --metrics} and the report read. */
    public static void writeMetrics(Path file, List<ModelMetrics> models) throws IOException {
        writeMetrics(file, models, "AP", RobustnessTable.Scale.FRACTION);
    }

    /** As {@link #writeMetrics(Path, List)} for any metric (PCKh is in percent). */
    public static void writeMetrics(Path file, List<ModelMetrics> models, String metric, RobustnessTable.Scale scale)
            throws IOException {
        ObjectNode root = JSON.createObjectNode().put("metric", metric).put("scale", scale.id());
        ArrayNode arr = root.putArray("models");
        for (ModelMetrics m : models) {
            ObjectNode n = arr.addObject().put("model", m.model());
            if (m.clean() != null) {
                n.put("clean", m.clean());
            }
            ObjectNode corrupted = n.putObject("corrupted");
            for (Map.Entry<Corruption, Map<Integer, Double>> e : m.corrupted().entrySet()) {
                ObjectNode sev = corrupted.putObject(e.getKey().id());
                e.getValue().forEach((k, v) -> sev.put(Integer.toString(k), v));
            }
            if (!m.provenance().isEmpty()) {
                ObjectNode p = n.putObject("provenance");
                m.provenance().forEach(p::put);
            }
            if (!m.stats().isEmpty()) {
                ObjectNode stats = n.putObject("stats");
                m.stats().forEach((condition, values) -> {
                    ObjectNode s = stats.putObject(condition);
                    values.forEach(s::put);
                });
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), root);
    }
}
