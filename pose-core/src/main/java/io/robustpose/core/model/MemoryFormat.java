package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * libtorch's channels-last memory format for [N, C, H, W] activations: the same logical array, stored as
 * [N, H, W, C]. oneDNN convolves channels-last tensors as they are; a contiguous NCHW tensor is converted to its
 * blocked layout before every convolution and back after it (365 such reorders in a SimpleBaseline-R50 training
 * step, 20–25 % of the step's oneDNN time: {@code tools/onednn_steps.py}). libtorch keeps the format through
 * convolutions (whose output follows their input), batch norm, ReLU, pooling and sums, so a network converts its
 * input once. DJL has no memory-format call; permuted views and reshapes make the same tensors.
 *
 * <p>Parameters stay NCHW: oneDNN reorders the kernels itself, and storing them channels-last (as PyTorch's
 * {@code model.to(memory_format=torch.channels_last)}) left the SimpleBaseline-R50 training step unchanged here
 * (1.02 s vs 1.00 s, 4 interleaved rounds, 2026-12-04; again with libtorch's transposed convolution: 0.861 s vs
 * 0.820 s, 5 rounds — although libtorch's profiler showed the per-call kernel and gradient copies gone). Values written into an existing array go through
 * {@link #assign}, which keeps whatever layout it has — DJL's {@code NDArray.set(Buffer)} replaces the tensor by a
 * contiguous one.
 */
public final class MemoryFormat {

    private MemoryFormat() {
    }

    /**
     * {@code x} ([N, C, H, W]) stored channels-last: one copy, or none if it already is. Autograd sees a permutation
     * and a reshape, so gradients flow through it.
     */
    public static NDArray channelsLast(NDArray x) {
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        // [N, H, W, C] view; merging W and C cannot be a view unless the data already is in that order, so the
        // first reshape copies exactly when needed
        return x.transpose(0, 2, 3, 1).reshape(n, h, w * c).reshape(n, h, w, c).transpose(0, 3, 1, 2);
    }

    /**
     * Copies {@code values} (row-major in {@code target}'s shape) into {@code target}, in place and in its own memory
     * layout; with autograd off (a parameter is a leaf that requires a gradient).
     */
    public static void assign(NDArray target, float[] values) {
        if (target.getDataType() != DataType.FLOAT32 || values.length != target.size()) {
            throw new IllegalArgumentException(values.length + " float values for a " + target.getDataType() + " array of "
                    + "shape " + target.getShape());
        }
        try (NDArray value = target.getManager().create(FloatBuffer.wrap(values), target.getShape())) {
            assign(target, value);
        }
    }

    /** {@code target[...] = value} (same shape; any device), in place and in {@code target}'s memory layout. */
    public static void assign(NDArray target, NDArray value) {
        if (!target.getShape().equals(value.getShape())) {
            throw new IllegalArgumentException("assigning an array of shape " + value.getShape() + " to one of shape "
                    + target.getShape());
        }
        NDArray moved = value.toDevice(target.getDevice(), false);
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            long[] shape = target.getShape().getShape();
            long[] steps = new long[shape.length];
            Arrays.fill(steps, 1);
            // target[0:n0, 0:n1, …] = value: libtorch's copy_, which writes through target's strides
            JniUtils.indexSet((PtNDArray) target, (PtNDArray) moved, new long[shape.length], shape, steps);
        } finally {
            JniUtils.setGradMode(gradMode);
            if (moved != value) {
                moved.close();
            }
        }
    }
}
