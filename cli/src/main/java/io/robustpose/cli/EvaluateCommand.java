package io.robustpose.cli;

import io.robustpose.core.benchmark.CocoBenchmark;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.benchmark.MpiiBenchmark;
import io.robustpose.core.benchmark.RobustnessRun;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.dataset.MpiiGroundTruth;
import io.robustpose.core.dataset.PersonBoxes;
import io.robustpose.core.device.Accelerators;
import io.robustpose.core.device.DeviceRequest;
import io.robustpose.core.device.NativeMemory;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.eval.robustness.Provenance;
import io.robustpose.core.eval.robustness.RobustnessTable;
import io.robustpose.core.inference.PersonInstance;
import io.robustpose.core.inference.PersonSources;
import io.robustpose.core.inference.PoseModel;
import io.robustpose.core.inference.PoseModels;
import io.robustpose.core.inference.TopDownEstimator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", description = "Run a full robustness benchmark locally (no Kafka): clean + corruptions × severities, "
        + "predictions, AP per condition, the mPC/rPC table.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file: .onnx, TorchScript .pt, or a .safetensors checkpoint of this project")
    Path model;

    @Option(names = "--descriptor", description = "how to feed an .onnx/.pt model: a descriptor JSON (examples/descriptors/: "
            + "the official SimpleBaseline and HRNet exports) or the preset 'bodypix'; required for those, not used for "
            + ".safetensors checkpoints")
    String descriptor;

    @Option(names = "--name", description = "model name in the table (default: file name)")
    String name;

    @Option(names = "--format", required = true, completionCandidates = Options.FormatIds.class,
            description = "${COMPLETION-CANDIDATES}")
    String format;

    @Option(names = "--images", required = true)
    Path images;

    @Option(names = "--annotations", required = true)
    Path annotations;

    @Option(names = "--boxes", description = "person detections (COCO results format), one file or a file per condition: "
            + "a path with {corruption} and {severity} (clean and 0 for the clean images); default: GT boxes")
    String boxes;

    @Option(names = "--corruptions", defaultValue = "common", description = "(default: ${DEFAULT-VALUE})")
    String corruptions;

    @Option(names = "--severities", defaultValue = "1-5", description = "(default: ${DEFAULT-VALUE})")
    String severities;

    @ArgGroup(exclusive = true)
    Source source = new Source();

    static final class Source {
        @Option(names = "--on-the-fly", description = "corrupt each image when it is read (default)")
        boolean onTheFly;

        @Option(names = "--corrupted", description = "a materialized <corruption>/<severity>/ tree")
        Path corrupted;
    }

    @Option(names = "--seed", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--frost-dir", description = "on the fly: the official frost1..6 images (default: procedural "
            + "textures, which make frost not comparable with the paper)")
    Path frostDir;

    @Option(names = "--threads", description = "image loading threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--dark", description = "DARK sub-pixel decoding instead of the quarter-pixel shift (heatmap models)")
    boolean dark;

    @Option(names = "--oks-nms", defaultValue = "0.9", description = "OKS-NMS threshold over the poses of an image "
            + "(HRNet's 0.9; 0 = off, e.g. for GT boxes on crowded OCHuman) (default: ${DEFAULT-VALUE})")
    double oksNms;

    @Option(names = "--device", defaultValue = "auto", description = "where the network runs: "
            + DeviceRequest.FORMS + " (auto: a GPU when the model's engine can use one; default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--no-flip", description = "disable the flip test")
    boolean noFlip;

    @Option(names = "--test-scales", split = ",", defaultValue = "1", description = "bottom-up models: the multi-scale "
            + "test's scale factors (HigherHRNet's TEST.SCALE_FACTOR, e.g. 2,1,0.5; default: single scale 1)")
    List<Double> testScales;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Override
    public Integer call() throws Exception {
        NativeMemory.forInference();
        // refused before any data is read when the device cannot be used
        Accelerators.single(DeviceRequest.parse(device), PoseModels.runtimeOf(model), "evaluation");
        String file = model.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (descriptor == null && (file.endsWith(".onnx") || file.endsWith(".pt") || file.endsWith(".torchscript"))) {
            throw new IllegalArgumentException("--descriptor: required for " + model.getFileName() + " (an .onnx or "
                    + "TorchScript model): a descriptor JSON — examples/descriptors/ has the official SimpleBaseline and "
                    + "HRNet exports' — or the preset 'bodypix'");
        }
        DatasetFormat f = Options.format("--format", format);
        if (f == DatasetFormat.MPII) {
            return evaluateMpii();
        }
        if (bottomUp()) {
            return evaluateBottomUp(f);
        }
        CocoDataset gt = CocoReader.of(f).read(annotations);
        Corruptor corruptor = source.corrupted == null ? corruptor() : null;
        PersonBoxes.requireValid(boxes);
        if (PersonBoxes.perCondition(boxes)) {
            List<String> corruptionIds = Options.corruptions(corruptions).stream().map(Corruption::id).toList();
            List<Integer> severityList = Options.severities(severities);
            List<String> missing = PersonBoxes.missingFiles(boxes, corruptionIds, severityList);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("--boxes: " + missing.size() + " of the "
                        + (1 + corruptionIds.size() * severityList.size())
                        + " per-condition detection files are missing, e.g. " + missing.get(0));
            }
        } else if (boxes != null && !PersonBoxes.groundTruth(boxes) && !Files.isRegularFile(Path.of(boxes))) {
            throw new IllegalArgumentException("--boxes: no such file " + boxes);
        }
        // persons read once per distinct file: one file (or gt) serves every condition
        Map<String, Map<Long, List<PersonInstance>>> personsByFile = new java.util.HashMap<>();
        java.util.function.Function<Condition, CocoBenchmark.Setup> setups = c -> new CocoBenchmark.Setup(gt, images,
                personsByFile.computeIfAbsent(String.valueOf(PersonBoxes.forCondition(boxes, conditionName(c), c.severity())),
                        resolved -> PersonSources.of(gt, boxes, conditionName(c), c.severity())),
                corruptor, seed, source.corrupted, threads);
        return benchmark("AP", RobustnessTable.Scale.FRACTION, (modelName, estimator, conditions) ->
                RobustnessRun.run(modelName, estimator, setups, conditions, out, System.err::println));
    }

    private List<Condition> conditions() {
        return Condition.all(Options.corruptions(corruptions), Options.severities(severities));
    }

    private static String conditionName(Condition c) {
        return c.clean() ? PersonBoxes.CLEAN : c.corruption().id();
    }

    /** One benchmark run over every condition → its metrics. */
    private interface Run {
        ModelMetrics apply(String modelName, TopDownEstimator estimator, List<Condition> conditions) throws Exception;
    }

    /** Opens the model, runs every condition, writes and prints the robustness table. */
    private int benchmark(String metric, RobustnessTable.Scale scale, Run run) throws Exception {
        List<Condition> conditions = conditions();
        String modelName = name != null ? name : model.getFileName().toString().replaceAll("\\.[^.]+$", "");
        try (PoseModel m = PoseModels.open(model, descriptor, DeviceRequest.parse(device))) {
            var estimator = new TopDownEstimator(m, new TopDownEstimator.Options(!noFlip, 0.2, checkedOksNms(), dark));
            writeTable(metric, scale, run.apply(modelName, estimator, conditions));
        }
        return 0;
    }

    private Corruptor corruptor() throws java.io.IOException {
        return frostDir == null ? Corruptor.withProceduralFrost() : Corruptor.withFrostDirectory(frostDir);
    }

    /** The wide table (md, json, csv), the long one (every statistic per condition), and the metrics with provenance. */
    private void writeTable(String metric, RobustnessTable.Scale scale, ModelMetrics metrics) throws java.io.IOException {
        metrics.provenance(provenance());
        RobustnessRun.writeMetrics(out.resolve(RobustnessRun.METRICS), List.of(metrics), metric, scale);
        RobustnessTable table = RobustnessTable.of(metric, scale, List.of(metrics));
        Files.writeString(out.resolve("robustness_long.csv"), RobustnessRun.longCsv(List.of(metrics)));
        List<String> warnings = io.robustpose.core.benchmark.Comparability.warnings(format, List.of(metrics));
        String markdown = table.toMarkdown() + io.robustpose.core.benchmark.Comparability.markdown(warnings);
        Files.writeString(out.resolve("robustness.md"), markdown);
        Files.writeString(out.resolve("robustness.json"), table.toJson());
        Files.writeString(out.resolve("robustness.csv"), table.toCsv());
        System.out.print(markdown);
    }

    @Option(names = "--head-boxes", description = "mpii: head boxes for PCKh — gt_valid.mat, a JSON list of "
            + "[[x1, y1], [x2, y2]], or 'from-joints' (approximate: a square over upper neck and head top)")
    String headBoxes;

    /** MPII-C: the annotated centre/scale crops, PCKh@0.5 per condition, the robustness table in percent. */
    private int evaluateMpii() throws Exception {
        if (boxes != null) {
            throw new IllegalArgumentException("--boxes: MPII is evaluated on its annotated centre and scale, not on detections");
        }
        if (headBoxes == null) {
            throw new IllegalArgumentException("--format mpii needs --head-boxes (gt_valid.mat, a JSON file, or 'from-joints')");
        }
        MpiiDataset dataset = MpiiDataset.read(annotations);
        if (headBoxes.equals("from-joints")) {
            System.err.println("robustpose evaluate: head boxes approximated from the joints: PCKh is not the official number");
        }
        MpiiGroundTruth gt = MpiiBenchmark.groundTruth(dataset, headBoxes);
        var setup = new MpiiBenchmark.Setup(dataset, gt, images, source.corrupted == null ? corruptor() : null,
                seed, source.corrupted, threads);
        return benchmark("PCKh", RobustnessTable.Scale.PERCENT, (modelName, estimator, conditions) ->
                MpiiBenchmark.run(modelName, estimator, setup, conditions, out, System.err::println));
    }

    /** Whether the model is a bottom-up checkpoint of this project (HigherHRNet): no boxes, its own grouping. */
    private boolean bottomUp() throws java.io.IOException {
        return io.robustpose.core.bottomup.BottomUpModels.isBottomUp(model, descriptor);
    }

    /**
     * COCO-C / OCHuman-C of a bottom-up model: every image of the annotations at the official single-scale test
     * (short side = the checkpoint's input size, flip test unless --no-flip), AP per condition, the table.
     */
    private int evaluateBottomUp(DatasetFormat f) throws Exception {
        if (f == DatasetFormat.MPII) {
            throw new IllegalArgumentException("--format mpii: bottom-up models are evaluated on COCO and OCHuman only");
        }
        if (boxes != null) {
            throw new IllegalArgumentException("--boxes: " + model.getFileName() + " is a bottom-up model; it finds the "
                    + "people itself");
        }
        if (dark) {
            throw new IllegalArgumentException("--dark: applies to top-down heatmap models only");
        }
        CocoDataset gt = CocoReader.of(f).read(annotations);
        var setup = new CocoBenchmark.Setup(gt, images, Map.of(), source.corrupted == null ? corruptor() : null, seed,
                source.corrupted, threads);
        List<Condition> conditions = conditions();
        String modelName = name != null ? name : model.getFileName().toString().replaceAll("\\.[^.]+$", "");
        try (var net = io.robustpose.core.bottomup.BottomUpModels.open(model, descriptor, DeviceRequest.parse(device))) {
            var estimator = new io.robustpose.core.bottomup.BottomUpEstimator(net, net.inputSize(), !noFlip, testScales);
            writeTable("AP", RobustnessTable.Scale.FRACTION,
                    RobustnessRun.run(modelName, estimator, setup, conditions, out, System.err::println));
        }
        return 0;
    }

    /** How these numbers were made, recorded with them in metrics.json. */
    private Map<String, String> provenance() throws java.io.IOException {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        String version = EvaluateCommand.class.getPackage().getImplementationVersion();
        p.put("robustpose_version", version == null ? "development build" : version);
        p.put("model", model.getFileName().toString());
        p.put("model_sha256", Provenance.sha256(model));
        p.put("format", format);
        p.put("annotations", Provenance.fileWithDigest(annotations));
        p.put("corruptions", source.corrupted != null ? "materialized tree " + source.corrupted
                : "on the fly, seed " + seed);
        if (source.corrupted == null) {
            p.put("frost_textures", frostDir == null ? "procedural (not the official frost images)"
                    : "official images from " + frostDir);
        }
        p.put("boxes", boxes == null ? (bottomUp() ? Provenance.NO_BOXES : "ground truth")
                : Provenance.boxes(boxes));
        p.put("flip_test", Boolean.toString(!noFlip));
        if (bottomUp()) {
            p.put("test_scales", testScales.toString());
        }
        p.put("decoding", dark ? "DARK" : "argmax + quarter pixel");
        p.put("oks_nms", Double.toString(oksNms));
        p.put("device", device);
        return p;
    }

    private double checkedOksNms() {
        if (!(oksNms >= 0 && oksNms <= 1)) {
            throw new IllegalArgumentException("--oks-nms: must be within 0..1, 0 = off (got " + oksNms + ")");
        }
        return oksNms;
    }
}
