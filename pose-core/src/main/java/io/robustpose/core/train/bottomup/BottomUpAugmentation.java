package io.robustpose.core.train.bottomup;

import java.util.SplittableRandom;

/**
 * HigherHRNet's training augmentation (lib/dataset/transforms: {@code RandomAffineTransform} then
 * {@code RandomHorizontalFlip}): the image's short side scaled to the square input ({@code SCALE_TYPE: short})
 * times a uniform factor, rotated, its centre shifted, and flipped; the same affine maps the joints and the
 * ignore mask to each output resolution.
 *
 * @param minScale        DATASET.MIN_SCALE (0.75 in the COCO configs)
 * @param maxScale        DATASET.MAX_SCALE (1.5)
 * @param maxRotation     DATASET.MAX_ROTATION in degrees (30), uniform in ±
 * @param maxTranslate    DATASET.MAX_TRANSLATE (40): the centre moves by an integer in
 *                        {@code [−40·scale, 40·scale)} pixels per axis ({@code np.random.randint})
 * @param flipProbability DATASET.FLIP (0.5)
 */
public record BottomUpAugmentation(double minScale, double maxScale, double maxRotation, double maxTranslate,
        double flipProbability) {

    /** The w32_512 / w48_640 COCO configs. */
    public static final BottomUpAugmentation COCO = new BottomUpAugmentation(0.75, 1.5, 30, 40, 0.5);
    /** No augmentation: the whole image, short side to the input, centred. */
    public static final BottomUpAugmentation NONE = new BottomUpAugmentation(1, 1, 0, 0, 0);

    public BottomUpAugmentation {
        if (!(minScale > 0 && maxScale >= minScale && maxRotation >= 0 && maxTranslate >= 0
                && flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("bad bottom-up augmentation: scale " + minScale + ".." + maxScale
                    + ", rotation " + maxRotation + ", translate " + maxTranslate + ", flip " + flipProbability);
        }
    }

    /**
     * The official augmentation with parts switched off as a training's augmentation settings say: scale 0 turns
     * off scaling and translation, rotation 0 the rotation, flip false the flip; non-zero values keep the official
     * ranges (the top-down values, e.g. scale 0.35 and rotation 40, do not apply to whole images).
     */
    public static BottomUpAugmentation from(io.robustpose.core.train.data.AugmentationConfig a) {
        BottomUpAugmentation c = COCO;
        boolean scale = a.scaleFactor() > 0;
        return new BottomUpAugmentation(scale ? c.minScale : 1, scale ? c.maxScale : 1,
                a.rotationFactor() > 0 && a.rotationProbability() > 0 ? c.maxRotation : 0, scale ? c.maxTranslate : 0,
                a.flip() ? c.flipProbability : 0);
    }

    /**
     * One sample's draw, in the official order: scale, rotation, dx, dy (only with translation), flip.
     *
     * @param scale  the box side in units of 200 px ({@code min(h, w)/200 × aug_scale})
     */
    public record Draw(double centerX, double centerY, double scale, double rotation, boolean flip) {

        /**
         * {@code _get_affine_matrix(center, scale, (res, res), rot)[:2]}: image pixels to a {@code res × res} map,
         * row-major 2×3.
         */
        public double[] matrix(int res) {
            double h = 200 * scale;
            double[][] t = {
                {res / h, 0, res * (-centerX / h + .5)},
                {0, res / h, res * (-centerY / h + .5)},
                {0, 0, 1}};
            if (rotation != 0) {
                double rad = -rotation * Math.PI / 180; // "to match direction of rotation from cropping"
                double sn = Math.sin(rad);
                double cs = Math.cos(rad);
                double[][] rot = {{cs, -sn, 0}, {sn, cs, 0}, {0, 0, 1}};
                double[][] toCentre = {{1, 0, -res / 2.0}, {0, 1, -res / 2.0}, {0, 0, 1}};
                double[][] back = {{1, 0, res / 2.0}, {0, 1, res / 2.0}, {0, 0, 1}};
                t = times(back, times(rot, times(toCentre, t)));
            }
            return new double[] {t[0][0], t[0][1], t[0][2], t[1][0], t[1][1], t[1][2]};
        }

        private static double[][] times(double[][] a, double[][] b) {
            double[][] c = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
                }
            }
            return c;
        }
    }

    /** The geometry of one sample of a {@code width × height} image. */
    public Draw draw(int width, int height, SplittableRandom rng) {
        double cx = width / 2.0;
        double cy = height / 2.0;
        double scale = Math.min(height, width) / 200.0;
        scale *= rng.nextDouble() * (maxScale - minScale) + minScale;
        double rotation = (rng.nextDouble() * 2 - 1) * maxRotation;
        if (maxTranslate > 0) {
            // np.random.randint(-t, t) with float bounds: truncated to integers, high exclusive
            long lo = (long) (-maxTranslate * scale);
            long hi = (long) (maxTranslate * scale);
            if (hi > lo) {
                cx += lo + rng.nextLong(hi - lo);
                cy += lo + rng.nextLong(hi - lo);
            }
        }
        boolean flip = rng.nextDouble() < flipProbability;
        return new Draw(cx, cy, scale, rotation, flip);
    }
}
