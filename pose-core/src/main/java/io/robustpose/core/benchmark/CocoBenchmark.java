package io.robustpose.core.benchmark;

import io.robustpose.core.bottomup.BottomUpEstimator;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.eval.coco.CocoKeypointEval;
import io.robustpose.core.eval.coco.CocoStats;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.inference.PersonInstance;
import io.robustpose.core.inference.PosePrediction;
import io.robustpose.core.inference.TopDownEstimator;
import io.robustpose.core.inference.TopDownRunner;
import org.opencv.core.Mat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Evaluates a pose model on a COCO-format dataset (COCO, OCHuman) under one condition: the images
 * are read clean, corrupted on the fly with the seeded reference corruptions (the full image is
 * corrupted, then cropped), or read from a materialized {@code <corruption>/<severity>/} tree.
 */
public final class CocoBenchmark {

    /**
     * @param corruptor    on-the-fly corruption (null when reading a materialized tree)
     * @param corruptedDir root of a materialized COCO-C style tree (null on the fly)
     */
    public record Setup(CocoDataset groundTruth, Path images, Map<Long, List<PersonInstance>> persons,
                        Corruptor corruptor, long seed, Path corruptedDir, int threads) {
    }

    public record Outcome(Condition condition, List<KeypointResult> results, int images, long persons, double seconds,
                          TopDownRunner.Timing timing) {
        public double imagesPerSecond() {
            return images / Math.max(1e-9, seconds);
        }
    }

    private CocoBenchmark() {
    }

    /** The images of shard {@code shard} of {@code shards} (contiguous ranges over the images with persons). */
    public static List<CocoImage> shard(Setup setup, int shard, int shards) {
        List<CocoImage> withPersons = setup.groundTruth().images().stream()
                .filter(i -> !setup.persons().getOrDefault(i.id(), List.of()).isEmpty()).toList();
        int from = (int) ((long) withPersons.size() * shard / shards);
        int to = (int) ((long) withPersons.size() * (shard + 1) / shards);
        return withPersons.subList(from, to);
    }

    public static Outcome predict(TopDownEstimator estimator, Setup setup, Condition condition, List<CocoImage> images,
                                  Consumer<TopDownRunner.Progress> progress) throws Exception {
        long start = System.nanoTime();
        List<TopDownRunner.ImageJob> jobs = new ArrayList<>();
        long persons = 0;
        for (CocoImage img : images) {
            List<PersonInstance> p = setup.persons().getOrDefault(img.id(), List.of());
            persons += p.size();
            jobs.add(new TopDownRunner.ImageJob(img.id(), () -> load(setup, condition, img), p));
        }
        TopDownRunner.Result run = TopDownRunner.run(estimator, jobs, setup.threads(), progress);
        List<KeypointResult> results = new ArrayList<>();
        run.poses().values().forEach(list -> list.forEach(p -> results.add(p.toResult())));
        return new Outcome(condition, results, images.size(), persons, (System.nanoTime() - start) / 1e9, run.timing());
    }

    /**
     * A bottom-up model on every image of the ground truth (people found in images without annotated persons
     * count as false positives, as in the official evaluation), one image at a time; the timing counts the
     * estimator as network time and image loading and corruption as input wait.
     */
    public static Outcome predictBottomUp(BottomUpEstimator estimator, Setup setup, Condition condition,
                                          List<CocoImage> images) {
        long start = System.nanoTime();
        double network = 0;
        double input = 0;
        List<KeypointResult> results = new ArrayList<>();
        for (CocoImage img : images) {
            long t0 = System.nanoTime();
            Mat image = load(setup, condition, img);
            long t1 = System.nanoTime();
            try {
                results.addAll(estimator.estimate(image, img.id()));
            } finally {
                image.release();
            }
            input += (t1 - t0) / 1e9;
            network += (System.nanoTime() - t1) / 1e9;
        }
        return new Outcome(condition, results, images.size(), results.size(), (System.nanoTime() - start) / 1e9,
                new TopDownRunner.Timing(network, input));
    }

    /** The image as a benchmark condition shows it: clean, corrupted on the fly, or read from the materialized tree. */
    public static Mat load(Setup setup, Condition condition, CocoImage img) {
        return load(setup.images(), setup.corruptor(), setup.seed(), setup.corruptedDir(), condition, img.fileName());
    }

    /** Any dataset's image under a condition: from {@code images}, corrupted on the fly, or from a materialized tree. */
    public static Mat load(Path images, Corruptor corruptor, long seed, Path corruptedDir, Condition condition, String fileName) {
        if (condition.clean()) {
            return ImageIo.read(AnnotatedImageFiles.resolve(images, fileName));
        }
        if (corruptedDir != null) {
            Path dir = CorruptedTreeLayout.severityDir(corruptedDir, condition.corruption().id(), condition.severity());
            Path file = AnnotatedImageFiles.resolve(dir, fileName);
            if (!java.nio.file.Files.exists(file)) {
                file = AnnotatedImageFiles.resolve(dir, CorruptedDatasetWriter.outputName(fileName, "png"));
            }
            return ImageIo.read(file);
        }
        Mat clean = ImageIo.read(AnnotatedImageFiles.resolve(images, fileName));
        try {
            return corruptor.apply(clean, condition.corruption(), condition.severity(), seed, fileName, Map.of());
        } finally {
            clean.release();
        }
    }

    /** COCO keypoint AP of the results against the ground truth (all images of the GT file). */
    public static CocoStats evaluate(CocoDataset gt, List<KeypointResult> results) {
        return CocoKeypointEval.evaluate(gt, results).stats();
    }
}
