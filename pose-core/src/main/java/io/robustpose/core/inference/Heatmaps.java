package io.robustpose.core.inference;

/**
 * Heatmap decoding as SimpleBaseline / HRNet do it: per joint the argmax, moved a quarter pixel
 * toward the higher neighbour on each axis ({@code get_final_preds}), with the maximum as the
 * joint's confidence; and the flip test's merge of a horizontally flipped prediction.
 */
public final class Heatmaps {
    private Heatmaps() {
    }

    /** A joint location in heatmap-grid coordinates and its confidence. */
    public record Peak(double x, double y, double score) {
    }

    /** {@code hm} is [K][h][w]; returns K peaks in grid coordinates. */
    public static Peak[] decode(float[][][] hm) {
        Peak[] out = new Peak[hm.length];
        for (int k = 0; k < hm.length; k++) {
            float[][] m = hm[k];
            int h = m.length;
            int w = m[0].length;
            int bx = 0;
            int by = 0;
            float best = m[0][0];
            for (int y = 0; y < h; y++) {
                float[] row = m[y];
                for (int x = 0; x < w; x++) {
                    if (row[x] > best) {
                        best = row[x];
                        bx = x;
                        by = y;
                    }
                }
            }
            double px = bx;
            double py = by;
            if (best <= 0) {
                // get_max_preds masks non-positive maxima to (0, 0)
                px = 0;
                py = 0;
            } else if (bx > 0 && bx < w - 1 && by > 0 && by < h - 1) {
                px += 0.25 * Math.signum(m[by][bx + 1] - m[by][bx - 1]);
                py += 0.25 * Math.signum(m[by + 1][bx] - m[by - 1][bx]);
            }
            out[k] = new Peak(px, py, best);
        }
        return out;
    }

    /**
     * Merges the heatmaps of the plain and the horizontally flipped input: the flipped ones are
     * mirrored back, left/right joints swapped, shifted one pixel right (the published flip
     * test's alignment fix), and averaged with the plain ones. Returns a new array.
     */
    public static float[][][] mergeFlipped(float[][][] plain, float[][][] flipped, Skeleton skeleton) {
        int[] perm = skeleton.flipPermutation();
        int k = plain.length;
        int h = plain[0].length;
        int w = plain[0][0].length;
        float[][][] out = new float[k][h][w];
        for (int j = 0; j < k; j++) {
            float[][] src = flipped[perm[j]];
            for (int y = 0; y < h; y++) {
                float[] dst = out[j][y];
                float[] p = plain[j][y];
                float[] f = src[y];
                // mirrored: m[x] = f[w-1-x]; shifted right by one: s[x] = m[x-1] for x >= 1, s[0] = m[0]
                dst[0] = (p[0] + f[w - 1]) * 0.5f;
                for (int x = 1; x < w; x++) {
                    dst[x] = (p[x] + f[w - x]) * 0.5f;
                }
            }
        }
        return out;
    }

    /** Logistic function, for models whose heatmaps are logits. */
    public static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }
}
