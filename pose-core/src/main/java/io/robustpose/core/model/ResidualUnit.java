package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The residual blocks of pose_resnet.py / pose_hrnet.py (torchvision-style, "ResNet v1.5"):
 * <ul>
 *   <li>BasicBlock (expansion 1): 3×3 conv (stride here) → BN → ReLU → 3×3 conv → BN;</li>
 *   <li>Bottleneck (expansion 4): 1×1 conv → BN → ReLU → 3×3 conv (stride <em>here</em>, on the
 *       3×3, as in the official code) → BN → ReLU → 1×1 conv to 4·planes → BN;</li>
 * </ul>
 * then {@code out += downsample(x) or x; relu(out)}. The downsample is {@code nn.Sequential(1×1
 * conv with the block's stride, BN)} whenever the stride is not 1 or the channels change.
 */
final class ResidualUnit extends PoseBlock {

    enum Kind {
        BASIC(1), BOTTLENECK(4);

        final int expansion;

        Kind(int expansion) {
            this.expansion = expansion;
        }
    }

    private final List<ConvBn> body = new ArrayList<>();
    private final ConvBn downsample;
    private final int outChannels;
    private final int stride;

    ResidualUnit(Kind kind, int inChannels, int planes, int stride) {
        this.stride = stride;
        this.outChannels = planes * kind.expansion;
        if (kind == Kind.BASIC) {
            body.add(addChildBlock("conv1", new ConvBn(planes, 3, stride, 1, true, "conv1", "bn1")));
            body.add(addChildBlock("conv2", new ConvBn(planes, 3, 1, 1, false, "conv2", "bn2")));
        } else {
            body.add(addChildBlock("conv1", new ConvBn(planes, 1, 1, 0, true, "conv1", "bn1")));
            body.add(addChildBlock("conv2", new ConvBn(planes, 3, stride, 1, true, "conv2", "bn2")));
            body.add(addChildBlock("conv3", new ConvBn(outChannels, 1, 1, 0, false, "conv3", "bn3")));
        }
        downsample = stride != 1 || inChannels != outChannels
                ? addChildBlock("downsample", ConvBn.sequential(outChannels, 1, stride, false))
                : null;
    }

    /** {@code _make_layer}: the first block takes the stride (and the downsample), the rest keep the size. */
    static List<ResidualUnit> layer(Kind kind, int inChannels, int planes, int blocks, int stride) {
        List<ResidualUnit> units = new ArrayList<>();
        units.add(new ResidualUnit(kind, inChannels, planes, stride));
        for (int i = 1; i < blocks; i++) {
            units.add(new ResidualUnit(kind, planes * kind.expansion, planes, 1));
        }
        return units;
    }

    int outChannels() {
        return outChannels;
    }

    @Override
    NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = x;
        for (ConvBn unit : body) {
            out = forward1(unit, ps, out, training);
        }
        NDArray residual = downsample == null ? x : forward1(downsample, ps, x, training);
        return new NDList(relu(addInto(out, residual)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (ConvBn unit : body) {
            s = initChild(unit, manager, dataType, s);
        }
        if (downsample != null) {
            initChild(downsample, manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels,
                convOut(in.get(2), 3, stride, 1), convOut(in.get(3), 3, stride, 1))};
    }

    @Override
    void mapStateDict(String prefix, StateDict.Builder sd) {
        for (ConvBn unit : body) {
            unit.mapStateDict(prefix, sd);
        }
        if (downsample != null) {
            downsample.mapStateDict(prefix + "downsample.", sd);
        }
    }
}
