package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * HigherHRNet-W{32,48} (Cheng et al. 2020), {@code PoseHigherResolutionNet} of lib/models/pose_higher_hrnet.py
 * with the w{32,48}_512/640 COCO configs: the HRNet backbone (as {@link HrNet}, last module with the
 * highest-resolution output only); {@code final_layers.0}, a 1×1 conv with bias to J heatmaps + J tags
 * (TAG_PER_JOINT) at 1/4; then one deconvolution stage (NUM_DECONVS 1, CAT_OUTPUT true): the backbone
 * features concatenated with that output, ConvTranspose2d 4×4/2 without bias to C channels, BN, ReLU and
 * NUM_BASIC_BLOCKS 4 BasicBlocks; {@code final_layers.1}, a 1×1 conv with bias to J heatmaps at 1/2.
 * Outputs: {@code [N, 2J, H/4, W/4]} and {@code [N, J, H/2, W/2]}.
 */
final class HigherHrNet extends HrNet {

    /** DECONV.NUM_BASIC_BLOCKS of the official configs. */
    static final int DECONV_BASIC_BLOCKS = 4;

    private final Conv2d final0;
    private final Deconv4x4 deconv;
    private final BatchNorm deconvBn;
    private final List<ResidualUnit> deconvBlocks = new ArrayList<>();
    private final Conv2d final1;

    HigherHrNet(Architecture architecture, int joints, int inputHeight, int inputWidth, DeconvMethod method) {
        super(architecture, joints, inputHeight, inputWidth, false);
        int c = architecture.hrnetWidth();
        final0 = addChildBlock("final_layers_0", ConvBn.conv(2 * joints, 1, 1, 0, true));
        deconv = addChildBlock("deconv", new Deconv4x4(c, method));
        deconvBn = addChildBlock("deconv_bn", ConvBn.batchNorm());
        for (int b = 0; b < DECONV_BASIC_BLOCKS; b++) {
            deconvBlocks.add(addChildBlock("deconv_block" + b, new ResidualUnit(ResidualUnit.Kind.BASIC, c, c, 1)));
        }
        final1 = addChildBlock("final_layers_1", ConvBn.conv(joints, 1, 1, 0, true));
    }

    @Override
    NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = backbone(ps, inputs.singletonOrThrow(), training);
        NDArray y = forward1(final0, ps, x, training);
        // torch.cat((x, y), 1): backbone channels first, then heatmaps and tags
        NDArray d = forward1(deconv, ps, NDArrays.concat(new NDList(x, y), 1), training);
        d = relu(ConvBn.batchNorm(deconvBn, ps, d, training));
        for (ResidualUnit block : deconvBlocks) {
            d = forward1(block, ps, d, training);
        }
        return new NDList(y, forward1(final1, ps, d, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = initializeBackbone(manager, dataType, inputShapes[0]);
        Shape y = initChild(final0, manager, dataType, x);
        Shape d = initChild(deconv, manager, dataType, new Shape(x.get(0), x.get(1) + y.get(1), x.get(2), x.get(3)));
        d = initChild(deconvBn, manager, dataType, d);
        for (ResidualUnit block : deconvBlocks) {
            d = initChild(block, manager, dataType, d);
        }
        initChild(final1, manager, dataType, d);
    }

    @Override
    void mapStateDict(String prefix, StateDict.Builder sd) {
        mapBackbone(prefix, sd);
        // registration order of the official module: final_layers before deconv_layers
        sd.conv(prefix + "final_layers.0", final0);
        sd.conv(prefix + "final_layers.1", final1);
        // deconv_layers.0 = Sequential(Sequential(ConvTranspose2d, BN, ReLU), Sequential(BasicBlock) × 4)
        deconv.mapStateDict(prefix + "deconv_layers.0.0.0.", sd);
        sd.batchNorm(prefix + "deconv_layers.0.0.1", deconvBn);
        for (int b = 0; b < deconvBlocks.size(); b++) {
            deconvBlocks.get(b).mapStateDict(prefix + "deconv_layers.0." + (b + 1) + ".0.", sd);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), 2L * joints(), in.get(2) / 4, in.get(3) / 4),
            new Shape(in.get(0), joints(), in.get(2) / 2, in.get(3) / 2)};
    }
}
