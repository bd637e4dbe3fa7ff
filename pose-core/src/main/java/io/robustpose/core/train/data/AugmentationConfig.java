package io.robustpose.core.train.data;

import io.robustpose.core.dataset.DatasetFormat;

/**
 * The geometric training augmentation of HRNet's JointsDataset and the target parameters.
 *
 * @param scaleFactor           s·clip(N(0,1)·sf + 1, 1 − sf, 1 + sf): COCO 0.3 (res50 / w32 configs),
 *                              MPII 0.25
 * @param rotationFactor        clip(N(0,1)·rf, −2rf, 2rf) degrees: COCO 40, MPII 30 (HRNet's MPII configs)
 * @param rotationProbability   rotation applied with this probability (HRNet: 0.6), else 0°
 * @param flip                  horizontal flip with probability 0.5 and left/right joint swap
 * @param halfBodyProbability   HRNet's half-body transform (COCO configs 0.3, SimpleBaseline 0 = off)
 * @param halfBodyMinJoints     applied only to persons with more labelled joints than this (HRNet 8)
 * @param sigma                 Gaussian σ of the heatmap targets in heatmap pixels (2)
 */
public record AugmentationConfig(double scaleFactor, double rotationFactor, double rotationProbability, boolean flip,
        double halfBodyProbability, int halfBodyMinJoints, double sigma) {

    public AugmentationConfig {
        if (scaleFactor < 0 || scaleFactor >= 1) {
            throw new IllegalArgumentException("scaleFactor must be in [0, 1): " + scaleFactor);
        }
        if (rotationFactor < 0 || rotationProbability < 0 || rotationProbability > 1) {
            throw new IllegalArgumentException("bad rotation " + rotationFactor + " / p " + rotationProbability);
        }
        if (halfBodyProbability < 0 || halfBodyProbability > 1) {
            throw new IllegalArgumentException("halfBodyProbability must be in [0, 1]: " + halfBodyProbability);
        }
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive: " + sigma);
        }
    }

    /** COCO / OCHuman: scale ±0.3, rotation 40° w.p. 0.6, flip, no half-body, σ 2. */
    public static AugmentationConfig coco() {
        return new AugmentationConfig(0.3, 40, 0.6, true, 0.0, 8, 2.0);
    }

    /** MPII: scale ±0.25, rotation 30° w.p. 0.6 (HRNet's MPII configs), flip, σ 2. */
    public static AugmentationConfig mpii() {
        return new AugmentationConfig(0.25, 30, 0.6, true, 0.0, 8, 2.0);
    }

    public static AugmentationConfig forFormat(DatasetFormat format) {
        return format == DatasetFormat.MPII ? mpii() : coco();
    }

    /** An official recipe's augmentation (rotation with probability 0.6 and σ 2, as in all of them). */
    public static AugmentationConfig of(io.robustpose.core.train.Recipe r) {
        return new AugmentationConfig(r.scaleFactor, r.rotationFactor, 0.6, r.flip, r.halfBodyProbability,
                r.halfBodyMinJoints, 2.0);
    }

    /** This augmentation with what is given (non-null) changed: scale, rotation (degrees), flip, half-body probability. */
    public AugmentationConfig with(Double scale, Double rotation, Boolean flip, Double halfBody) {
        return new AugmentationConfig(scale != null ? scale : scaleFactor, rotation != null ? rotation : rotationFactor,
                rotationProbability, flip != null ? flip : this.flip, halfBody != null ? halfBody : halfBodyProbability,
                halfBodyMinJoints, sigma);
    }

    /** No randomness: the validation crop (box only). */
    public static AugmentationConfig none() {
        return new AugmentationConfig(0, 0, 0, false, 0, 8, 2.0);
    }

    public AugmentationConfig withHalfBody(double probability) {
        return new AugmentationConfig(scaleFactor, rotationFactor, rotationProbability, flip, probability,
                halfBodyMinJoints, sigma);
    }
}
