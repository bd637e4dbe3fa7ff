package io.robustpose.core.bottomup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
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
    private final PoseNet net;
    private final NDManager manager;
    private final ParameterStore parameters;
    private final int inputSize;
    private final boolean flipTest;
    private final AssociativeEmbeddingParser parser;

    /**
     * @param net       a bottom-up network (HigherHRNet), initialized on {@code manager}
     * @param inputSize the short side fed to the network (512 for the w32_512 configs, 640 for w48_640)
     */
    public BottomUpEstimator(PoseNet net, NDManager manager, int inputSize, boolean flipTest) {
        if (!net.architecture().bottomUp()) {
            throw new IllegalArgumentException(net.architecture().id() + " is a top-down network, not bottom-up");
        }
        this.net = net;
        this.manager = manager;
        this.parameters = new ParameterStore(manager, false);
        this.inputSize = inputSize;
        this.flipTest = flipTest;
        this.parser = new AssociativeEmbeddingParser(AssociativeEmbeddingParser.Params.higherHrNet());
    }

    /** The people of one BGR uint8 image, in image coordinates, as COCO results of {@code imageId}. */
    public List<KeypointResult> estimate(Mat bgr, long imageId) {
        MultiScaleSize size = MultiScaleSize.of(bgr.cols(), bgr.rows(), inputSize, 1.0, 1.0);
        int w = size.width();
        int h = size.height();
        Mat resized = size.transform().crop(bgr, w, h);
        float[] plain0;
        float[] plain1;
        float[] flip0;
        float[] flip1;
        int joints = net.joints();
        try (NDManager step = manager.newSubManager()) {
            FloatBuffer buf = FloatBuffer.allocate(3 * h * w);
            InputTensors.pack(List.of(resized), ModelDescriptor.heatmapNetwork(h, w, joints), buf);
            NDArray x = step.create(buf.array(), new Shape(1, 3, h, w));
            NDList out = net.predictOutputs(parameters, x);
            plain0 = out.get(0).toFloatArray();
            plain1 = out.get(1).toFloatArray();
            if (flipTest) {
                NDList flipped = net.predictOutputs(parameters, x.flip(3));
                flip0 = flipped.get(0).toFloatArray();
                flip1 = flipped.get(1).toFloatArray();
            } else {
                flip0 = null;
                flip1 = null;
            }
        } finally {
            resized.release();
        }
        AssociativeEmbeddingParser.Maps maps = flipTest
                ? FlipTestAggregation.aggregate(joints, plain0, plain1, flip0, flip1, h / 4, w / 4, h / 2, w / 2,
                FlipTestAggregation.COCO_FLIP_INDEX, h, w)
                : FlipTestAggregation.single(joints, plain0, plain1, h / 4, w / 4, h / 2, w / 2, h, w);
        List<AssociativeEmbeddingParser.Person> people = parser.parse(maps, true, true);
        size.toImage(people, w, h);
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
}
