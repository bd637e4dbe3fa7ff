package io.robustpose.core.device;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * libtorch kernels that DJL 0.36 does not expose, called by name through a bundled TorchScript module
 * ({@code torch-kernels.pt}, written by {@code tools/make_torch_kernels.py}; it holds methods, no tensors):
 * <ul>
 * <li>{@link #adam}: {@code torch._fused_adam_}, the single-pass kernel of {@code torch.optim.Adam(fused=True)},
 * where DJL's Adam makes eleven passes over every parameter and five temporaries;</li>
 * <li>{@link #reluInPlace}: {@code relu_}, the {@code nn.ReLU(inplace=True)} of the reference networks, where DJL's
 * ReLU writes a new tensor — 75 ms of self time per SimpleBaseline-R50 training step under libtorch's profiler, against
 * 5 ms for PyTorch's {@code relu_} ({@code tools/op_profile.py}; the step time itself did not measurably change);</li>
 * <li>{@link #convTranspose4x4}: {@code conv_transpose2d(x, w, stride=2, padding=1)}, the transposed convolution of
 * the deconvolution layers, which DJL lacks;</li>
 * <li>{@link #isChannelsLast}: whether a tensor is stored channels-last (DJL shows no strides).</li>
 * </ul>
 * DJL runs module methods with autograd off ({@code torch::InferenceMode}) unless called as a training forward; ReLU
 * and the transposed convolution are called that way when autograd is on, so the backward pass sees them.
 */
public final class TorchKernels {

    static final String RESOURCE = "torch-kernels.pt";

    private TorchKernels() {
    }

    /** Loaded on first use; a module without tensors serves every device. */
    private static final class Module {
        static final PtSymbolBlock BLOCK = load();

        private static PtSymbolBlock load() {
            NativeMemory.hugePages(); // before the engine's first allocation
            PtNDManager manager = (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
            try (InputStream in = TorchKernels.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("pose-core is missing its resource " + RESOURCE);
                }
                return new PtSymbolBlock(manager, JniUtils.loadModuleHandle(in, Device.cpu(), false, false));
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + RESOURCE, e);
            }
        }
    }

    /**
     * One Adam step of PyTorch's {@code torch.optim.Adam} (no weight decay, amsgrad off) for every parameter, then
     * zeroes the gradients: {@code m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
     * w −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)}, in place, with {@code t = step}.
     */
    public static void adam(List<? extends NDArray> params, List<? extends NDArray> grads, List<? extends NDArray> expAvgs,
            List<? extends NDArray> expAvgSqs, long step, double lr, double beta1, double beta2, double eps) {
        int n = params.size();
        if (grads.size() != n || expAvgs.size() != n || expAvgSqs.size() != n) {
            throw new IllegalArgumentException("adam: " + n + " parameters but " + grads.size() + " gradients, "
                    + expAvgs.size() + " and " + expAvgSqs.size() + " moments");
        }
        if (n == 0) {
            return;
        }
        NDArray first = params.get(0);
        try (NDManager scratch = first.getManager().newSubManager();
                IValue p = list(params);
                IValue g = list(grads);
                IValue m = list(expAvgs);
                IValue v = list(expAvgSqs);
                // the fused kernel reads the step count as a float tensor on the parameters' device
                IValue t = IValue.from((PtNDArray) scratch.create((float) step));
                IValue a = IValue.from(lr);
                IValue b1 = IValue.from(beta1);
                IValue b2 = IValue.from(beta2);
                IValue e = IValue.from(eps);
                IValue done = run("adam", p, g, m, v, t, a, b1, b2, e)) {
            if (done.toLong() != n) {
                throw new IllegalStateException("adam updated " + done.toLong() + " of " + n + " parameters");
            }
        }
    }

    /**
     * {@code x.relu_()}: replaces {@code x}'s values by their ReLU and returns {@code x}. With autograd on, the operation
     * is recorded as PyTorch records {@code nn.ReLU(inplace=True)}: the backward pass takes the gradient through it,
     * and libtorch refuses that backward if another operation had saved {@code x} for its own.
     */
    public static NDArray reluInPlace(NDArray x) {
        if (JniUtils.isGradMode()) {
            recorded("relu_", x).close(); // a second handle on x's tensor
            return x;
        }
        try (IValue in = IValue.from((PtNDArray) x); IValue out = run("relu_", in)) {
            return x;
        }
    }

    /**
     * {@code conv_transpose2d(x, w, stride=2, padding=1)}: {@code x} [N, in, H, W], {@code w} [in, out, 4, 4] (PyTorch's
     * {@code ConvTranspose2d} weight) → [N, out, 2H, 2W], attached to {@code x}'s manager; recorded by autograd when it
     * is on.
     */
    public static NDArray convTranspose4x4(NDArray x, NDArray w) {
        if (JniUtils.isGradMode()) {
            return recorded("conv_transpose_4x4", x, w);
        }
        try (IValue in = IValue.from((PtNDArray) x); IValue weight = IValue.from((PtNDArray) w);
                IValue out = run("conv_transpose_4x4", in, weight)) {
            return out.toTensor((PtNDManager) x.getManager());
        }
    }

    /** A method's single output, run as DJL's training forward (autograd records it); attached to the first input's manager. */
    private static NDArray recorded(String method, NDArray... inputs) {
        // DJL's training forward runs a module method without InferenceMode; the named marker array picks the method
        // and is not passed to it
        try (NDArray marker = inputs[0].getManager().create(0f)) {
            marker.setName("module_method:" + method);
            NDList in = new NDList(inputs);
            in.add(marker);
            try {
                return IValueUtils.forward(Module.BLOCK, in, true).singletonOrThrow();
            } catch (EngineException e) {
                throw new EngineException("libtorch kernel " + method + ": " + e.getMessage(), e);
            }
        }
    }

    /** Whether {@code x} ([N, C, H, W]) is stored in libtorch's channels-last format ({@code [N, H, W, C]} in memory). */
    public static boolean isChannelsLast(NDArray x) {
        try (IValue in = IValue.from((PtNDArray) x); IValue out = run("is_channels_last", in)) {
            return out.toBoolean();
        }
    }

    private static IValue list(List<? extends NDArray> arrays) {
        PtNDArray[] pt = new PtNDArray[arrays.size()];
        for (int i = 0; i < pt.length; i++) {
            pt[i] = (PtNDArray) arrays.get(i);
        }
        return IValue.listFrom(pt);
    }

    private static IValue run(String method, IValue... inputs) {
        try {
            return IValueUtils.runMethod(Module.BLOCK, method, inputs);
        } catch (EngineException e) {
            throw new EngineException("libtorch kernel " + method + ": " + e.getMessage(), e);
        }
    }
}
