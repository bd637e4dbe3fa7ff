package io.robustpose.cli;

import io.robustpose.core.benchmark.CocoBenchmark;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.benchmark.RobustnessRun;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.PersonDetections;
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
    @Option(names = "--model", required = true, description = "model file (.onnx)")
    Path model;

    @Option(names = "--descriptor", defaultValue = "bodypix", description = "model descriptor JSON or preset 'bodypix' (default: ${DEFAULT-VALUE})")
    String descriptor;

    @Option(names = "--name", description = "model name in the table (default: file name)")
    String name;

    @Option(names = "--format", required = true, description = "coco | ochuman (mpii: not yet)")
    String format;

    @Option(names = "--images", required = true)
    Path images;

    @Option(names = "--annotations", required = true)
    Path annotations;

    @Option(names = "--boxes", description = "person detections (COCO results format); default: GT boxes")
    Path boxes;

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

    @Option(names = "--threads", description = "image loading threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-flip", description = "disable the flip test")
    boolean noFlip;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Override
    public Integer call() throws Exception {
        DatasetFormat f = DatasetFormat.byId(format).orElseThrow(() ->
                new IllegalArgumentException("--format: unknown '" + format + "' (allowed: coco, ochuman)"));
        if (f == DatasetFormat.MPII) {
            throw new IllegalArgumentException("--format mpii: the MPII top-down evaluation (PCKh) is not wired yet");
        }
        CocoDataset gt = CocoReader.of(f).read(annotations);
        Map<Long, List<PersonInstance>> persons = boxes == null ? PersonSources.groundTruth(gt)
                : PersonSources.detections(gt, PersonDetections.read(boxes));
        var setup = new CocoBenchmark.Setup(gt, images, persons, source.corrupted == null ? Corruptor.withProceduralFrost() : null,
                seed, source.corrupted, threads);
        List<Condition> conditions = Condition.all(Options.corruptions(corruptions), Options.severities(severities));
        String modelName = name != null ? name : model.getFileName().toString().replaceAll("\\.[^.]+$", "");
        try (PoseModel m = PoseModels.open(model, descriptor)) {
            var estimator = new TopDownEstimator(m, new TopDownEstimator.Options(!noFlip, 0.2, 0.9));
            var metrics = RobustnessRun.run(modelName, estimator, setup, conditions, out, System.err::println);
            RobustnessTable table = RobustnessTable.of("AP", RobustnessTable.Scale.FRACTION, List.of(metrics));
            Files.writeString(out.resolve("robustness.md"), table.toMarkdown());
            Files.writeString(out.resolve("robustness.json"), table.toJson());
            Files.writeString(out.resolve("robustness.csv"), table.toCsv());
            System.out.print(table.toMarkdown());
        }
        return 0;
    }
}
