package io.robustpose.core.train;

import io.robustpose.core.Identified;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.train.data.Proposals;
import java.util.Arrays;
import java.util.List;
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
 * <tr><td>advmix-stylized</td><td>as advmix, over the dataset plus a stylized copy of it (the authors'
 * {@code --stylize_image}); AutoAugment and GridMask skipped on stylized images</td><td>yes</td></tr>
 * <tr><td>equalmix</td><td>the three proposals averaged (1/3 each)</td><td>no</td></tr>
 * <tr><td>dirichletmix</td><td>per-image Dirichlet(1,1,1) weights (AugMix-style)</td><td>no</td></tr>
 * <tr><td>sequentialmix</td><td>GridMask(AutoAugment(crop)), augmentations chained</td><td>no</td></tr>
 * <tr><td>kd-only</td><td>clean crop</td><td>yes</td></tr>
 * <tr><td>transfer-&lt;corruption&gt;</td><td>the full image corrupted with one benchmark corruption at a random
 * severity 1..5 before the crop (the paper's Table 4, the authors' {@code --random_corruption} path with one
 * corruption)</td><td>no</td></tr>
 * <tr><td>transfer-mixed</td><td>as transfer, the corruption drawn from the four per sample</td><td>no</td></tr>
 * <tr><td>fpd</td><td>clean crop</td><td>yes, from a teacher of another (stronger) architecture, α 0.5
 * (Fast Pose Distillation, Zhang et al. CVPR 2019; the paper's Table 5)</td></tr>
 * </table>
 * The non-adversarial mixes are compared with advmix-nokd, kd-only with standard.
 */
public enum TrainingMethod implements Identified {
    STANDARD("standard"),
    ADVMIX("advmix"),
    ADVMIX_IMAGE("advmix-image"),
    ADVMIX_NOKD("advmix-nokd"),
    ADVMIX_STYLIZED("advmix-stylized"),
    EQUALMIX("equalmix"),
    DIRICHLETMIX("dirichletmix"),
    SEQUENTIALMIX("sequentialmix"),
    KD_ONLY("kd-only"),
    TRANSFER_GAUSSIAN_NOISE("transfer-gaussian_noise"),
    TRANSFER_DEFOCUS_BLUR("transfer-defocus_blur"),
    TRANSFER_SNOW("transfer-snow"),
    TRANSFER_CONTRAST("transfer-contrast"),
    TRANSFER_MIXED("transfer-mixed"),
    FPD("fpd");

    /**
     * The paper's Table 4 trains with one test-time corruption of each category: noise, blur,
     * weather, digital.
     */
    private static final List<Corruption> TRANSFER_SET = List.of(Corruption.GAUSSIAN_NOISE, Corruption.DEFOCUS_BLUR,
            Corruption.SNOW, Corruption.CONTRAST);

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
        return this == ADVMIX || this == ADVMIX_IMAGE || this == ADVMIX_STYLIZED || this == KD_ONLY || this == FPD;
    }

    /** α of the KD term: the authors' 0.1 (AdvMix), FPD's 0.5 ("α = 0.5" in Zhang et al.). */
    public double defaultKdAlpha() {
        return this == FPD ? 0.5 : 0.1;
    }

    /** Whether the run trains on the dataset plus a stylized copy of it (needs the stylized images). */
    public boolean usesStylizedSource() {
        return this == ADVMIX_STYLIZED;
    }

    /** The corruptions a transfer method trains with (one drawn per sample), empty for the others. */
    public List<Corruption> trainingCorruptions() {
        return switch (this) {
            case TRANSFER_GAUSSIAN_NOISE -> List.of(Corruption.GAUSSIAN_NOISE);
            case TRANSFER_DEFOCUS_BLUR -> List.of(Corruption.DEFOCUS_BLUR);
            case TRANSFER_SNOW -> List.of(Corruption.SNOW);
            case TRANSFER_CONTRAST -> List.of(Corruption.CONTRAST);
            case TRANSFER_MIXED -> TRANSFER_SET;
            default -> List.of();
        };
    }

    /** Whether the adversarial augmentation generator is trained alongside. */
    public boolean usesGenerator() {
        return this == ADVMIX || this == ADVMIX_IMAGE || this == ADVMIX_NOKD || this == ADVMIX_STYLIZED;
    }

    /** The images each sample needs. */
    public Proposals proposals() {
        return switch (this) {
            case STANDARD, KD_ONLY, FPD, TRANSFER_GAUSSIAN_NOISE, TRANSFER_DEFOCUS_BLUR, TRANSFER_SNOW,
                    TRANSFER_CONTRAST, TRANSFER_MIXED -> Proposals.CLEAN;
            case SEQUENTIALMIX -> Proposals.CLEAN_SEQUENTIAL;
            default -> Proposals.CLEAN_AUTOAUGMENT_GRIDMASK;
        };
    }
}
