package io.robustpose.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code nn.Conv2d(bias=False)} → {@code nn.BatchNorm2d} → optional ReLU, the unit the official
 * models are made of. The state_dict names of the two parts are given by the caller: "conv1" /
 * "bn1" inside a residual block, "0" / "1" inside an {@code nn.Sequential}.
 */
final class ConvBn extends PoseBlock {

    /** PyTorch's BatchNorm2d eps. */
    static final float BN_EPS = 1e-5f;
    /** PyTorch momentum 0.1 (BN_MOMENTUM of the official code); DJL counts the other way: 1 - 0.1. */
    static final float BN_MOMENTUM_DJL = 0.9f;

    private final Conv2d conv;
    private final BatchNorm bn;
    private final boolean relu;
    private final String convName;
    private final String bnName;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    /** Set by {@link PoseNet#freeze()}: the inference forward's folded weights and bias, made once per device. */
    private volatile java.util.Map<Device, NDArray[]> frozenFolds;

    ConvBn(int outChannels, int kernel, int stride, int padding, boolean relu, String convName, String bnName) {
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.relu = relu;
        this.convName = convName;
        this.bnName = bnName;
        this.conv = addChildBlock("conv", conv(outChannels, kernel, convStride(), padding, false));
        this.bn = addChildBlock("bn", batchNorm());
    }

    /** The {@code nn.Sequential(conv, bn[, relu])} of transitions, downsamples and fuse layers. */
    static ConvBn sequential(int outChannels, int kernel, int stride, boolean relu) {
        return new ConvBn(outChannels, kernel, stride, kernel / 2, relu, "0", "1");
    }

