package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;

/**
 * A 2-D convolution that avoids a CPU bug of the libtorch DJL ships (2.7.1, oneDNN): with more input channels
 * than one SIMD block that are not a multiple of it, conv2d returns wrong values — errors of the size of the
 * outputs themselves (e.g. 66 channels at 128×128, 2×2 or 3×3 kernel: max |Δ| 12 on outputs of std ≈ 16). On an
 * AVX-512 CPU every count above 16 that is not a multiple of 16 fails, with AVX2 every count above 8 not a
 * multiple of 8; PyTorch 2.13 on the same machine is correct (checked by {@code ChannelTailSafeConvTest}).
 * Such inputs are convolved in two channel groups the kernel handles — the largest multiple of the block, then
 * the rest — and the partial results summed; other inputs, and GPUs, in one call.
 */
public final class ChannelTailSafeConv {
    /** oneDNN's fp32 block: 16 lanes where it runs AVX-512 kernels, else 8 (AVX2; also the safe guess). */
    static final int BLOCK = simdBlock();

    private ChannelTailSafeConv() {
    }

    /** Whether a CPU convolution over this many input channels needs splitting. */
    static boolean affected(long channels) {
        return channels > BLOCK && channels % BLOCK != 0;
    }

    /** The channel groups [from, to) a convolution over {@code channels} inputs is split into. */
    static List<long[]> groups(long channels) {
        List<long[]> out = new ArrayList<>();
        long full = channels - channels % BLOCK;
        if (full > 0) {
            out.add(new long[] {0, full});
        }
        if (full < channels) {
            out.add(new long[] {full, channels});
        }
        return out;
    }

    private static int simdBlock() {
        for (String env : new String[] {"ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"}) {
            String isa = System.getenv(env);
            if (isa != null && !isa.toUpperCase(java.util.Locale.ROOT).contains("AVX512")) {
                return 8;
            }
        }
        try {
            String flags = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"));
            // oneDNN's avx512_core: F, BW, VL and DQ
            return flags.contains(" avx512f") && flags.contains(" avx512bw") && flags.contains(" avx512vl")
                    && flags.contains(" avx512dq") ? 16 : 8;
        } catch (java.io.IOException | RuntimeException e) {
            return 8;
        }
    }

    /** {@code conv2d} (dilation 1, one group) computed so that the channel-tail bug cannot touch it. */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding) {
        Shape dilation = new Shape(1, 1);
        // the kernel is [out, in, kH, kW]; the bias is added once, by the first group
        return overChannelGroups(x, weight, 1, (xs, ws, first) -> Conv2d.conv2d(xs, ws, first ? bias : null, stride,
                padding, dilation, 1).singletonOrThrow());
    }

    /**
     * {@code op(x, weight)}, an operation linear in the input channels (a convolution, a transposed convolution): in
     * one call on a GPU or where the channel count is safe, else summed over the channel groups of {@link #groups}.
     * {@code weightChannelAxis} is the axis of the weight that runs over the input channels.
     */
    static NDArray overChannelGroups(NDArray x, NDArray weight, int weightChannelAxis, GroupOp op) {
        long channels = x.getShape().get(1);
        if (!affected(channels) || x.getDevice().isGpu()) {
            return op.apply(x, weight, true);
        }
        NDArray out = null;
        for (long[] g : groups(channels)) {
            NDIndex weightSlice = new NDIndex();
            for (int axis = 0; axis < weightChannelAxis; axis++) {
                weightSlice.addAllDim();
            }
            NDArray part = op.apply(x.get(new NDIndex().addAllDim().addSliceDim(g[0], g[1])),
                    weight.get(weightSlice.addSliceDim(g[0], g[1])), out == null);
            out = out == null ? part : out.add(part);
        }
        return out;
    }

    /** One input-channel group's part of a linear operation; {@code first} for the first group (or the only call). */
    interface GroupOp {
        NDArray apply(NDArray x, NDArray weight, boolean first);
    }
}
