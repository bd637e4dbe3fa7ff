package io.robustpose.core.train.data;

/** Which images a training sample carries besides the clean crop. */
public enum Proposals {
    /** The clean crop only (standard, kd-only). */
    CLEAN,
    /** AdvMix's k + 1 = 3 proposals: clean, AutoAugment subset, GridMask. */
    CLEAN_AUTOAUGMENT_GRIDMASK,
    /** Clean plus one image with the augmentations chained: GridMask(normalize(AutoAugment(crop))). */
    CLEAN_SEQUENTIAL;

    /** Images besides the clean one. */
    public int extraImages() {
        return switch (this) {
            case CLEAN -> 0;
            case CLEAN_AUTOAUGMENT_GRIDMASK -> 2;
            case CLEAN_SEQUENTIAL -> 1;
        };
    }
}
