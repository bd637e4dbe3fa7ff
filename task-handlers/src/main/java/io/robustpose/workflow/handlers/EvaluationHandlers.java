package io.robustpose.workflow.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.benchmark.CocoBenchmark;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.benchmark.MpiiBenchmark;
import io.robustpose.core.benchmark.RobustnessRun;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.KeypointResults;
import io.robustpose.core.dataset.KeypointResultsWriter;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.eval.robustness.Provenance;
import io.robustpose.core.eval.robustness.RobustnessTable;
import io.robustpose.core.inference.PersonInstance;
import io.robustpose.core.inference.PersonSources;
import io.robustpose.core.inference.PoseModel;
import io.robustpose.core.inference.PoseModels;
import io.robustpose.core.inference.TopDownEstimator;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.worker.TaskContext;
import io.robustpose.workflow.worker.TaskHandler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Eval, aggregate and report tasks on the benchmark code of pose-core — the same steps
 * {@code robustpose evaluate} runs in one process, so both give the same table.
 * <ul>
 * <li>eval: one model × condition × shard → {@code predictions.json} (COCO results format);</li>
 * <li>aggregate: a model's predictions, shards concatenated per condition → AP per condition →
 *     {@code metrics.json} and the model's robustness table;</li>
 * <li>report: every model's metrics → the experiment's report (HTML, Markdown, JSON, CSV; {@link ExperimentReport}).</li>
 * </ul>
 * Models are imported files (ONNX, or safetensors checkpoints of this project's networks) or the
 * checkpoint of the experiment's own train task; a model without either is an error (the spec
 * validation refuses such a model at submit).
 */
public final class EvaluationHandlers {
    private final Corruptor corruptor;
    private final int threads;
    private final io.robustpose.core.device.DeviceRequest device;
    private String cachedGtKey;
    private CocoDataset cachedGt;

    public EvaluationHandlers(Corruptor corruptor, int threads) {
        this(corruptor, threads, io.robustpose.core.device.DeviceRequest.CPU);
    }

    /** Runs the networks where {@code device} resolves for each model's engine (ROBUSTPOSE_DEVICE of the pool). */
    public EvaluationHandlers(Corruptor corruptor, int threads, io.robustpose.core.device.DeviceRequest device) {
        this.corruptor = corruptor;
        this.threads = threads;
        this.device = device;
    }

    public TaskHandler eval() {
        return this::evaluate;
    }

    public TaskHandler aggregate() {
        return this::aggregateModel;
    }

    public TaskHandler report() {
        return this::report;
    }

    private synchronized CocoDataset groundTruth(DatasetFormat format, Path annotations) {
        String key = format + ":" + annotations + ":" + annotations.toFile().lastModified();
        if (!key.equals(cachedGtKey)) {
            cachedGt = CocoReader.of(format).withoutSegmentation().read(annotations);
            cachedGtKey = key;
        }
        return cachedGt;
    }

    private static DatasetFormat format(Task task) {
        return DatasetFormat.byId(task.param("format")).orElseThrow(() ->
                new IllegalArgumentException("params.format: unknown '" + task.param("format") + "'"));
    }

