package io.robustpose.core.eval.coco;

import io.robustpose.core.dataset.CocoAnnotation;
import io.robustpose.core.dataset.CocoCategory;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.ReadSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small hand-made ground truth and results for edge-case tests. */
final class TinyCoco {
    private final List<CocoImage> images = new ArrayList<>();
    private final List<CocoAnnotation> annotations = new ArrayList<>();
    private final List<CocoCategory> categories = new ArrayList<>(List.of(category(1)));
    final List<KeypointResult> results = new ArrayList<>();

    static CocoCategory category(int id) {
        return new CocoCategory(id, "person" + id, "person", List.of(SyntheticKeypointCase.JOINTS), List.of());
    }

    TinyCoco image(long id) {
        images.add(new CocoImage(id, id + ".jpg", 640, 480));
        return this;
    }

    TinyCoco category2() {
        categories.add(category(2));
        return this;
    }

    /** A standing person in box (x, y, w, h), all joints labelled; area = w * h. */
    TinyCoco person(long id, long imageId, double x, double y, double w, double h) {
        return annotation(id, imageId, 1, pose(x, y, w, h, 2), w * h, new double[]{x, y, w, h}, 0, 17);
    }

    TinyCoco crowd(long id, long imageId, double x, double y, double w, double h, boolean withKeypoints) {
        double[] kp = withKeypoints ? pose(x, y, w, h, 2) : new double[51];
        return annotation(id, imageId, 1, kp, w * h, new double[]{x, y, w, h}, 1, withKeypoints ? 17 : 0);
    }

    TinyCoco annotation(long id, long imageId, int category, double[] kp, double area, double[] bbox, int crowd,
                        int numKeypoints) {
        annotations.add(new CocoAnnotation(id, imageId, category, kp, numKeypoints, area, bbox, crowd, null,
                annotations.size()));
        return this;
    }

    /** A detection exactly on the person in box (x, y, w, h): OKS 1 with it. */
    TinyCoco detection(long imageId, double x, double y, double w, double h, double score) {
        return detection(imageId, 1, pose(x, y, w, h, 0.9), score);
    }

    TinyCoco detection(long imageId, int category, double[] kp, double score) {
        results.add(new KeypointResult(imageId, category, kp, score, null, results.size()));
        return this;
    }

    static double[] pose(double x, double y, double w, double h, double flag) {
        double[][] unit = {{.5, .08}, {.53, .06}, {.47, .06}, {.56, .07}, {.44, .07}, {.65, .2}, {.35, .2},
                {.72, .38}, {.28, .38}, {.75, .54}, {.25, .54}, {.6, .55}, {.4, .55}, {.62, .75}, {.38, .75},
                {.63, .95}, {.37, .95}};
        double[] kp = new double[51];
        for (int j = 0; j < 17; j++) {
            kp[3 * j] = x + unit[j][0] * w;
            kp[3 * j + 1] = y + unit[j][1] * h;
            kp[3 * j + 2] = flag;
        }
        return kp;
    }

    CocoDataset dataset() {
        return new CocoDataset(DatasetFormat.COCO, images, categories, annotations,
                new ReadSummary("tiny", Map.of(), Map.of(), Map.of(), Map.of(), Map.of()));
    }

    CocoEvalResult evaluate() {
        return CocoKeypointEval.evaluate(dataset(), results, CocoEvalParams.keypoints().withParallelism(1));
    }
}
