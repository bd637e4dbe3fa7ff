package io.robustpose.core.train.augment;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The AutoAugment ImageNet sub-policies AdvMix keeps (the authors' {@code ImageNetPolicy} in
 * lib/dataset/advaug.py without the operations that resemble benchmark corruptions), as DESIGN.md
 * lists them; one sub-policy is drawn uniformly per image (duplicates count twice) and each of its
 * two operations runs with its probability. Magnitude indices map as in the authors' {@code ranges}:
 * posterize {@code round(linspace(8, 4, 10))}, solarize {@code linspace(256, 0, 10)}, sharpness
 * {@code 1 ± linspace(0, 0.9, 10)} with a random sign; equalize and invert ignore it. The list is the
 * authors' final one (advaug.py since AdvMix 19ff3d2; 1554738 still had color and autocontrast). Every
 * operation in it works per channel, so BGR crops (the official SimpleBaseline training) get what PIL gives
 * the authors' BGR arrays.
 */
public final class AutoAugmentSubset {

    /** The operations of the subset. */
    public enum Op {
        EQUALIZE, POSTERIZE, SOLARIZE, INVERT, SHARPNESS
    }

    /** One (probability, operation, magnitude index) pair. */
    public record Step(double probability, Op op, int magnitude) {
    }

    /** Two steps applied in order. */
    public record SubPolicy(Step first, Step second) {
        static SubPolicy of(double p1, Op op1, int m1, double p2, Op op2, int m2) {
            return new SubPolicy(new Step(p1, op1, m1), new Step(p2, op2, m2));
        }
    }

    /** DESIGN.md §3 "AdvMix as the authors implemented it": 12 entries, duplicates included. */
    public static final List<SubPolicy> POLICIES = List.of(
            SubPolicy.of(0.8, Op.EQUALIZE, 8, 0.6, Op.EQUALIZE, 3),
            SubPolicy.of(0.8, Op.EQUALIZE, 8, 0.6, Op.EQUALIZE, 3),
            SubPolicy.of(0.6, Op.POSTERIZE, 7, 0.6, Op.POSTERIZE, 6),
            SubPolicy.of(0.4, Op.EQUALIZE, 7, 0.2, Op.SOLARIZE, 4),
            SubPolicy.of(0.4, Op.EQUALIZE, 7, 0.2, Op.SOLARIZE, 4),
            SubPolicy.of(0.6, Op.SOLARIZE, 3, 0.6, Op.EQUALIZE, 7),
            SubPolicy.of(0.8, Op.POSTERIZE, 5, 1.0, Op.EQUALIZE, 2),
            SubPolicy.of(0.6, Op.EQUALIZE, 8, 0.4, Op.POSTERIZE, 6),
            SubPolicy.of(0.0, Op.EQUALIZE, 7, 0.8, Op.EQUALIZE, 8),
            SubPolicy.of(0.6, Op.INVERT, 4, 1.0, Op.EQUALIZE, 8),
            SubPolicy.of(0.6, Op.INVERT, 4, 1.0, Op.EQUALIZE, 8),
            SubPolicy.of(0.4, Op.SHARPNESS, 7, 0.6, Op.INVERT, 8));

    private AutoAugmentSubset() {
    }

    /** {@code np.round(np.linspace(8, 4, 10), 0).astype(int)[m]}: 8 8 7 7 6 6 5 5 4 4. */
    public static int posterizeBits(int m) {
        return (int) Math.round(8 + (4 - 8) * m / 9.0);
    }

    /** {@code np.linspace(256, 0, 10)[m]}. */
    public static double solarizeThreshold(int m) {
        return 256 + (0 - 256) * m / 9.0;
    }

    /** {@code np.linspace(0, 0.9, 10)[m]}. */
    public static double enhanceMagnitude(int m) {
        return 0.9 * m / 9.0;
    }

    /** Applies one randomly drawn sub-policy to an interleaved 8-bit image, in place; returns its index. */
    public static int apply(byte[] pixels, int width, int height, int channels, RandomGenerator rng) {
        int index = rng.nextInt(POLICIES.size());
        SubPolicy p = POLICIES.get(index);
        applyStep(p.first(), pixels, width, height, channels, rng);
        applyStep(p.second(), pixels, width, height, channels, rng);
        return index;
    }

    static void applyStep(Step s, byte[] pixels, int width, int height, int channels, RandomGenerator rng) {
        if (!(rng.nextDouble() < s.probability())) {
            return;
        }
        switch (s.op()) {
            case EQUALIZE -> PilOps.equalize(pixels, channels);
            case POSTERIZE -> PilOps.posterize(pixels, posterizeBits(s.magnitude()));
            case SOLARIZE -> PilOps.solarize(pixels, solarizeThreshold(s.magnitude()));
            case INVERT -> PilOps.invert(pixels);
            case SHARPNESS -> {
                double m = enhanceMagnitude(s.magnitude());
                float factor = (float) (1 + m * (rng.nextBoolean() ? 1 : -1));
                PilOps.sharpness(pixels, width, height, channels, factor);
            }
            default -> throw new IllegalStateException(s.op().toString());
        }
    }
}
