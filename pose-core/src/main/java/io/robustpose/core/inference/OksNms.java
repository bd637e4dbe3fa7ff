package io.robustpose.core.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * OKS-based non-maximum suppression of the published top-down pipelines ({@code oks_nms} of
 * SimpleBaseline/HRNet): keep the best-scored pose, drop every other whose OKS with it exceeds the
 * threshold (0.9 for COCO), repeat.
 */
public final class OksNms {
    /** COCO keypoint sigmas (pycocotools), used by oks_iou. */
    public static final double[] COCO_SIGMAS = {.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07,
            .87, .87, .89, .89};
    /** numpy's np.spacing(1). */
    private static final double EPS = Math.ulp(1.0);

    private OksNms() {
    }

    public static List<PosePrediction> apply(List<PosePrediction> poses, double threshold) {
        List<PosePrediction> order = new ArrayList<>(poses);
        order.sort(Comparator.comparingDouble(PosePrediction::score).reversed());
        List<PosePrediction> keep = new ArrayList<>();
        while (!order.isEmpty()) {
            PosePrediction best = order.remove(0);
            keep.add(best);
            order.removeIf(p -> oks(best, p) > threshold);
        }
        return keep;
    }

    /** HRNet's oks_iou between two predictions (no visibility threshold). */
    static double oks(PosePrediction g, PosePrediction d) {
        double[][] a = g.keypoints();
        double[][] b = d.keypoints();
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double sigma = COCO_SIGMAS[k] / 10.0;
            double var = (sigma * 2) * (sigma * 2);
            double dx = b[k][0] - a[k][0];
            double dy = b[k][1] - a[k][1];
            double e = (dx * dx + dy * dy) / var / ((g.area() + d.area()) / 2 + EPS) / 2;
            sum += Math.exp(-e);
        }
        return sum / a.length;
    }
}
