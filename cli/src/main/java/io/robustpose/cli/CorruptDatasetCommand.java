package io.robustpose.cli;

import io.robustpose.core.benchmark.AnnotatedImageFiles;
import io.robustpose.core.benchmark.CorruptedDatasetWriter;
import io.robustpose.core.benchmark.CorruptedTreeLayout;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.DatasetFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "corrupt-dataset", description = "Materialize COCO-C / MPII-C / OCHuman-C: <out>/<corruption>/<severity>/<file>.")
final class CorruptDatasetCommand implements Callable<Integer> {
    @Option(names = "--format", required = true, completionCandidates = Options.FormatIds.class,
            description = "${COMPLETION-CANDIDATES}")
    String format;

    @Option(names = "--images", required = true, description = "image directory")
    Path images;

    @Option(names = "--annotations", required = true, description = "annotation file (only annotated images are corrupted)")
    Path annotations;

    @Option(names = "--out", required = true, description = "output root")
    Path out;

    @Option(names = "--corruptions", defaultValue = "common", description = "common | all | a,b,... (default: ${DEFAULT-VALUE})")
    String corruptions;

    @Option(names = "--severities", defaultValue = "1-5", description = "(default: ${DEFAULT-VALUE})")
    String severities;

    @Option(names = "--seed", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--image-format", defaultValue = "jpg", description = "jpg | png (default: ${DEFAULT-VALUE})")
    String imageFormat;

    @Option(names = "--jpeg-quality", defaultValue = "75", description = "(default: ${DEFAULT-VALUE}, Pillow's default as the official generator)")
    int jpegQuality;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--frost-dir", description = "official frost images (default: procedural textures)")
    Path frostDir;

    @Option(names = "--max-pixels", defaultValue = "50000000", description = "skip larger images (default: ${DEFAULT-VALUE})")
    long maxPixels;

    @Option(names = "--layout", defaultValue = "robustpose", description = "severity folders: robustpose (1..5) or "
            + "official (0..4, as the authors' make_datasets.py); evaluate and specs read either (default: ${DEFAULT-VALUE})")
    String layout;

    @Option(names = "--seeding", defaultValue = "robustpose", description = "robustpose (draws seeded per image, "
            + "corruption and severity from --seed; fast float32 implementations) or official (the authors' "
            + "make_datasets.py: numpy seeded with 1 before every corruption, imagecorruptions v1.1.2's float64 "
            + "arithmetic — their COCO-C bit for bit; frost needs --frost-dir) (default: ${DEFAULT-VALUE})")
    String seeding;

    @Override
    public Integer call() throws Exception {
        DatasetFormat f = Options.format("--format", format);
        List<String> files = AnnotatedImageFiles.of(f, annotations);
        if (!seeding.equals("robustpose") && !seeding.equals("official")) {
            throw new IllegalArgumentException("--seeding: unknown '" + seeding + "' (allowed: robustpose, official)");
        }
        var options = new CorruptedDatasetWriter.Options(Options.corruptions(corruptions), Options.severities(severities),
                seed, imageFormat, jpegQuality, threads, maxPixels, CorruptedTreeLayout.byId(layout),
                seeding.equals("official"));
        Corruptor corruptor = frostDir == null ? Corruptor.withProceduralFrost() : Corruptor.withFrostDirectory(frostDir);
        System.err.printf("%d annotated images × %d corruptions × %d severities -> %s%n", files.size(),
                options.corruptions().size(), options.severities().size(), out);
        Progress progress = Progress.onStderr();
        var summary = CorruptedDatasetWriter.write(images, files, out, options, corruptor,
                p -> progress.update("corrupting", p.done(), p.total()));
        System.err.printf("written %d, already complete %d, failed %d in %.1f s%n", summary.written(), summary.skipped(),
                summary.failures().size(), summary.seconds());
        summary.failures().forEach(x -> System.err.println("  failed: " + x.file() + " " + x.condition() + ": " + x.reason()));
        return summary.failures().isEmpty() ? 0 : 1;
    }
}
