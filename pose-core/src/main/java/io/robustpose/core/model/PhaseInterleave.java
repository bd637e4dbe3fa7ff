package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * The last half of a 4×4 / stride 2 / padding 1 transposed convolution computed as four 2×2 phase convolutions
 * (WEIGHT_FORMULA.md §5, method A): the stride-1, padding-1 2×2 convolution's output {@code z} of shape
 * {@code [N, 4·stride, H+1, W+1]} holds phase (py, px) in channels {@code (2py+px)·stride …} + out, rows
 * {@code py … py+H}, columns {@code px … px+W}; the result interleaves the phases,
 * {@code y[n, o, 2a+py, 2b+px]}. Used by SimpleBaseline's and HigherHRNet's deconvolutions and AdvMix's U-Net.
 *
 * <p>The phases are cut with split, not slicing: the gradient of a slice is a zero-filled tensor of the whole
 * input per slice (54 of them per SimpleBaseline-R50 step: 124 ms of memset in a 2 s step); the gradient of a
 * split concatenates the pieces' gradients, zero-filling only the one-row/one-column remainders (and the unused
 * padding channels of a phase).
 */
public final class PhaseInterleave {

    private PhaseInterleave() {
    }

    /**
     * @param phaseStride channels between two phases of {@code z} (≥ out)
     * @param out         output channels
     */
    public static NDArray interleave(NDArray z, long phaseStride, long out) {
        long n = z.getShape().get(0);
        long h = z.getShape().get(2) - 1;
        long w = z.getShape().get(3) - 1;
        if (z.getShape().get(1) != 4 * phaseStride || out > phaseStride) {
            throw new IllegalArgumentException("phases of " + out + " channels, " + phaseStride + " apart, in " + z.getShape());
        }
        NDList groups = z.split(4, 1);
        NDList crops = new NDList(4);
        for (int py = 0; py < 2; py++) {
            for (int px = 0; px < 2; px++) {
                NDArray phase = groups.get(2 * py + px);
                if (out < phaseStride) {
                    phase = phase.split(new long[] {out}, 1).get(0);
                }
                crops.add(cropOne(cropOne(phase, py, h, 2), px, w, 3));
            }
        }
        // [N, out, 2 (py), 2 (px), H, W] → y[n, o, 2a+py, 2b+px], stored channels-last ([n, 2a+py, 2b+px, o]) as the
        // activations around it (MemoryFormat)
        return NDArrays.stack(crops, 2).reshape(n, out, 2, 2, h, w).transpose(0, 4, 2, 5, 3, 1)
                .reshape(n, 2 * h, 2 * w, out).transpose(0, 3, 1, 2);
    }

    /** {@code size} entries of {@code axis} (of size + 1) starting at {@code offset} (0 or 1). */
    private static NDArray cropOne(NDArray a, int offset, long size, int axis) {
        return offset == 0 ? a.split(new long[] {size}, axis).get(0) : a.split(new long[] {1}, axis).get(1);
    }
}
