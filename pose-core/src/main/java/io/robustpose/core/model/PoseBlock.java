package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.robustpose.core.device.TorchKernels;

/**
 * Base of the composite blocks of the pose networks.
 *
 * <p>Every forward runs inside a {@link ForwardScope}: its intermediates are closed when it returns.
 *
 * <p>Subclasses also name their official PyTorch state_dict entries ({@link #mapStateDict}).
 */
abstract class PoseBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    PoseBlock() {
        super(VERSION);
    }

    /** The forward pass proper; every array it creates and does not return is closed afterwards. */
    abstract NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training);

    /** Adds this block's official state_dict entries, keys prefixed with {@code prefix}. */
    abstract void mapStateDict(String prefix, StateDict.Builder sd);

    /** Runs before the forward's scope opens (see {@link PoseNet}). */
    void beforeScope(ParameterStore ps, NDList inputs, boolean training) {
    }

    @Override
    protected final NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        beforeScope(ps, inputs, training);
        return ForwardScope.run(inputs, () -> forwardScoped(ps, inputs, training));
    }

    /**
     * ReLU of {@code x}, an intermediate result of this forward (a BatchNorm output or a residual sum), in place as the
     * reference networks' {@code nn.ReLU(inplace=True)}; recorded by autograd when it is on, whose version check
     * refuses the backward pass if a backward function had kept {@code x}.
     */
    static NDArray relu(NDArray x) {
        return TorchKernels.reluInPlace(x);
    }

    /**
     * {@code a + b} into {@code a}, an intermediate result of this forward that no backward function keeps: a
     * BatchNorm output (its backward keeps the input and the batch statistics), a convolution's output or an
     * upsampling's. So unlike ReLU (in place only without autograd) this holds in training too, as the reference
     * networks' {@code out += residual}; libtorch would refuse the backward if a kept tensor had been overwritten.
     */
    static NDArray addInto(NDArray a, NDArray b) {
        return a.addi(b);
    }

    static NDArray forward1(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Initializes a child for one input of the given shape and returns its output shape. */
    static Shape initChild(Block child, NDManager manager, DataType dataType, Shape input) {
        child.initialize(manager, dataType, input);
        return child.getOutputShapes(new Shape[] {input})[0];
    }

    /** Spatial size after a k×k convolution or pooling with the given stride and padding. */
    static long convOut(long size, int kernel, int stride, int padding) {
        return (size + 2L * padding - kernel) / stride + 1;
    }
}