    private TaskHandler.Result evaluate(Task task, TaskContext ctx) throws Exception {
        JsonNode model = task.params().path("model");
        Path modelFile = modelFile(task, ctx);
        if (modelFile == null) {
            throw new IllegalArgumentException("model " + task.param("model", "?") + " has no weights: neither a file "
                    + "nor a checkpoint from its train task");
        }
        DatasetFormat format = format(task);
        if (format == DatasetFormat.MPII) {
            return evaluateMpii(task, ctx, modelFile);
        }
        CocoDataset gt = groundTruth(format, Path.of(task.param("annotations")));
        boolean bottomUp = io.robustpose.core.bottomup.BottomUpModels.isBottomUp(modelFile,
                model.path("descriptor").asText(null));
        // a bottom-up model finds the people itself: no boxes
        Condition condition = Condition.parse(task.param("corruption"), task.intParam("severity", 0));
        Map<Long, List<PersonInstance>> persons = bottomUp ? Map.of() : PersonSources.of(gt, task.param("boxes", "gt"),
                task.param("corruption"), task.intParam("severity", 0));
        Path corruptedDir = ExperimentReport.corruptedDir(task, ctx.artifacts());
        var setup = new CocoBenchmark.Setup(gt, Path.of(task.param("images")), persons, corruptedDir == null ? corruptor : null,
                task.params().path("seed").asLong(1), corruptedDir, threads);
        CocoBenchmark.Outcome o;
        if (bottomUp) {
            // every image of the annotations (people found where none is annotated are false positives)
            var all = io.robustpose.core.benchmark.AnnotatedImageFiles.shard(gt.images(), task.intParam("shard", 0),
                    task.intParam("shards", 1));
            try (var net = io.robustpose.core.bottomup.BottomUpModels.open(modelFile,
                    model.path("descriptor").asText(null), deviceFor(model))) {
                var estimator = new io.robustpose.core.bottomup.BottomUpEstimator(net, net.inputSize(), true,
                        List.of(1.0));
                o = CocoBenchmark.predictBottomUp(estimator, setup, condition, all);
            }
            return predictions(task, ctx, gt, condition, o);
        }
        var images = CocoBenchmark.shard(setup, task.intParam("shard", 0), task.intParam("shards", 1));
        try (PoseModel m = PoseModels.open(modelFile, model.path("descriptor").asText(null), deviceFor(model))) {
            var estimator = new TopDownEstimator(m, new TopDownEstimator.Options(true, 0.2,
                    task.params().hasNonNull("oksNms") ? task.params().get("oksNms").asDouble() : 0.9));
            o = CocoBenchmark.predict(estimator, setup, condition, images, progress(ctx, condition));
        }
        return predictions(task, ctx, gt, condition, o);
    }

    /** Writes a shard's predictions; its AP when the condition is not sharded. */
    private static TaskHandler.Result predictions(Task task, TaskContext ctx, CocoDataset gt, Condition condition,
                                                  CocoBenchmark.Outcome o) throws java.io.IOException {
        String out = task.param("out") + "/" + RobustnessRun.PREDICTIONS;
        KeypointResultsWriter.write(ctx.artifacts().resolve(out), o.results());
        Map<String, Double> metrics = throughput(o.images(), o.persons(), o.seconds(), o.timing());
        if (task.intParam("shards", 1) == 1) {
            metrics.put("AP", RobustnessRun.ap(gt, o.results()));
        }
        return new TaskHandler.Result(Map.of("predictions", out, "condition", condition.id()), metrics);
    }

    /** Counts images into the images/s meter and reports progress as the runner goes. */
    private static java.util.function.Consumer<io.robustpose.core.inference.TopDownRunner.Progress> progress(TaskContext ctx,
                                                                                                         Condition condition) {
        return p -> {
            ctx.imagesProcessedSoFar(p.imagesDone());
            ctx.progress(p.imagesDone() / (double) Math.max(1, p.imagesTotal()), condition.id(), Map.of());
        };
    }

