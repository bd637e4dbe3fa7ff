package io.robustpose.core.train.data;

import io.robustpose.core.inference.BoxTransform;
import java.util.random.RandomGenerator;
import org.opencv.core.Mat;

/**
 * The random top-down crop of one training sample, as HRNet's {@code JointsDataset.__getitem__}
 * draws it: optional half-body box, scale {@code s·clip(N(0,1)·sf + 1, 1−sf, 1+sf)}, rotation
 * {@code clip(N(0,1)·rf, −2rf, 2rf)} with probability 0.6, horizontal flip with probability 0.5
 * ({@code fliplr_joints}: x → width − x − 1, left/right swapped, invisible joints zeroed, center
 * mirrored). The flip is folded into the affine matrix instead of flipping the image: sampling the
 * mirrored image at (x', y) is sampling the original at (width − 1 − x', y).
 *
 * @param transform  center/scale/rotation (in the flipped image's frame when {@code flipped})
 * @param flipped    whether the crop is mirrored
 * @param imageWidth width of the source image (the flip axis)
 * @param joints     2·J joint coordinates in the network input's pixels
 * @param visibility J visibility flags after the flip permutation
 */
public record CropGeometry(BoxTransform transform, boolean flipped, int imageWidth, float[] joints,
        float[] visibility) {

    /**
     * Draws the crop of {@code record} for an {@code inputW × inputH} network input. With
     * {@code augment} false the crop is the plain box (validation).
     */
    public static CropGeometry draw(PersonRecord record, TrainingData data, AugmentationConfig aug, int inputW,
            int inputH, int imageWidth, RandomGenerator rng, boolean augment) {
        double aspect = inputW / (double) inputH;
        double cx;
        double cy;
        double sx;
        double sy;
        if (record.box() != null) {
            double[] b = record.box();
            BoxTransform t = BoxTransform.fromBox(b[0], b[1], b[2], b[3], inputW, inputH);
            cx = t.centerX();
            cy = t.centerY();
            sx = t.scaleX();
            sy = t.scaleY();
        } else {
            cx = record.centerX();
            cy = record.centerY();
            sx = record.scale();
            sy = record.scale() / aspect;
        }
        int j = record.jointCount();
        float[] joints = record.joints().clone();
        float[] vis = record.visibility().clone();
        double rotation = 0;
        boolean flip = false;
        if (augment) {
            if (aug.halfBodyProbability() > 0 && record.visibleJoints() > aug.halfBodyMinJoints()
                    && rng.nextDouble() < aug.halfBodyProbability()) {
                double[] half = halfBody(joints, vis, data, aspect, rng);
                if (half != null) {
                    cx = half[0];
                    cy = half[1];
                    sx = half[2];
                    sy = half[3];
                }
            }
            double sf = aug.scaleFactor();
            double f = clip(rng.nextGaussian() * sf + 1, 1 - sf, 1 + sf);
            sx *= f;
            sy *= f;
            double rf = aug.rotationFactor();
            if (rng.nextDouble() <= aug.rotationProbability()) {
                rotation = clip(rng.nextGaussian() * rf, -2 * rf, 2 * rf);
            }
            if (aug.flip() && rng.nextDouble() <= 0.5) {
                flip = true;
                int[] perm = data.skeleton().flipPermutation();
                float[] fj = new float[2 * j];
                float[] fv = new float[j];
                for (int k = 0; k < j; k++) {
                    int to = perm[k];
                    fj[2 * to] = (imageWidth - joints[2 * k] - 1) * vis[k];
                    fj[2 * to + 1] = joints[2 * k + 1] * vis[k];
                    fv[to] = vis[k];
                }
                joints = fj;
                vis = fv;
                cx = imageWidth - cx - 1;
            }
        }
        BoxTransform transform = new BoxTransform(cx, cy, sx, sy, rotation);
        double[] m = matrix(transform, inputW, inputH);
        float[] out = new float[2 * j];
        for (int k = 0; k < j; k++) {
            if (vis[k] > 0) {
                double x = joints[2 * k];
                double y = joints[2 * k + 1];
                out[2 * k] = (float) (m[0] * x + m[1] * y + m[2]);
                out[2 * k + 1] = (float) (m[3] * x + m[4] * y + m[5]);
            } else {
                out[2 * k] = joints[2 * k];
                out[2 * k + 1] = joints[2 * k + 1];
            }
        }
        return new CropGeometry(transform, flip, imageWidth, out, vis);
    }

    /** The 2×3 image → input matrix applied to the unflipped source image. */
    public double[] sourceMatrix(int inputW, int inputH) {
        double[] m = matrix(transform, inputW, inputH);
        if (flipped) {
            // x_flipped = W - 1 - x: M·[W-1-x, y, 1]
            double w1 = imageWidth - 1;
            return new double[] {-m[0], m[1], m[0] * w1 + m[2], -m[3], m[4], m[3] * w1 + m[5]};
        }
        return m;
    }

    private static double[] matrix(BoxTransform t, int inputW, int inputH) {
        Mat mat = t.affine(inputW, inputH, false);
        double[] m = new double[6];
        mat.get(0, 0, m);
        mat.release();
        return m;
    }

    /** HRNet's half_body_transform; null when fewer than 2 joints qualify. */
    private static double[] halfBody(float[] joints, float[] vis, TrainingData data, double aspect,
            RandomGenerator rng) {
        int j = vis.length;
        int upper = 0;
        int lower = 0;
        for (int k = 0; k < j; k++) {
            if (vis[k] > 0) {
                if (data.isUpperBody(k)) {
                    upper++;
                } else {
                    lower++;
                }
            }
        }
        // HRNet draws np.random.randn() < 0.5 here (not rand): upper body ~69% of the time
        boolean useUpper = rng.nextGaussian() < 0.5 && upper > 2;
        if (!useUpper) {
            useUpper = lower <= 2;
        }
        if ((useUpper ? upper : lower) < 2) {
            return null;
        }
        double sumX = 0;
        double sumY = 0;
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (int k = 0; k < j; k++) {
            if (vis[k] > 0 && data.isUpperBody(k) == useUpper) {
                double x = joints[2 * k];
                double y = joints[2 * k + 1];
                sumX += x;
                sumY += y;
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
                n++;
            }
        }
        double w = maxX - minX;
        double h = maxY - minY;
        if (w > aspect * h) {
            h = w / aspect;
        } else if (w < aspect * h) {
            w = h * aspect;
        }
        return new double[] {sumX / n, sumY / n, w / BoxTransform.PIXEL_STD * 1.5, h / BoxTransform.PIXEL_STD * 1.5};
    }

    private static double clip(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
