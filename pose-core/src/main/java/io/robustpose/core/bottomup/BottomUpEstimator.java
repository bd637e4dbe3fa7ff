package io.robustpose.core.bottomup;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.inference.InputTensors;
import io.robustpose.core.inference.ModelDescriptor;
import io.robustpose.core.model.PoseNet;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * A bottom-up estimator on whole images, as the official HigherHRNet single-scale test ({@code tools/valid.py}
 * with TEST.SCALE_FACTOR [1], FLIP_TEST, PROJECT2IMAGE): the image warped so its short side is the input size
 * ({@link MultiScaleSize}), ImageNet-normalised RGB, the network on it and on its mirror image,
 * {@link FlipTestAggregation}, {@link AssociativeEmbeddingParser} and the people mapped back to the image.
 * Every person is kept (the official COCO evaluation applies no OKS-NMS to bottom-up results); its score is
 * the mean joint score before refine.
 */
public final class BottomUpEstimator {
    private final BottomUpNetwork net;
    private final int inputSize;
    private final boolean flipTest;
    /** TEST.SCALE_FACTOR, largest first (the order the official test runs and sums them in). */
    private final List<Double> scales;
    private final AssociativeEmbeddingParser parser;

    /**
     * @param net       a bottom-up network (HigherHRNet), initialized on {@code manager}
     * @param inputSize the short side fed to the network (512 for the w32_512 configs, 640 for w48_640)
     */
    public BottomUpEstimator(PoseNet net, NDManager manager, int inputSize, boolean flipTest) {
        this(net, manager, inputSize, flipTest, List.of(1.0));
    }

    /**
     * The multi-scale test of the official {@code valid.py} ({@code TEST.SCALE_FACTOR}, e.g. [2, 1, 0.5]): the image at
     * each scale (short side {@code inputSize × scale}, sizes aligned as {@code get_multi_scale_size} with the
     * smallest scale), each scale's flip-test heatmaps projected to the scale-1 size and summed from the largest
     * scale down, divided by the number of scales; the tags are those of scale 1.
     */
    public BottomUpEstimator(PoseNet net, NDManager manager, int inputSize, boolean flipTest, List<Double> scales) {
        this(BottomUpNetwork.of(net, manager), inputSize, flipTest, scales);
    }

    /** Any bottom-up network: this project's, or an exported one ({@link ExportedBottomUpNetwork}). */
    public BottomUpEstimator(BottomUpNetwork net, int inputSize, boolean flipTest, List<Double> scales) {
        if (scales.isEmpty() || scales.stream().anyMatch(s -> !(s > 0)) || (scales.size() > 1 && !scales.contains(1.0))) {
            throw new IllegalArgumentException("test scales must be positive and include 1 (the tags come from it): "
                    + scales);
        }
        this.net = net;
        this.inputSize = inputSize;
        this.flipTest = flipTest;
        this.scales = scales.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        this.parser = new AssociativeEmbeddingParser(AssociativeEmbeddingParser.Params.higherHrNet());
    }

    /** The people of one BGR uint8 image, in image coordinates, as COCO results of {@code imageId}. */
    public List<KeypointResult> estimate(Mat bgr, long imageId) {
        double minScale = scales.get(scales.size() - 1);
        MultiScaleSize base = MultiScaleSize.of(bgr.cols(), bgr.rows(), inputSize, 1.0, minScale);
        int joints = net.joints();
        float[] heatmaps = null;
        float[] tags = null;
        int tagCount = flipTest ? 2 : 1;
        MultiScaleSize last = base;
        for (double scale : scales) {
            MultiScaleSize size = MultiScaleSize.of(bgr.cols(), bgr.rows(), inputSize, scale, minScale);
            AssociativeEmbeddingParser.Maps maps = atScale(bgr, size, base.width(), base.height());
            if (heatmaps == null) {
                heatmaps = maps.heatmaps();
            } else {
                for (int i = 0; i < heatmaps.length; i++) {
                    heatmaps[i] += maps.heatmaps()[i]; // float32, largest scale first, as the official sum
                }
            }
            if (scale == 1.0 || scales.size() == 1) {
                tags = maps.tags();
            }
            last = size;
        }
        if (scales.size() > 1) {
            float n = scales.size();
            for (int i = 0; i < heatmaps.length; i++) {
                heatmaps[i] = heatmaps[i] / n;
            }
        }
        AssociativeEmbeddingParser.Maps maps = new AssociativeEmbeddingParser.Maps(joints, base.height(), base.width(),
                tagCount, heatmaps, tags);
        List<AssociativeEmbeddingParser.Person> people = parser.parse(maps, true, true);
        // get_final_preds with the centre and scale of the last resize (the same at every scale)
        last.toImage(people, base.width(), base.height());
        List<KeypointResult> results = new ArrayList<>();
        for (AssociativeEmbeddingParser.Person p : people) {
            double[] flat = new double[joints * 3];
            for (int j = 0; j < joints; j++) {
                flat[3 * j] = p.joints()[j][0];
                flat[3 * j + 1] = p.joints()[j][1];
                flat[3 * j + 2] = p.joints()[j][2];
            }
            results.add(new KeypointResult(imageId, 1, flat, p.score()));
        }
        return results;
    }

    /** One scale's network passes (and flip), aggregated and projected to the {@code outW × outH} parser grid. */
    private AssociativeEmbeddingParser.Maps atScale(Mat bgr, MultiScaleSize size, int outW, int outH) {
        int w = size.width();
        int h = size.height();
        int joints = net.joints();
        Mat resized = size.transform().crop(bgr, w, h);
        float[] input = new float[3 * h * w];
        try {
            InputTensors.pack(List.of(resized), new ModelDescriptor(h, w, "NCHW", net.inputColor(), "imagenet",
                    ModelDescriptor.HEATMAPS, null, null, 4, false, 1, joints, flipTest), FloatBuffer.wrap(input));
        } finally {
            resized.release();
        }
        float[][] plain = net.outputs(input, h, w);
        float[][] flipped = flipTest ? net.outputs(mirrored(input, 3 * h, w), h, w) : null;
        return flipTest
                ? FlipTestAggregation.aggregate(joints, plain[0], plain[1], flipped[0], flipped[1], h / 4, w / 4, h / 2,
                w / 2, FlipTestAggregation.COCO_FLIP_INDEX, outH, outW)
                : FlipTestAggregation.single(joints, plain[0], plain[1], h / 4, w / 4, h / 2, w / 2, outH, outW);
    }

    /** The image mirrored left to right ({@code torch.flip(image, [3])}): each of the {@code rows} rows reversed. */
    private static float[] mirrored(float[] image, int rows, int width) {
        float[] out = new float[image.length];
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int x = 0; x < width; x++) {
                out[o + x] = image[o + width - 1 - x];
            }
        }
        return out;
    }
}
