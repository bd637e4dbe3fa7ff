package io.robustpose.core.train;

import io.robustpose.core.Identified;
import io.robustpose.core.model.Architecture;

import java.util.List;
import java.util.Optional;

/**
 * The official training recipes as data: what the authors' configuration files say, per network and
 * dataset. Each constant names the file it mirrors; {@code RecipeTest} checks every value against the
 * line it comes from. Rotation is applied with probability 0.6 and the heatmap σ is 2 in all of them
 * (HRNet's {@code JointsDataset} and {@code MODEL.SIGMA}); the optimizer is Adam without weight decay
 * ({@code get_optimizer}: {@code optim.Adam(params, lr)}, the yaml's WD is not used for Adam).
 *
 * @param batchPerDevice  {@code TRAIN.BATCH_SIZE_PER_GPU}
 * @param devices         the number of GPUs in {@code GPUS} (effective batch = batchPerDevice × devices)
 * @param loss            the AdvMix repository's criterion is SmoothL1 for every method (its
 *                        {@code JointsMSELoss(smooth_L1=False)} selects {@code nn.SmoothL1Loss}); HRNet's
 *                        own repository uses MSE
 */
public enum Recipe implements Identified {
    /** AIprogrammer/AdvMix {@code experiments/coco/resnet/res50_256x192_d256x3_adam_lr1e-3_advmix.yaml}. */
    OFFICIAL_RES50_COCO("official-res50-coco", Architecture.SIMPLEBASELINE_RESNET50, 256, 192, 140, 1e-3,
            List.of(90, 120), 0.1, 32, 8, 0.3, 40, true, 0.0, 8, LossKind.SMOOTH_L1, false,
            "AIprogrammer/AdvMix experiments/coco/resnet/res50_256x192_d256x3_adam_lr1e-3_advmix.yaml"),
    /** AIprogrammer/AdvMix {@code experiments/mpii/resnet/res50_256x256_d256x3_adam_lr1e-3_advmix.yaml}. */
    OFFICIAL_RES50_MPII("official-res50-mpii", Architecture.SIMPLEBASELINE_RESNET50, 256, 256, 140, 1e-3,
            List.of(90, 120), 0.1, 32, 8, 0.25, 30, true, 0.0, 8, LossKind.SMOOTH_L1, false,
            "AIprogrammer/AdvMix experiments/mpii/resnet/res50_256x256_d256x3_adam_lr1e-3_advmix.yaml"),
    /** AIprogrammer/AdvMix {@code experiments/mpii/hrnet/w32_256x256_adam_lr1e-3_advmix.yaml}. */
    OFFICIAL_HRNET_W32_MPII("official-hrnet-w32-mpii", Architecture.HRNET_W32, 256, 256, 210, 1e-3,
            List.of(170, 200), 0.1, 32, 8, 0.25, 30, true, 0.0, 8, LossKind.SMOOTH_L1, true,
            "AIprogrammer/AdvMix experiments/mpii/hrnet/w32_256x256_adam_lr1e-3_advmix.yaml"),
    /** leoxiaobin/deep-high-resolution-net.pytorch {@code experiments/coco/hrnet/w32_256x192_adam_lr1e-3.yaml}. */
    OFFICIAL_HRNET_W32_COCO("official-hrnet-w32-coco", Architecture.HRNET_W32, 256, 192, 210, 1e-3,
            List.of(170, 200), 0.1, 32, 4, 0.35, 45, true, 0.3, 8, LossKind.MSE, true,
            "leoxiaobin/deep-high-resolution-net.pytorch experiments/coco/hrnet/w32_256x192_adam_lr1e-3.yaml");

    private final String id;
    public final Architecture architecture;
    public final int inputHeight;
    public final int inputWidth;
    public final int epochs;
    public final double lr;
    public final List<Integer> lrSteps;
    public final double lrFactor;
    public final int batchPerDevice;
    public final int devices;
    public final double scaleFactor;
    public final double rotationFactor;
    public final boolean flip;
    public final double halfBodyProbability;
    public final int halfBodyMinJoints;
    public final LossKind loss;
    /** {@code DATASET.COLOR_RGB}: false means the network was trained on BGR input. */
    public final boolean colorRgb;
    public final String source;

    Recipe(String id, Architecture architecture, int inputHeight, int inputWidth, int epochs, double lr,
           List<Integer> lrSteps, double lrFactor, int batchPerDevice, int devices, double scaleFactor,
           double rotationFactor, boolean flip, double halfBodyProbability, int halfBodyMinJoints, LossKind loss,
           boolean colorRgb, String source) {
        this.id = id;
        this.architecture = architecture;
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
        this.epochs = epochs;
        this.lr = lr;
        this.lrSteps = lrSteps;
        this.lrFactor = lrFactor;
        this.batchPerDevice = batchPerDevice;
        this.devices = devices;
        this.scaleFactor = scaleFactor;
        this.rotationFactor = rotationFactor;
        this.flip = flip;
        this.halfBodyProbability = halfBodyProbability;
        this.halfBodyMinJoints = halfBodyMinJoints;
        this.loss = loss;
        this.colorRgb = colorRgb;
        this.source = source;
    }

    @Override
    public String id() {
        return id;
    }

    public static Optional<Recipe> byId(String id) {
        return java.util.Arrays.stream(values()).filter(r -> r.id.equalsIgnoreCase(id.trim())).findFirst();
    }

    /** PyTorch MultiStepLR's rate in 0-based epoch {@code epoch}: lr · factor^(milestones ≤ epoch). */
    public double lrAt(int epoch) {
        return MultiStep.rate(lr, lrFactor, lrSteps.stream().mapToLong(Integer::longValue).toArray(), epoch);
    }

    /** One line a user can check against the yaml. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s (%s): %s %dx%d, %d epochs, Adam lr %g x%s at %s, batch %d per "
                        + "device x %d devices, %s loss, scale +-%s, rotation %s deg (p 0.6), flip %s, half-body %s, "
                        + "%s input", id, source, architecture.id(), inputHeight, inputWidth, epochs, lr, lrFactor,
                lrSteps, batchPerDevice, devices, loss == LossKind.MSE ? "MSE" : "SmoothL1", scaleFactor,
                rotationFactor, flip ? "on" : "off", halfBodyProbability, colorRgb ? "RGB" : "BGR");
    }
}
