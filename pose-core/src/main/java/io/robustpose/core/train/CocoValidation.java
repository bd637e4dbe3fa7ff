package io.robustpose.core.train;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.benchmark.CocoBenchmark;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.bottomup.BottomUpEstimator;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.eval.coco.CocoStats;
import io.robustpose.core.inference.DjlPoseModel;
import io.robustpose.core.inference.PersonSources;
import io.robustpose.core.inference.TopDownEstimator;
import io.robustpose.core.model.PoseNet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Validation AP during training: the network being trained runs through the project's top-down
 * evaluation (the configured person boxes — GT or a detections file —, flip test, pycocotools-exact keypoint
 * AP) on a COCO-format validation set (COCO or OCHuman), as HRNet's {@code train.py} validates every epoch.
 * Metrics: {@code AP, AP50, …} as {@link CocoStats#toMap()}.
 */
public final class CocoValidation implements ValidationHook {

    private final CocoDataset groundTruth;
    private final Path images;
    private final int threads;
    private final int maxImages;
    private final String boxes;

    /** @param maxImages evaluate only the first images with persons (0: all) */
    public CocoValidation(CocoDataset groundTruth, Path images, int threads, int maxImages) {
        this(groundTruth, images, threads, maxImages, "gt");
    }

    /** @param boxes "gt" or a person detections file (COCO results format) */
    public CocoValidation(CocoDataset groundTruth, Path images, int threads, int maxImages, String boxes) {
        this.groundTruth = groundTruth;
        this.images = images;
        this.threads = threads;
        this.maxImages = maxImages;
        this.boxes = boxes;
    }

    @Override
    public Map<String, Double> validate(PoseNet net, int epoch) throws Exception {
        if (net.architecture().bottomUp()) {
            return validateBottomUp(net);
        }
        CocoBenchmark.Setup setup = new CocoBenchmark.Setup(groundTruth, images, PersonSources.of(groundTruth, boxes),
                null, 0, null, threads);
        List<CocoImage> all = CocoBenchmark.shard(setup, 0, 1);
        List<CocoImage> subset = maxImages > 0 && all.size() > maxImages ? all.subList(0, maxImages) : all;
        // the model wraps the live network; closing it closes only its own sub-manager
        NDManager scratch = net.getParameters().valueAt(0).getArray().getManager().newSubManager();
        try (DjlPoseModel model = new DjlPoseModel(net, scratch, 32)) {
            TopDownEstimator estimator = new TopDownEstimator(model, TopDownEstimator.Options.PUBLISHED);
            CocoBenchmark.Outcome outcome = CocoBenchmark.predict(estimator, setup, Condition.CLEAN, subset, p -> {
            });
            CocoDataset gt = subset.size() == all.size() ? groundTruth : restrict(subset);
            return CocoBenchmark.evaluate(gt, outcome.results()).toMap();
        }
    }

    /**
     * A bottom-up network on every image (no boxes: {@code boxes} does not apply), single-scale with flip test as
     * HigherHRNet's {@code valid.py}, its input size the short side.
     */
    private Map<String, Double> validateBottomUp(PoseNet net) {
        CocoBenchmark.Setup setup = new CocoBenchmark.Setup(groundTruth, images, PersonSources.of(groundTruth, "gt"),
                null, 0, null, threads);
        List<CocoImage> all = groundTruth.images();
        List<CocoImage> subset = maxImages > 0 && all.size() > maxImages ? all.subList(0, maxImages) : all;
        try (NDManager scratch = net.getParameters().valueAt(0).getArray().getManager().newSubManager()) {
            BottomUpEstimator estimator = new BottomUpEstimator(net, scratch,
                    Math.min(net.inputHeight(), net.inputWidth()), true);
            CocoBenchmark.Outcome outcome = CocoBenchmark.predictBottomUp(estimator, setup, Condition.CLEAN, subset);
            CocoDataset gt = subset.size() == all.size() ? groundTruth : restrict(subset);
            return CocoBenchmark.evaluate(gt, outcome.results()).toMap();
        }
    }

    private CocoDataset restrict(List<CocoImage> subset) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        subset.forEach(i -> ids.add(i.id()));
        return new CocoDataset(groundTruth.format(), subset, groundTruth.categories(),
                groundTruth.annotations().stream().filter(a -> ids.contains(a.imageId())).toList(),
                groundTruth.summary());
    }
}
