package io.robustpose.core.model;

/**
 * How {@code ConvTranspose2d(k=4, s=2, p=1, output_padding=0, bias=False)} is computed: libtorch's own kernel, which
 * DJL's PyTorch engine does not expose (called through {@link io.robustpose.core.device.TorchKernels}), or one of two
 * emulations by ordinary convolutions (WEIGHT_FORMULA.md §5 has both rewrites).
 */
public enum DeconvMethod {
    /** libtorch's {@code conv_transpose2d}, weight in the official {@code [in, out, 4, 4]} layout. The default. */
    TRANSPOSED_CONV,
    /**
     * Method A: stride-1 2×2 convolution with padding 1 to 4·out phase channels, then each phase is
     * cropped and the four are interleaved. Same parameter count as the transposed convolution (a
     * bijection of the weights), so it trains exactly like it; the fewest MACs of the two emulations.
     */
    PHASE_CONV_2X2,
    /**
     * Method B: 3×3 convolution with padding 1 to 4·out channels, then PixelShuffle(2). 9/4 of
     * method A's MACs and parameters; 5 of every 9 taps per phase are structural zeros, which
     * training would make non-zero, so this one is for inference only.
     */
    SUBPIXEL_CONV_3X3;

    /**
     * How the networks compute their transposed convolutions unless told otherwise: libtorch's own kernel, faster in
     * training than the phase emulation (SimpleBaseline-R50, batch 8: 0.840 s vs 0.880 s per step, 5 interleaved
     * rounds, 2026-12-04; README, Benchmarks). Here rather than in {@link PoseNetworks}, whose loading decides
     * libtorch's huge pages: naming this default must not (an inference process declines them first).
     */
    public static final DeconvMethod DEFAULT = TRANSPOSED_CONV;
}
