package io.robustpose.core.model;

/**
 * How {@code ConvTranspose2d(k=4, s=2, p=1, output_padding=0, bias=False)} is emulated: DJL's
 * PyTorch engine has no transposed convolution (WEIGHT_FORMULA.md §5 has both rewrites).
 */
public enum DeconvMethod {
    /**
     * Method A: stride-1 2×2 convolution with padding 1 to 4·out phase channels, then each phase is
     * cropped and the four are interleaved. Same parameter count as the transposed convolution (a
     * bijection of the weights), so it trains exactly like it; the fewest MACs. The default.
     */
    PHASE_CONV_2X2,
    /**
     * Method B: 3×3 convolution with padding 1 to 4·out channels, then PixelShuffle(2). 9/4 of
     * method A's MACs and parameters; 5 of every 9 taps per phase are structural zeros, which
     * training would make non-zero, so this one is for inference only.
     */
    SUBPIXEL_CONV_3X3
}
