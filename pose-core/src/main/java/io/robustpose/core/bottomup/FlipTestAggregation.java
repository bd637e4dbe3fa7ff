package io.robustpose.core.bottomup;

/**
 * The single-scale test of the official HigherHRNet ({@code get_multi_stage_outputs} and
 * {@code aggregate_results} of lib/core/inference.py, FLIP_TEST and PROJECT2IMAGE): the 1/4-resolution
 * output (heatmaps + tags) is upsampled to the 1/2-resolution output and its heatmaps averaged with it;
 * the flipped image's outputs are flipped back (after upsampling, as the official order) with left and
 * right joints swapped; both passes are projected to the parser resolution, heatmaps averaged and tags
 * stacked (last axis: plain, flipped). Every resize is {@code F.interpolate(bilinear, align_corners=False)}.
 */
public final class FlipTestAggregation {
    /** COCO's left/right joint swap (FLIP_CONFIG['COCO'] of lib/dataset/transforms/build.py). */
    public static final int[] COCO_FLIP_INDEX = {0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15};

    private FlipTestAggregation() {
    }

    /**
     * @param plain0 the 1/4 output of the image, [2J][h0][w0] (J heatmaps then J tags)
     * @param plain1 the 1/2 output of the image, [J][h1][w1]
     * @param flip0  the same two outputs of the horizontally flipped image, not yet flipped back
     * @param outW   the parser resolution (the network input's size)
     */
    public static AssociativeEmbeddingParser.Maps aggregate(int joints, float[] plain0, float[] plain1, float[] flip0,
                                                            float[] flip1, int h0, int w0, int h1, int w1,
                                                            int[] flipIndex, int outH, int outW) {
        int c0 = plain0.length / (h0 * w0);
        if (c0 != 2 * joints || plain1.length != joints * h1 * w1 || flip0.length != plain0.length
                || flip1.length != plain1.length) {
            throw new IllegalArgumentException("outputs of " + plain0.length + "/" + plain1.length + " values do not fit "
                    + joints + " joints at " + h0 + "×" + w0 + " and " + h1 + "×" + w1);
        }
        int plane1 = h1 * w1;
        float[] p0 = Bilinear.resize(plain0, c0, h0, w0, h1, w1);
        float[] f0 = flipWidth(Bilinear.resize(flip0, c0, h0, w0, h1, w1), c0, h1, w1);
        float[] f1 = flipWidth(flip1, joints, h1, w1);
        float[] hmPlain = new float[joints * plane1];
        float[] hmFlip = new float[joints * plane1];
        float[] tagPlain = new float[joints * plane1];
        float[] tagFlip = new float[joints * plane1];
        for (int j = 0; j < joints; j++) {
            int fj = flipIndex[j];
            for (int i = 0; i < plane1; i++) {
                hmPlain[j * plane1 + i] = (p0[j * plane1 + i] + plain1[j * plane1 + i]) / 2;
                hmFlip[j * plane1 + i] = (f0[fj * plane1 + i] + f1[fj * plane1 + i]) / 2;
                tagPlain[j * plane1 + i] = p0[(joints + j) * plane1 + i];
                tagFlip[j * plane1 + i] = f0[(joints + fj) * plane1 + i];
            }
        }
        float[] detPlain = Bilinear.resize(hmPlain, joints, h1, w1, outH, outW);
        float[] detFlip = Bilinear.resize(hmFlip, joints, h1, w1, outH, outW);
        float[] tPlain = Bilinear.resize(tagPlain, joints, h1, w1, outH, outW);
        float[] tFlip = Bilinear.resize(tagFlip, joints, h1, w1, outH, outW);
        float[] det = new float[detPlain.length];
        float[] tags = new float[2 * det.length];
        for (int i = 0; i < det.length; i++) {
            det[i] = (detPlain[i] + detFlip[i]) / 2.0f;
            tags[2 * i] = tPlain[i];
            tags[2 * i + 1] = tFlip[i];
        }
        return new AssociativeEmbeddingParser.Maps(joints, outH, outW, 2, det, tags);
    }

    /** Without flip test: the plain pass alone, tags with K = 1. */
    public static AssociativeEmbeddingParser.Maps single(int joints, float[] plain0, float[] plain1, int h0, int w0,
                                                         int h1, int w1, int outH, int outW) {
        int plane1 = h1 * w1;
        float[] p0 = Bilinear.resize(plain0, 2 * joints, h0, w0, h1, w1);
        float[] hm = new float[joints * plane1];
        float[] tag = new float[joints * plane1];
        for (int i = 0; i < hm.length; i++) {
            hm[i] = (p0[i] + plain1[i]) / 2;
            tag[i] = p0[joints * plane1 + i];
        }
        return new AssociativeEmbeddingParser.Maps(joints, outH, outW, 1, Bilinear.resize(hm, joints, h1, w1, outH, outW),
                Bilinear.resize(tag, joints, h1, w1, outH, outW));
    }

    static float[] flipWidth(float[] a, int channels, int h, int w) {
        float[] out = new float[a.length];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                int row = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[row + x] = a[row + w - 1 - x];
                }
            }
        }
        return out;
    }
}
