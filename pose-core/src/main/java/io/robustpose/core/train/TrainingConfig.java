package io.robustpose.core.train;

import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.data.AugmentationConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a training run needs besides its data. Build with {@link #builder}; defaults are the
 * official recipe (Adam lr 1e-3, ×0.1 at 170/210 and 200/210 of the run, 210 epochs, batch 32,
 * 256×192, MSE, α = 0.1).
 *
 * @param method               the {@link TrainingMethod}
 * @param architecture         the pose network
 * @param inputHeight          network input height (multiple of 32)
 * @param inputWidth           network input width (multiple of 32)
 * @param epochs               epochs of the run
 * @param batchSize            images per step
 * @param learningRate         base learning rate of both P and the generator
 * @param seed                 seeds the initialisation, shuffling and every augmentation
 * @param initCheckpoint       initial weights of P (a robustpose checkpoint, or any safetensors with
 *                             official keys, loaded partially); null = official random init
 * @param teacherCheckpoint    the frozen teacher for KD methods; null = {@code initCheckpoint}
 * @param outputDir            run directory: {@code checkpoints/} and the final {@code model.safetensors}
 * @param checkpointEverySteps checkpoint period in optimizer steps (0: only at epoch ends and on stop)
 * @param keepCheckpoints      how many step checkpoints to keep (≥ 1)
 * @param loss                 heatmap criterion (MSE as in the paper; the authors' code ran SmoothL1)
 * @param kdAlpha              α of {@code (1−α)·L_hm + α·L_kd}; NaN = the method's (AdvMix 0.1, FPD 0.5)
 * @param adversarialWeight    scale of the generator's loss {@code −w·L_hm} (authors: 1)
 * @param augmentation         geometric augmentation; null = by dataset format (COCO ±0.3 / 40°, MPII ±0.25 / 30°)
 * @param lrMilestones         milestones as fractions of the run
 * @param lrFactor             multiplier at each milestone
 * @param loaderThreads        data loading threads
 * @param prefetchBatches      batches prepared ahead (bounds loader memory)
 * @param generatorLevels      U-Net levels; 0 = 6 when the input sides are multiples of 64, else 5
 * @param validateEveryEpochs  run the validation hook every this many epochs (0: never)
 * @param resume               continue from the latest checkpoint in {@code outputDir} if there is one
 * @param teacherArchitecture  the teacher's network when it differs from P's (FPD distils a stronger
 *                             architecture); null = P's
 * @param augmentStylized      whether AutoAugment and GridMask also apply to stylized-source images
 *                             (the paper skips them: the authors' {@code sp_style}); false = skipped
 * @param accumulationSteps    micro-batches of {@code batchSize} whose gradients make one optimizer step:
 *                             the effective batch is {@code batchSize × accumulationSteps} (the paper's 8
 *                             GPUs × 32 images on a smaller machine: batch 32, accumulation 8)
 */
public record TrainingConfig(TrainingMethod method, Architecture architecture, int inputHeight, int inputWidth,
        int epochs, int batchSize, double learningRate, long seed, Path initCheckpoint, Path teacherCheckpoint,
        Path outputDir, int checkpointEverySteps, int keepCheckpoints, LossKind loss, double kdAlpha,
        double adversarialWeight, AugmentationConfig augmentation, double[] lrMilestones, double lrFactor,
        int loaderThreads, int prefetchBatches, int generatorLevels, int validateEveryEpochs, boolean resume,
        Architecture teacherArchitecture, boolean augmentStylized, int accumulationSteps) {

    public TrainingConfig {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(loss, "loss");
        if (inputHeight % 32 != 0 || inputWidth % 32 != 0 || inputHeight < 32 || inputWidth < 32) {
            throw new IllegalArgumentException("input " + inputHeight + "x" + inputWidth + " must be multiples of 32");
        }
        if (architecture.bottomUp() && inputHeight != inputWidth) {
            throw new IllegalArgumentException(architecture.id() + " is bottom-up: it trains on a square input "
                    + "(INPUT_SIZE 512 or 640), not " + inputHeight + "x" + inputWidth);
        }
        if (teacherArchitecture != null && teacherArchitecture.bottomUp() != architecture.bottomUp()) {
            throw new IllegalArgumentException("the teacher " + teacherArchitecture.id() + " and the network "
                    + architecture.id() + " must both be top-down or both bottom-up");
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be positive");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive: " + learningRate);
        }
        if (checkpointEverySteps < 0 || keepCheckpoints < 1) {
            throw new IllegalArgumentException("checkpointEverySteps ≥ 0 and keepCheckpoints ≥ 1 required");
        }
        if (Double.isNaN(kdAlpha)) {
            kdAlpha = method.defaultKdAlpha();
        }
        if (kdAlpha < 0 || kdAlpha > 1) {
            throw new IllegalArgumentException("kdAlpha must be in [0, 1]: " + kdAlpha);
        }
        if (loaderThreads < 1 || prefetchBatches < 1) {
            throw new IllegalArgumentException("loaderThreads and prefetchBatches must be positive");
        }
        if (accumulationSteps < 1) {
            throw new IllegalArgumentException("accumulationSteps must be positive: " + accumulationSteps);
        }
        lrMilestones = lrMilestones == null ? LrSchedule.OFFICIAL_MILESTONES.clone() : lrMilestones.clone();
    }

    /** The teacher actually used (the init checkpoint when none is given). */
    public Path effectiveTeacher() {
        return teacherCheckpoint != null ? teacherCheckpoint : initCheckpoint;
    }

    public static Builder builder(TrainingMethod method, Architecture architecture, Path outputDir) {
        return new Builder(method, architecture, outputDir);
    }

    public Builder toBuilder() {
        Builder b = new Builder(method, architecture, outputDir);
        b.inputHeight = inputHeight;
        b.inputWidth = inputWidth;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.seed = seed;
        b.initCheckpoint = initCheckpoint;
        b.teacherCheckpoint = teacherCheckpoint;
        b.checkpointEverySteps = checkpointEverySteps;
        b.keepCheckpoints = keepCheckpoints;
        b.loss = loss;
        b.kdAlpha = kdAlpha;
        b.adversarialWeight = adversarialWeight;
        b.augmentation = augmentation;
        b.lrMilestones = lrMilestones;
        b.lrFactor = lrFactor;
        b.loaderThreads = loaderThreads;
        b.prefetchBatches = prefetchBatches;
        b.generatorLevels = generatorLevels;
        b.validateEveryEpochs = validateEveryEpochs;
        b.resume = resume;
        b.teacherArchitecture = teacherArchitecture;
        b.augmentStylized = augmentStylized;
        b.accumulationSteps = accumulationSteps;
        return b;
    }

    /** Fluent construction with the official defaults. */
    public static final class Builder {
        private TrainingMethod method;
        private Architecture architecture;
        private Path outputDir;
        private int inputHeight = 256;
        private int inputWidth = 192;
        private int epochs = 210;
        private int batchSize = 32;
        private double learningRate = 1e-3;
        private long seed = 0;
        private Path initCheckpoint;
        private Path teacherCheckpoint;
        private int checkpointEverySteps = 1000;
        private int keepCheckpoints = 2;
        private LossKind loss = LossKind.MSE;
        private double kdAlpha = Double.NaN; // the method's default (AdvMix 0.1, FPD 0.5)
        private Architecture teacherArchitecture;
        private boolean augmentStylized;
        private double adversarialWeight = 1.0;
        private int accumulationSteps = 1;
        private AugmentationConfig augmentation;
        private double[] lrMilestones;
        private double lrFactor = LrSchedule.OFFICIAL_FACTOR;
        private int loaderThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private int prefetchBatches = 4;
        private int generatorLevels;
        private int validateEveryEpochs = 1;
        private boolean resume = true;

        private Builder(TrainingMethod method, Architecture architecture, Path outputDir) {
            this.method = method;
            this.architecture = architecture;
            this.outputDir = outputDir;
        }

        public Builder method(TrainingMethod v) {
            method = v;
            return this;
        }

        public Builder architecture(Architecture v) {
            architecture = v;
            return this;
        }

        public Builder outputDir(Path v) {
            outputDir = v;
            return this;
        }

        public Builder input(int height, int width) {
            inputHeight = height;
            inputWidth = width;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder initCheckpoint(Path v) {
            initCheckpoint = v;
            return this;
        }

        public Builder teacherCheckpoint(Path v) {
            teacherCheckpoint = v;
            return this;
        }

        public Builder checkpointEverySteps(int v) {
            checkpointEverySteps = v;
            return this;
        }

        public Builder keepCheckpoints(int v) {
            keepCheckpoints = v;
            return this;
        }

        public Builder loss(LossKind v) {
            loss = v;
            return this;
        }

        public Builder kdAlpha(double v) {
            kdAlpha = v;
            return this;
        }

        public Builder adversarialWeight(double v) {
            adversarialWeight = v;
            return this;
        }

        public Builder augmentation(AugmentationConfig v) {
            augmentation = v;
            return this;
        }

        public Builder lrMilestones(double... fractions) {
            lrMilestones = fractions;
            return this;
        }

        public Builder lrFactor(double v) {
            lrFactor = v;
            return this;
        }

        public Builder loaderThreads(int v) {
            loaderThreads = v;
            return this;
        }

        public Builder prefetchBatches(int v) {
            prefetchBatches = v;
            return this;
        }

        public Builder generatorLevels(int v) {
            generatorLevels = v;
            return this;
        }

        public Builder validateEveryEpochs(int v) {
            validateEveryEpochs = v;
            return this;
        }

        public Builder resume(boolean v) {
            resume = v;
            return this;
        }

        /** The teacher's architecture when it differs from P's (FPD). */
        public Builder teacherArchitecture(Architecture v) {
            teacherArchitecture = v;
            return this;
        }

        /** Apply AutoAugment and GridMask to stylized-source images too (default: skipped, as the paper). */
        public Builder augmentStylized(boolean v) {
            augmentStylized = v;
            return this;
        }

        /** Micro-batches per optimizer step (gradient accumulation; effective batch = batch × steps). */
        public Builder accumulationSteps(int v) {
            accumulationSteps = v;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(method, architecture, inputHeight, inputWidth, epochs, batchSize, learningRate,
                    seed, initCheckpoint, teacherCheckpoint, outputDir, checkpointEverySteps, keepCheckpoints, loss,
                    kdAlpha, adversarialWeight, augmentation, lrMilestones, lrFactor, loaderThreads, prefetchBatches,
                    generatorLevels, validateEveryEpochs, resume, teacherArchitecture, augmentStylized,
                    accumulationSteps);
        }
    }
}
