package io.robustpose.core.inference;

/**
 * Heatmap decoding as SimpleBaseline / HRNet do it: per joint the argmax, moved a quarter pixel
 * toward the higher neighbour on each axis ({@code get_final_preds}), with the maximum as the
 * joint's confidence; DARK's sub-pixel refinement as an option; and the flip test's merge of a
 * horizontally flipped prediction.
 */
public final class Heatmaps {
    private Heatmaps() {
    }

    /** A joint location in heatmap-grid coordinates and its confidence. */
    public record Peak(double x, double y, double score) {
    }

    /** {@code hm} is [K][h][w]; returns K peaks in grid coordinates. */
    public static Peak[] decode(float[][][] hm) {
        Peak[] out = argmax(hm);
        for (int k = 0; k < hm.length; k++) {
            float[][] m = hm[k];
            int bx = (int) out[k].x();
            int by = (int) out[k].y();
            // HRNet's get_final_preds: `if 1 < px < heatmap_width-1 and 1 < py < heatmap_height-1` — a peak in
            // the second column or row is not refined (nor one on the border, nor a non-positive maximum)
            if (out[k].score() > 0 && bx > 1 && bx < m[0].length - 1 && by > 1 && by < m.length - 1) {
                out[k] = new Peak(bx + 0.25 * Math.signum(m[by][bx + 1] - m[by][bx - 1]),
                        by + 0.25 * Math.signum(m[by + 1][bx] - m[by - 1][bx]), out[k].score());
            }
        }
        return out;
    }

    /** DARK's modulation kernel (Zhang et al., CVPR 2020; their released code uses 11). */
    public static final int DARK_KERNEL = 11;

    /**
     * DARK decoding (Zhang et al., "Distribution-Aware Coordinate Representation for Human Pose
     * Estimation", CVPR 2020): each heatmap is smoothed with an 11×11 Gaussian (zero border, OpenCV's
     * sigma for that size = 2.0) and rescaled to its original maximum, its log taken (floored at
     * 1e-10), and the argmax refined by one Newton step of a second-order Taylor expansion:
     * {@code μ = m − H⁻¹·∇}, derivatives by central differences as in the released code (which
     * only refines 2 pixels or more from the border). Confidences stay the plain maxima.
     */
    public static Peak[] decodeDark(float[][][] hm) {
        io.robustpose.core.image.OpenCv.load();
        Peak[] plain = argmax(hm);
        Peak[] out = new Peak[hm.length];
        int border = (DARK_KERNEL - 1) / 2;
        for (int k = 0; k < hm.length; k++) {
            float[][] m = hm[k];
            int h = m.length;
            int w = m[0].length;
            double max = plain[k].score();
            org.opencv.core.Mat padded = org.opencv.core.Mat.zeros(h + 2 * border, w + 2 * border, org.opencv.core.CvType.CV_32F);
            for (int y = 0; y < h; y++) {
                padded.put(y + border, border, m[y]);
            }
            org.opencv.core.Mat blurred = new org.opencv.core.Mat();
            org.opencv.imgproc.Imgproc.GaussianBlur(padded, blurred, new org.opencv.core.Size(DARK_KERNEL, DARK_KERNEL), 0);
            float[][] b = new float[h][w];
            double blurredMax = -Double.MAX_VALUE;
            for (int y = 0; y < h; y++) {
                blurred.get(y + border, border, b[y]);
                for (float v : b[y]) {
                    blurredMax = Math.max(blurredMax, v);
                }
            }
            padded.release();
            blurred.release();
            double px = plain[k].x();
            double py = plain[k].y();
            int ix = (int) px;
            int iy = (int) py;
            if (max > 0 && ix > 1 && ix < w - 2 && iy > 1 && iy < h - 2) {
                // the log of the rescaled, floored map, only where the differences read it
                double ratio = max / blurredMax;
                double c = logAt(b, ix, iy, ratio);
                double dx = 0.5 * (logAt(b, ix + 1, iy, ratio) - logAt(b, ix - 1, iy, ratio));
                double dy = 0.5 * (logAt(b, ix, iy + 1, ratio) - logAt(b, ix, iy - 1, ratio));
                double dxx = 0.25 * (logAt(b, ix + 2, iy, ratio) - 2 * c + logAt(b, ix - 2, iy, ratio));
                double dxy = 0.25 * (logAt(b, ix + 1, iy + 1, ratio) - logAt(b, ix + 1, iy - 1, ratio)
                        - logAt(b, ix - 1, iy + 1, ratio) + logAt(b, ix - 1, iy - 1, ratio));
                double dyy = 0.25 * (logAt(b, ix, iy + 2, ratio) - 2 * c + logAt(b, ix, iy - 2, ratio));
                double det = dxx * dyy - dxy * dxy;
                if (det != 0) {
                    px -= (dyy * dx - dxy * dy) / det;
                    py -= (-dxy * dx + dxx * dy) / det;
                }
            }
            out[k] = new Peak(px, py, max);
        }
        return out;
    }

    /** log(max(blurred · ratio, 1e-10)) at (x, y), the rescaling in float32 as the released code. */
    private static double logAt(float[][] blurred, int x, int y, double ratio) {
        return Math.log(Math.max((float) (blurred[y][x] * ratio), 1e-10f));
    }

    /** The integer argmax of each heatmap (non-positive maxima at (0, 0), as get_max_preds). */
    private static Peak[] argmax(float[][][] hm) {
        Peak[] out = new Peak[hm.length];
        for (int k = 0; k < hm.length; k++) {
            int[] cell = argmaxCell(hm[k]);
            float best = hm[k][cell[1]][cell[0]];
            out[k] = best <= 0 ? new Peak(0, 0, best) : new Peak(cell[0], cell[1], best);
        }
        return out;
    }

    /** {@code {x, y}} of the first maximum of one map, row by row (numpy's argmax order). */
    static int[] argmaxCell(float[][] m) {
        int bx = 0;
        int by = 0;
        float best = m[0][0];
        for (int y = 0; y < m.length; y++) {
            for (int x = 0; x < m[0].length; x++) {
                if (m[y][x] > best) {
                    best = m[y][x];
                    bx = x;
                    by = y;
                }
            }
        }
        return new int[]{bx, by};
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
