package io.robustpose.core.train;

import io.robustpose.core.Identified;
import io.robustpose.core.train.data.Proposals;
import java.util.Arrays;
import java.util.Optional;

/**
 * Training methods compared in the paper (AdvMix, its ablations and the mixing baselines).
 *
 * <p>They factor into how the training image is made and whether a frozen teacher distils into
 * the network (loss {@code (1−α)·L_hm + α·L_kd}, α = 0.1):
 * <table>
 * <caption>methods</caption>
 * <tr><th>id</th><th>training image</th><th>KD</th></tr>
 * <tr><td>standard</td><td>clean crop</td><td>no</td></tr>
 * <tr><td>advmix</td><td>generator's per-pixel mix of clean / AutoAugment / GridMask (adversarial)</td><td>yes</td></tr>
 * <tr><td>advmix-image</td><td>as advmix, one weight per proposal per image</td><td>yes</td></tr>
 * <tr><td>advmix-nokd</td><td>as advmix</td><td>no</td></tr>
 * <tr><td>equalmix</td><td>the three proposals averaged (1/3 each)</td><td>no</td></tr>
 * <tr><td>dirichletmix</td><td>per-image Dirichlet(1,1,1) weights (AugMix-style)</td><td>no</td></tr>
 * <tr><td>sequentialmix</td><td>GridMask(AutoAugment(crop)), augmentations chained</td><td>no</td></tr>
 * <tr><td>kd-only</td><td>clean crop</td><td>yes</td></tr>
 * </table>
 * The non-adversarial mixes are compared with advmix-nokd, kd-only with standard.
 */
public enum TrainingMethod implements Identified {
    STANDARD("standard"),
    ADVMIX("advmix"),
    ADVMIX_IMAGE("advmix-image"),
    ADVMIX_NOKD("advmix-nokd"),
    EQUALMIX("equalmix"),
    DIRICHLETMIX("dirichletmix"),
    SEQUENTIALMIX("sequentialmix"),
    KD_ONLY("kd-only");

    private final String id;

    TrainingMethod(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    public static Optional<TrainingMethod> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equalsIgnoreCase(id.trim())).findFirst();
    }

    /** Whether a frozen teacher (eval mode, clean image) adds the KD term. */
    public boolean usesTeacher() {
        return this == ADVMIX || this == ADVMIX_IMAGE || this == KD_ONLY;
    }

    /** Whether the adversarial augmentation generator is trained alongside. */
    public boolean usesGenerator() {
        return this == ADVMIX || this == ADVMIX_IMAGE || this == ADVMIX_NOKD;
    }

    /** The images each sample needs. */
    public Proposals proposals() {
        return switch (this) {
            case STANDARD, KD_ONLY -> Proposals.CLEAN;
            case SEQUENTIALMIX -> Proposals.CLEAN_SEQUENTIAL;
            default -> Proposals.CLEAN_AUTOAUGMENT_GRIDMASK;
        };
    }
}
