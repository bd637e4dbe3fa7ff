package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * SimpleBaseline (Xiao et al. 2018), {@code PoseResNet} of lib/models/pose_resnet.py:
 * conv1 7×7/2 (64) → bn1 → ReLU → maxpool 3×3/2 pad 1 → layer1..4 (torchvision ResNet, stride
 * 1, 2, 2, 2) → deconv_layers: 3 × [ConvTranspose2d(k4, s2, p1, no bias) to 256, BN, ReLU] →
 * final_layer 1×1 conv with bias to the joints. Configs res{50,101,152}_256x192_d256x3: 3
 * deconvolutions of 256 filters, kernel 4, FINAL_CONV_KERNEL 1.
 */
final class SimpleBaselineNet extends PoseNet {

    static final int DECONV_LAYERS = 3;
    static final int DECONV_FILTERS = 256;

    private final ConvBn stem;
    private final List<List<ResidualUnit>> layers = new ArrayList<>();
    private final List<Deconv4x4> deconvs = new ArrayList<>();
    private final List<BatchNorm> deconvBns = new ArrayList<>();
    private final Conv2d finalLayer;

    SimpleBaselineNet(Architecture architecture, int joints, int inputHeight, int inputWidth, DeconvMethod method) {
        super(architecture, joints, inputHeight, inputWidth);
        ResidualUnit.Kind kind;
        int[] blocks;
        switch (architecture.resnetDepth()) { // resnet_spec of pose_resnet.py
            case 18 -> { kind = ResidualUnit.Kind.BASIC; blocks = new int[] {2, 2, 2, 2}; }
            case 50 -> { kind = ResidualUnit.Kind.BOTTLENECK; blocks = new int[] {3, 4, 6, 3}; }
            case 101 -> { kind = ResidualUnit.Kind.BOTTLENECK; blocks = new int[] {3, 4, 23, 3}; }
            case 152 -> { kind = ResidualUnit.Kind.BOTTLENECK; blocks = new int[] {3, 8, 36, 3}; }
            default -> throw new IllegalArgumentException("no ResNet-" + architecture.resnetDepth());
        }
        stem = addChildBlock("stem", new ConvBn(64, 7, 2, 3, true, "conv1", "bn1"));
        int channels = 64;
        int[] planes = {64, 128, 256, 512};
        for (int i = 0; i < 4; i++) {
            List<ResidualUnit> layer = ResidualUnit.layer(kind, channels, planes[i], blocks[i], i == 0 ? 1 : 2);
            for (int b = 0; b < layer.size(); b++) {
                addChildBlock("layer" + (i + 1) + "_" + b, layer.get(b));
            }
            layers.add(layer);
            channels = planes[i] * kind.expansion;
        }
        for (int i = 0; i < DECONV_LAYERS; i++) {
            deconvs.add(addChildBlock("deconv" + i, new Deconv4x4(DECONV_FILTERS, method)));
            deconvBns.add(addChildBlock("deconv_bn" + i, ConvBn.batchNorm()));
        }
        finalLayer = addChildBlock("final_layer", ConvBn.conv(joints, 1, 1, 0, true));
    }

    @Override
    NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = forward1(stem, ps, MemoryFormat.channelsLast(inputs.singletonOrThrow()), training);
        x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        for (List<ResidualUnit> layer : layers) {
            for (ResidualUnit unit : layer) {
                x = forward1(unit, ps, x, training);
            }
        }
        for (int i = 0; i < DECONV_LAYERS; i++) {
            x = forward1(deconvs.get(i), ps, x, training);
            x = relu(ConvBn.batchNorm(deconvBns.get(i), ps, x, training));
        }
        return new NDList(forward1(finalLayer, ps, x, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = initChild(stem, manager, dataType, inputShapes[0]);
        s = new Shape(s.get(0), s.get(1), convOut(s.get(2), 3, 2, 1), convOut(s.get(3), 3, 2, 1));
        for (List<ResidualUnit> layer : layers) {
            for (ResidualUnit unit : layer) {
                s = initChild(unit, manager, dataType, s);
            }
        }
        for (int i = 0; i < DECONV_LAYERS; i++) {
            s = initChild(deconvs.get(i), manager, dataType, s);
            s = initChild(deconvBns.get(i), manager, dataType, s);
        }
        initChild(finalLayer, manager, dataType, s);
    }

    @Override
    void mapStateDict(String prefix, StateDict.Builder sd) {
        stem.mapStateDict(prefix, sd);
        for (int i = 0; i < layers.size(); i++) {
            List<ResidualUnit> layer = layers.get(i);
            for (int b = 0; b < layer.size(); b++) {
                layer.get(b).mapStateDict(prefix + "layer" + (i + 1) + "." + b + ".", sd);
            }
        }
        // nn.Sequential(deconv, bn, relu) × 3: indices 0, 1, (2); 3, 4, (5); 6, 7, (8)
        for (int i = 0; i < DECONV_LAYERS; i++) {
            deconvs.get(i).mapStateDict(prefix + "deconv_layers." + (3 * i) + ".", sd);
            sd.batchNorm(prefix + "deconv_layers." + (3 * i + 1), deconvBns.get(i));
        }
        sd.conv(prefix + "final_layer", finalLayer);
    }
}