    static Conv2d conv(int outChannels, int kernel, int stride, int padding, boolean bias) {
        return Conv2d.builder()
                .setFilters(outChannels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(bias)
                .build();
    }

    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPS).optMomentum(BN_MOMENTUM_DJL).build();
    }

    /**
     * A strided 1×1 convolution (ResNet's downsample) runs as "take every stride-th pixel, then a 1×1
     * convolution": the same products and sums, the same parameters. The reason: the backward pass of the
     * strided 1×1 convolution in libtorch 2.7.1's oneDNN (brgemm_convolution_bwd_utils::est_eff_1x1)
     * divides by zero — SIGFPE, the JVM dies — on machines whose CPUID reports no cache sizes (this
     * project's CI and development VMs, AMD EPYC family 26), for ResNet-50's shapes at every input size.
     */
    private boolean subsamplesFirst() {
        return kernel == 1 && stride > 1 && padding == 0;
    }

    /** The convolution's own stride: 1 where the input is subsampled first. */
    private int convStride() {
        return subsamplesFirst() ? 1 : stride;
    }

    int outChannels() {
        return outChannels;
    }

    @Override
    NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training) {
        NDArray in = inputs.singletonOrThrow();
        if (subsamplesFirst()) {
            in = in.get("..., ::" + stride + ", ::" + stride);
        }
        NDArray x = training ? batchNorm(bn, ps, forward1(conv, ps, in, true), true) : convFoldedBn(ps, in);
        return new NDList(relu ? relu(x) : x);
    }

    /**
     * The forward of a {@link #batchNorm()} block, called with axis −1 ("the input is already N, C, …"): with the
     * block's axis 1 DJL's PyTorch engine wraps the call in two identity transposes, so the output would be a view,
     * and an in-place residual sum ({@link PoseBlock#addInto}) or ReLU ({@link PoseBlock#relu}) on it would make
     * autograd copy slices back (about 250 ms of self time per SimpleBaseline-R50 training step under libtorch's
     * profiler when the deconvolution stage's ReLU went in place on its batch norm's view: {@code tools/op_profile.py}).
     */
    static NDArray batchNorm(BatchNorm bn, ParameterStore ps, NDArray x, boolean training) {
        Device device = x.getDevice();
        PairList<String, Parameter> p = bn.getParameters();
        return BatchNorm.batchNorm(x, ps.getValue(p.get("runningMean"), device, training),
                ps.getValue(p.get("runningVar"), device, training), ps.getValue(p.get("gamma"), device, training),
                ps.getValue(p.get("beta"), device, training), -1, BN_MOMENTUM_DJL, BN_EPS, training)
                .singletonOrThrow();
    }

    /**
     * Inference: the batch norm folded into the convolution — weights scaled by γ/√(σ²+ε) per output channel, bias
     * β − μ·γ/√(σ²+ε) — one pass over the activations instead of two (PyTorch's eager eval mode runs both). The same
     * function up to float rounding (network parity tests: README). The folded weights are made on every forward
     * (a few MB of arithmetic against hundreds of MB of activations), so they can never be stale after training —
     * except in a network whose parameters will not change again ({@link #freeze}), which makes them once.
     */
    private NDArray convFoldedBn(ParameterStore ps, NDArray in) {
        Device device = in.getDevice();
        java.util.Map<Device, NDArray[]> cache = frozenFolds;
        NDArray[] folded = cache == null ? fold(ps, device) : cache.computeIfAbsent(device, d -> {
            NDArray[] wb = fold(ps, d);
            if (kernel > 1) {
                // stored as the activations are: oneDNN then reorders a channels-last kernel, not an NCHW one, on every
                // call (SBL-R50 inference, batch 32: 36.1 vs 32.2 and 36.4 vs 27.5 img/s, two series of 5 and 4 rounds,
                // 2026-12-04; the process faulted fewer pages). Unlike the trained parameters (MemoryFormat), a copy
                // made once
                wb[0] = MemoryFormat.channelsLast(wb[0]);
            }
            NDScope.unregister(wb); // kept beyond this forward's scope, owned by the parameters' manager
            return wb;
        });
        int s = convStride();
        return Conv2d.conv2d(in, folded[0], folded[1], new Shape(s, s), new Shape(padding, padding), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /**
     * From now on the parameters do not change (a frozen teacher, a model loaded for inference): the folded weights
     * are made on the first inference forward per device and kept until the parameters' manager closes. Called
     * again (after loading other weights) it drops them.
     */
    void freeze() {
        java.util.Map<Device, NDArray[]> old = frozenFolds;
        frozenFolds = new java.util.concurrent.ConcurrentHashMap<>();
        if (old != null) {
            old.values().forEach(wb -> new NDList(wb).close());
        }
    }

    /** The convolution's weights scaled by γ/√(σ²+ε) per output channel, and the bias β − μ·γ/√(σ²+ε). */
    private NDArray[] fold(ParameterStore ps, Device device) {
        NDArray w = ps.getValue(conv.getParameters().get("weight"), device, false);
        PairList<String, Parameter> p = bn.getParameters();
        NDArray gamma = ps.getValue(p.get("gamma"), device, false);
        NDArray beta = ps.getValue(p.get("beta"), device, false);
        NDArray mean = ps.getValue(p.get("runningMean"), device, false);
        NDArray var = ps.getValue(p.get("runningVar"), device, false);
        NDArray scale = gamma.div(var.add(BN_EPS).sqrt());
        NDArray weight = w.mul(scale.reshape(-1, 1, 1, 1));
        NDArray bias = beta.sub(mean.mul(scale));
        return new NDArray[] {weight, bias};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (subsamplesFirst()) {
            in = new Shape(in.get(0), in.get(1), convOut(in.get(2), 1, stride, 0), convOut(in.get(3), 1, stride, 0));
        }
        Shape s = initChild(conv, manager, dataType, in);
        initChild(bn, manager, dataType, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels,
                convOut(in.get(2), kernel, stride, padding), convOut(in.get(3), kernel, stride, padding))};
    }

    @Override
    void mapStateDict(String prefix, StateDict.Builder sd) {
        sd.conv(prefix + convName, conv);
        sd.batchNorm(prefix + bnName, bn);
    }
}
