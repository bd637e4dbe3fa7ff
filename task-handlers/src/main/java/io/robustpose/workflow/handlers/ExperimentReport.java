package io.robustpose.workflow.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.benchmark.CocoBenchmark;
import io.robustpose.core.benchmark.Comparability;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.benchmark.MpiiBenchmark;
import io.robustpose.core.benchmark.RobustnessRun;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.KeypointResults;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.eval.robustness.RobustnessInputs;
import io.robustpose.core.eval.robustness.RobustnessTable;
import io.robustpose.core.inference.PersonSources;
import io.robustpose.core.report.HtmlReport;
import io.robustpose.core.eval.robustness.Provenance;
import io.robustpose.core.report.ReportFigures;
import io.robustpose.core.report.SampleFigure;
import io.robustpose.core.inference.Skeleton;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.worker.ArtifactStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An experiment's report from its aggregate outputs: the robustness table as Markdown, JSON and
 * CSV, and the self-contained HTML page (tables, charts, sample images with skeletons). The
 * report task runs it; {@code robustpose report ID} runs it again from the task it saved
 * ({@value #TASK_FILE}), so both give the same files.
 */
public final class ExperimentReport {
    /** Written by each aggregate: condition → its prediction files. */
    public static final String PREDICTION_INDEX = "predictions-index.json";
    /** The report task as it ran, beside its outputs. */
    public static final String TASK_FILE = "report-task.json";
    /** The severity the sample grid shows (the middle one, when evaluated). */
    private static final int SAMPLE_SEVERITY = 3;

    /** Output name → artifact path, and how many models the report covers. */
    public record Written(Map<String, String> files, int models) {
    }

    private ExperimentReport() {
    }

    static Condition condition(String id) {
        String[] c = id.split("/");
        return Condition.parse(c[0], c.length > 1 ? Integer.parseInt(c[1]) : 0);
    }

    public static Written write(Task task, ArtifactStore artifacts, Corruptor corruptor) throws IOException {
        List<ModelMetrics> models = new ArrayList<>();
        Map<String, JsonNode> indexes = new LinkedHashMap<>();
        String metric = "AP";
        RobustnessTable.Scale scale = RobustnessTable.Scale.FRACTION;
        for (Map<String, String> r : new java.util.TreeMap<>(task.inputs()).values()) {
            if (r.containsKey("metrics")) {
                RobustnessInputs.Loaded loaded = RobustnessInputs.read(artifacts.resolve(r.get("metrics")));
                List<ModelMetrics> m = loaded.models();
                metric = loaded.metric();
                scale = loaded.scale();
                models.addAll(m);
                if (r.containsKey("predictionIndex") && m.size() == 1) {
                    indexes.put(m.get(0).model(), Json.MAPPER.readTree(artifacts.resolve(r.get("predictionIndex")).toFile()));
                }
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("report " + task.experimentId() + ": no model metrics among the inputs");
        }
        RobustnessTable table = RobustnessTable.of(metric, scale, models);
        String out = task.param("out");
        String name = task.param("name", "experiment");
        Map<String, String> files = new LinkedHashMap<>();
        String title = "# " + name + " (" + task.experimentId() + ")\n\n";
        List<String> warnings = Comparability.warnings(task.param("format", "coco"), models);
        files.put("markdown", write(artifacts, out + "/report.md", title + table.toMarkdown()
                + Comparability.markdown(warnings)));
        files.put("json", write(artifacts, out + "/report.json", table.toJson()));
        files.put("csv", write(artifacts, out + "/report.csv", table.toCsv()));
        files.put("csv_long", write(artifacts, out + "/report_long.csv", RobustnessRun.longCsv(models)));
        List<String> formats = new ArrayList<>();
        task.params().path("formats").forEach(f -> formats.add(f.asText()));
        if (formats.isEmpty() || formats.contains("html")) {
            boolean mpii = "mpii".equals(task.param("format", "coco"));
            List<SampleFigure> samples = samples(task, artifacts, corruptor, indexes);
            boolean bottomUp = models.stream().anyMatch(m -> Provenance.bottomUp(m.provenance()));
            boolean topDown = models.stream().anyMatch(m -> !Provenance.bottomUp(m.provenance()));
            String persons = mpii ? "MPII persons cropped at their annotated centre and scale; PCKh@0.5, head boxes: "
                    + task.param("headBoxes", "?") + "."
                    : (topDown ? "Person boxes of the top-down models: " + (task.param("boxes", "gt").equals("gt")
                    ? "ground truth" : task.param("boxes")) + "." : "")
                    + (bottomUp ? (topDown ? " " : "") + "Bottom-up models find the people in whole images "
                    + "themselves (no boxes); their samples show each person they grouped in its own colour." : "");
            HtmlReport html = HtmlReport.builder().title(name).experimentId(task.experimentId()).metric(metric)
                    .scale(scale).models(models).skeleton(mpii ? Skeleton.MPII : Skeleton.COCO).samples(samples)
                    .groupedPeople(bottomUp).warnings(warnings)
                    .notes(persons + (samples.isEmpty() ? "" : " Samples show severity " + SAMPLE_SEVERITY
                            + " (or the nearest evaluated) of every corruption, exactly as evaluated."))
                    .build();
            html.write(artifacts.resolve(out + "/report.html"));
            files.put("html", out + "/report.html");
        }
        artifacts.writeAtomically(out + "/" + TASK_FILE, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(task));
        return new Written(files, models.size());
    }

    /** The task's materialized corruption tree ({@code corruptedDir}), or null when it corrupts on the fly. */
    static Path corruptedDir(Task task, ArtifactStore artifacts) {
        return task.params().hasNonNull("corruptedDir") ? artifacts.resolve(task.param("corruptedDir")) : null;
    }

    /** An MPII benchmark set-up from a task's dataset parameters; the corruptor is used only without a tree. */
    static MpiiBenchmark.Setup mpiiSetup(Task task, Path corruptedDir, Corruptor corruptor, int threads) {
        MpiiDataset dataset = MpiiDataset.read(Path.of(task.param("annotations")));
        return new MpiiBenchmark.Setup(dataset, MpiiBenchmark.groundTruth(dataset, task.param("headBoxes")),
                Path.of(task.param("images")), corruptedDir == null ? corruptor : null, task.params().path("seed").asLong(1),
                corruptedDir, threads);
    }

    private static String write(ArtifactStore artifacts, String path, String content) throws IOException {
        artifacts.writeAtomically(path, content.getBytes(StandardCharsets.UTF_8));
        return path;
    }

    /** The first images, clean and under each corruption at the sample severity, with every model's predictions. */
    private static List<SampleFigure> samples(Task task, ArtifactStore artifacts, Corruptor corruptor,
                                              Map<String, JsonNode> indexes) throws IOException {
        int images = task.intParam("sampleImages", 2);
        if (images == 0 || indexes.isEmpty() || !task.params().hasNonNull("annotations")) {
            return List.of();
        }
        DatasetFormat format = DatasetFormat.byId(task.param("format")).orElseThrow(() ->
                new IllegalArgumentException("params.format: unknown '" + task.param("format") + "'"));
        Path corruptedDir = corruptedDir(task, artifacts);
        if (corruptedDir != null && !Files.isDirectory(corruptedDir)) {
            corruptedDir = null; // cleaned up since: corrupt again, the seeded corruption is the same
        }
        // every corruption evaluated, at the sample severity or the nearest evaluated one
        TreeSet<String> evaluated = new TreeSet<>();
        indexes.values().forEach(ix -> ix.path("conditions").fieldNames().forEachRemaining(evaluated::add));
        List<Condition> shown = new ArrayList<>();
        if (evaluated.contains(Condition.CLEAN.id())) {
            shown.add(Condition.CLEAN);
        }
        for (Corruption c : Corruption.values()) {
            Condition best = null;
            for (String id : evaluated) {
                Condition k = condition(id);
                if (!k.clean() && k.corruption() == c && (best == null
                        || Math.abs(k.severity() - SAMPLE_SEVERITY) < Math.abs(best.severity() - SAMPLE_SEVERITY))) {
                    best = k;
                }
            }
            if (best != null) {
                shown.add(best);
            }
        }
        if (format == DatasetFormat.MPII) {
            var setup = mpiiSetup(task, corruptedDir, corruptor, 1);
            MpiiDataset dataset = setup.dataset();
            Map<String, Map<Condition, double[][][]>> predictions = new LinkedHashMap<>();
            for (var e : indexes.entrySet()) {
                Map<Condition, double[][][]> byCondition = new LinkedHashMap<>();
                for (Condition c : shown) {
                    double[][][] all = new double[dataset.annotations().size()][][];
                    for (JsonNode file : e.getValue().path("conditions").path(c.id())) {
                        MpiiBenchmark.readPredictions(artifacts.resolve(file.asText()), all);
                    }
                    byCondition.put(c, all);
                }
                predictions.put(e.getKey(), byCondition);
            }
            return ReportFigures.buildMpii(setup, shown, images, predictions);
        }
        CocoDataset gt = CocoReader.of(format).withoutSegmentation().read(Path.of(task.param("annotations")));
        // the sample figures draw the predictions read back; the setup's persons are the clean condition's
        var setup = new CocoBenchmark.Setup(gt, Path.of(task.param("images")),
                PersonSources.of(gt, task.param("boxes", "gt"), io.robustpose.core.dataset.PersonBoxes.CLEAN, 0),
                corruptedDir == null ? corruptor : null, task.params().path("seed").asLong(1), corruptedDir, 1);
        Map<String, Map<Condition, List<KeypointResult>>> predictions = new LinkedHashMap<>();
        for (var e : indexes.entrySet()) {
            Map<Condition, List<KeypointResult>> byCondition = new LinkedHashMap<>();
            for (Condition c : shown) {
                List<KeypointResult> all = new ArrayList<>();
                for (JsonNode file : e.getValue().path("conditions").path(c.id())) {
                    all.addAll(KeypointResults.read(artifacts.resolve(file.asText())).results());
                }
                byCondition.put(c, all);
            }
            predictions.put(e.getKey(), byCondition);
        }
        return ReportFigures.build(setup, shown, images, predictions);
    }
}