    /**
     * Images/s and where the network thread's time went: {@code input_wait_share} is the part spent waiting
     * for decoded, corrupted and cropped images (near 0: the device was fed without stalls).
     */
    private static Map<String, Double> throughput(int images, long persons, double seconds,
                                                  io.robustpose.core.inference.TopDownRunner.Timing timing) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("network_seconds", timing.networkSeconds());
        metrics.put("input_wait_seconds", timing.inputWaitSeconds());
        metrics.put("input_wait_share", timing.inputWaitShare());
        metrics.put("images", (double) images);
        metrics.put("persons", (double) persons);
        metrics.put("seconds", seconds);
        metrics.put("images_per_second", images / Math.max(1e-9, seconds));
        return metrics;
    }

    /** The imported model file, or the checkpoint its train task produced; null when there is neither yet. */
    private static Path modelFile(Task task, TaskContext ctx) {
        JsonNode model = task.params().path("model");
        if (model.hasNonNull("file")) {
            return Path.of(model.get("file").asText());
        }
        String train = task.param("trainTask", null);
        Map<String, String> trained = train == null ? null : task.inputs().get(train);
        if (trained != null && trained.containsKey("checkpoint")) {
            return ctx.artifacts().resolve(trained.get("checkpoint"));
        }
        return null;
    }

    private TaskHandler.Result aggregateModel(Task task, TaskContext ctx) throws Exception {
        if (task.inputs().values().stream().noneMatch(r -> r.containsKey("predictions"))) {
            throw new IllegalArgumentException("aggregate of " + task.param("model", "?") + ": no eval task produced "
                    + "predictions");
        }
        if (format(task) == DatasetFormat.MPII) {
            return aggregateMpii(task, ctx);
        }
        CocoDataset gt = groundTruth(format(task), Path.of(task.param("annotations")));
        Map<Condition, List<List<KeypointResult>>> byCondition = new LinkedHashMap<>();
        Map<String, List<String>> index = new java.util.TreeMap<>();
        for (Map<String, String> r : task.inputs().values()) {
            Condition condition = ExperimentReport.condition(r.get("condition"));
            byCondition.computeIfAbsent(condition, k -> new ArrayList<>())
                    .add(KeypointResults.read(ctx.artifacts().resolve(r.get("predictions"))).results());
            index.computeIfAbsent(condition.id(), k -> new ArrayList<>()).add(r.get("predictions"));
        }
        ModelMetrics metrics = RobustnessRun.metricsOf(task.param("model"), gt, byCondition);
        metrics.provenance(provenance(task));
        return writeModelMetrics(task, ctx, metrics, "AP", RobustnessTable.Scale.FRACTION, index);
    }

    /** How an experiment's numbers were made, from the aggregate task's parameters (the spec, canonical). */
    private Map<String, String> provenance(Task task) throws java.io.IOException {
        Map<String, String> p = new LinkedHashMap<>();
        String version = EvaluationHandlers.class.getPackage().getImplementationVersion();
        p.put("robustpose_version", version == null ? "development build" : version);
        p.put("experiment", task.experimentId());
        String file = task.param("modelFile", null);
        p.put("model", file == null ? "trained in this experiment (task train-" + task.param("model") + ")"
                : Provenance.fileWithDigest(Path.of(file)));
        p.put("format", task.param("format"));
        Path annotations = Path.of(task.param("annotations"));
        p.put("annotations", Provenance.fileWithDigest(annotations));
        p.put("corruptions", task.param("mode", "?") + ", seed " + task.param("seed", "?"));
        if ("on-the-fly".equals(task.param("mode", ""))) {
            p.put("frost_textures", corruptor.officialFrost() ? "official images" : "procedural (not the official frost images)");
        }
        String boxes = task.param("boxes", "gt");
        boolean bottomUp = file != null ? io.robustpose.core.bottomup.BottomUpModels.isBottomUp(Path.of(file),
                task.param("descriptor", null))
                : io.robustpose.core.model.Architecture.byId(task.param("architecture", ""))
                .map(io.robustpose.core.model.Architecture::bottomUp).orElse(false);
        p.put("boxes", bottomUp ? Provenance.NO_BOXES : Provenance.boxes(boxes));
        if (!bottomUp) {
            p.put("oks_nms", task.param("oksNms", "0.9"));
        }
        return p;
    }

    /** A model's metrics, robustness table and prediction index; the summary (clean, mPC, rPC) for the event. */
    private static TaskHandler.Result writeModelMetrics(Task task, TaskContext ctx, ModelMetrics metrics, String metric,
                                                        RobustnessTable.Scale scale, Map<String, List<String>> index)
            throws java.io.IOException {
        String out = task.param("out");
        RobustnessRun.writeMetrics(ctx.artifacts().resolve(out + "/" + RobustnessRun.METRICS), List.of(metrics), metric, scale);
        RobustnessTable table = RobustnessTable.of(metric, scale, List.of(metrics));
        ctx.artifacts().writeAtomically(out + "/robustness.md", table.toMarkdown().getBytes(StandardCharsets.UTF_8));
        ctx.artifacts().writeAtomically(out + "/robustness.json", table.toJson().getBytes(StandardCharsets.UTF_8));
        Map<String, Double> summary = new LinkedHashMap<>();
        if (metrics.clean() != null) {
            summary.put(metric, metrics.clean());
        }
        var row = table.rows().get(0);
        if (row.mpc() != null) {
            summary.put("mPC", row.mpc());
            summary.put("rPC", row.rpc());
        }
        ctx.artifacts().writeAtomically(out + "/" + ExperimentReport.PREDICTION_INDEX, Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(Map.of("model", task.param("model"), "conditions", index)));
        return new TaskHandler.Result(Map.of("metrics", out + "/" + RobustnessRun.METRICS, "table", out + "/robustness.md",
                "predictionIndex", out + "/" + ExperimentReport.PREDICTION_INDEX), summary);
    }

    /** MPII-C: one model × condition × shard → per-person predictions (PCKh needs every shard: aggregate). */
    private TaskHandler.Result evaluateMpii(Task task, TaskContext ctx, Path modelFile) throws Exception {
        MpiiBenchmark.Setup setup = ExperimentReport.mpiiSetup(task, ExperimentReport.corruptedDir(task, ctx.artifacts()),
                corruptor, threads);
        Condition condition = Condition.parse(task.param("corruption"), task.intParam("severity", 0));
        MpiiBenchmark.Outcome o;
        try (PoseModel m = PoseModels.open(modelFile, task.params().path("model").path("descriptor").asText(null),
                deviceFor(task.params().path("model")))) {
            var estimator = new TopDownEstimator(m, TopDownEstimator.Options.PUBLISHED);
            o = MpiiBenchmark.predict(estimator, setup, condition, task.intParam("shard", 0), task.intParam("shards", 1),
                    progress(ctx, condition));
        }
        String out = task.param("out") + "/" + RobustnessRun.PREDICTIONS;
        MpiiBenchmark.writePredictions(ctx.artifacts().resolve(out), o.predictions());
        Map<String, Double> metrics = throughput(o.images(), o.persons(), o.seconds(), o.timing());
        if (task.intParam("shards", 1) == 1) {
            metrics.put("PCKh", MpiiBenchmark.pckh(setup, o.predictions()).mean());
        }
        return new TaskHandler.Result(Map.of("predictions", out, "condition", condition.id()), metrics);
    }

    private TaskHandler.Result aggregateMpii(Task task, TaskContext ctx) throws Exception {
        MpiiDataset dataset = MpiiDataset.read(Path.of(task.param("annotations")));
        var gt = MpiiBenchmark.groundTruth(dataset, task.param("headBoxes"));
        Map<Condition, double[][][]> byCondition = new LinkedHashMap<>();
        Map<String, List<String>> index = new java.util.TreeMap<>();
        for (Map<String, String> r : task.inputs().values()) {
            Condition condition = ExperimentReport.condition(r.get("condition"));
            MpiiBenchmark.readPredictions(ctx.artifacts().resolve(r.get("predictions")),
                    byCondition.computeIfAbsent(condition, k -> new double[dataset.annotations().size()][][]));
            index.computeIfAbsent(condition.id(), k -> new ArrayList<>()).add(r.get("predictions"));
        }
        ModelMetrics metrics = new ModelMetrics(task.param("model"));
        byCondition.forEach((c, pred) -> RobustnessRun.record(metrics, c, MpiiBenchmark.pckh(gt, pred).mean()));
        return writeModelMetrics(task, ctx, metrics, "PCKh", RobustnessTable.Scale.PERCENT, index);
    }

    private TaskHandler.Result report(Task task, TaskContext ctx) throws Exception {
        if (task.inputs().values().stream().noneMatch(r -> r.containsKey("metrics"))) {
            throw new IllegalArgumentException("report: no model produced metrics");
        }
        ExperimentReport.Written w = ExperimentReport.write(task, ctx.artifacts(), corruptor);
        return new TaskHandler.Result(w.files(), Map.of("models", (double) w.models()));
    }

    /** The model's own {@code device} from the spec (validated at submit), else the pool's. */
    private io.robustpose.core.device.DeviceRequest deviceFor(com.fasterxml.jackson.databind.JsonNode model) {
        return model.hasNonNull("device") ? io.robustpose.core.device.DeviceRequest.parse(model.get("device").asText())
                : device;
    }
}
