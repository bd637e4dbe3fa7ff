package io.robustpose.core.eval.coco;

import java.util.Arrays;
import java.util.List;

/**
 * Parameters of the keypoint evaluation, defaulting to pycocotools' {@code Params(iouType='keypoints')}.
 *
 * @param sigmas      per-joint OKS constants (COCO: the 17 values of {@link #COCO_SIGMAS})
 * @param iouThrs     OKS thresholds, numpy's {@code linspace(.5, .95, 10)}
 * @param recThrs     recall points, numpy's {@code linspace(0, 1, 101)}
 * @param maxDets     detections kept per image, ascending (keypoints: [20])
 * @param areaRanges  labelled GT area ranges (keypoints: all, medium, large; no "small" row)
 * @param imageIds    images to evaluate, or null for every image of the ground truth
 * @param parallelism worker threads for the per-image step (1 = sequential; results do not depend on it)
 */
public record CocoEvalParams(double[] sigmas, double[] iouThrs, double[] recThrs, int[] maxDets,
                             List<AreaRange> areaRanges, long[] imageIds, int parallelism) {

    /** pycocotools' {@code kpt_oks_sigmas}: {@code np.array([.26, .25, ...]) / 10.0}. */
    public static final double[] COCO_SIGMAS = divideBy10(new double[]{
            .26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89});

    /** A labelled area range; GT outside it is ignored, as are unmatched detections outside it. */
    public record AreaRange(String label, double min, double max) {
    }

    public CocoEvalParams {
        sigmas = sigmas.clone();
        iouThrs = iouThrs.clone();
        recThrs = recThrs.clone();
        maxDets = maxDets.clone();
        Arrays.sort(maxDets); // pycocotools: p.maxDets = sorted(p.maxDets)
        areaRanges = List.copyOf(areaRanges);
        imageIds = imageIds == null ? null : imageIds.clone();
        if (sigmas.length == 0 || iouThrs.length == 0 || iouThrs.length > 32 || recThrs.length == 0
                || maxDets.length == 0 || areaRanges.isEmpty()) {
            throw new IllegalArgumentException("need sigmas, 1..32 OKS thresholds, recall points, maxDets and area ranges");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
    }

    /** pycocotools' keypoint defaults, parallel over the available processors. */
    public static CocoEvalParams keypoints() {
        // areaRng = [[0**2, 1e5**2], [32**2, 96**2], [96**2, 1e5**2]]
        return new CocoEvalParams(COCO_SIGMAS, linspace(.5, 0.95, 10), linspace(0.0, 1.00, 101), new int[]{20},
                List.of(new AreaRange("all", 0, 1e10), new AreaRange("medium", 32 * 32, 96 * 96),
                        new AreaRange("large", 96 * 96, 1e10)),
                null, Runtime.getRuntime().availableProcessors());
    }

    public CocoEvalParams withParallelism(int threads) {
        return new CocoEvalParams(sigmas, iouThrs, recThrs, maxDets, areaRanges, imageIds, threads);
    }

    public CocoEvalParams withImageIds(long[] ids) {
        return new CocoEvalParams(sigmas, iouThrs, recThrs, maxDets, areaRanges, ids, parallelism);
    }

    public CocoEvalParams withSigmas(double[] s) {
        return new CocoEvalParams(s, iouThrs, recThrs, maxDets, areaRanges, imageIds, parallelism);
    }

    public int numKeypoints() {
        return sigmas.length;
    }

    public int maxDet() {
        return maxDets[maxDets.length - 1];
    }

    /**
     * numpy's {@code linspace(start, stop, num)}: {@code i * ((stop - start) / (num - 1)) + start}
     * with the last value set to {@code stop}. This is not {@code start + 0.05 * i}: e.g. the 9th
     * OKS threshold is 0.8999999999999999, and 10 of the 101 recall points differ from i/100.
     */
    public static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    private static double[] divideBy10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / 10.0;
        }
        return out;
    }
}
