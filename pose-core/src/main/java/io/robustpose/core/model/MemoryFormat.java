package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;

/**
 * libtorch's channels-last memory format for [N, C, H, W] activations: the same logical array, stored as
 * [N, H, W, C]. oneDNN convolves channels-last tensors as they are; a contiguous NCHW tensor is converted to its
 * blocked layout before every convolution and back after it (365 such reorders in a SimpleBaseline-R50 training
 * step, 20–25 % of the step's oneDNN time: {@code tools/onednn_steps.py}). libtorch keeps the format through
 * convolutions (whose output follows their input), batch norm, ReLU, pooling and sums, so a network converts its
 * input once. DJL has no memory-format call; permuted views and reshapes make the same tensors.
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
}
