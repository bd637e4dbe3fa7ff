package io.robustpose.cli;

import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.LossKind;
import io.robustpose.core.train.Recipe;
import io.robustpose.core.train.TrainingConfig;
import io.robustpose.core.train.TrainingMethod;
import io.robustpose.core.train.data.AugmentationConfig;
import io.robustpose.core.train.data.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** The options of a training run, shared by {@code train} and {@code trace-steps}. */
final class TrainingOptions {
    @Option(names = "--method", defaultValue = "standard", completionCandidates = Options.MethodIds.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--arch", completionCandidates = Options.ArchitectureIds.class,
            description = "${COMPLETION-CANDIDATES} (default: the recipe's)")
    String arch;

    @Option(names = "--recipe", completionCandidates = Options.RecipeIds.class, description = "an official training "
            + "recipe: ${COMPLETION-CANDIDATES}; it sets the architecture, input, epochs, learning rate "
            + "and steps, batch per device, loss and augmentation, and any option given explicitly wins")
    String recipe;

    @Option(names = "--format", required = true, completionCandidates = Options.FormatIds.class,
            description = "${COMPLETION-CANDIDATES}")
    String format;

    @Option(names = "--images", required = true)
    Path images;

    @Option(names = "--annotations", required = true)
    Path annotations;

    @Option(names = "--init", description = "initial weights (checkpoint / safetensors with official keys)")
    Path init;

    @Option(names = "--teacher", description = "teacher for the KD methods (default: --init)")
    Path teacher;

    @Option(names = "--epochs", description = "required unless --recipe gives it")
    Integer epochs;

    @Option(names = "--batch", description = "(default: the recipe's, else 32)")
    Integer batch;

    @Option(names = "--accumulate", paramLabel = "N", description = "micro-batches of --batch per optimizer step "
            + "(effective batch = batch x N, spread over the devices: on N GPUs one each, on fewer accumulated; "
            + "default: with a recipe its GPU count, so any device count reproduces the official effective batch; "
            + "else 1)")
    Integer accumulate;

    @Option(names = "--lr-factor", description = "multiplier at each LR step (default: the recipe's, else 0.1)")
    Double lrFactor;

    @Option(names = "--scale-factor", description = "augmentation: random scale ± this fraction (default: the recipe's, "
            + "else 0.3 for COCO/OCHuman, 0.25 for MPII)")
    Double scaleFactor;

    @Option(names = "--rotation", description = "augmentation: random rotation up to ± this many degrees, with "
            + "probability 0.6 (default: the recipe's, else 40 for COCO/OCHuman, 30 for MPII)")
    Double rotation;

    @Option(names = "--no-flip", description = "augmentation: no horizontal flips")
    boolean noFlip;

    @Option(names = "--half-body", paramLabel = "P", description = "augmentation: half-body crops with this probability "
            + "(default: the recipe's, else 0)")
    Double halfBody;

    @Option(names = "--lr", description = "(default: the recipe's, else 0.001)")
    Double lr;

    @Option(names = "--lr-steps", description = "epochs at which the learning rate is multiplied by 0.1, e.g. 90,120 "
            + "(default: 170/210 and 200/210 of the run)")
    String lrSteps;

    @Option(names = "--loss", description = "heatmap criterion: mse | smoothl1 (the authors' code) "
            + "(default: the recipe's, else mse)")
    String loss;

    @Option(names = "--kd-alpha", description = "α of (1−α)·L_hm + α·L_kd (default: the method's, AdvMix 0.1, FPD 0.5)")
    Double kdAlpha;

    @Option(names = "--teacher-arch", completionCandidates = Options.ArchitectureIds.class,
            description = "the teacher's architecture when it differs from --arch (fpd): ${COMPLETION-CANDIDATES}")
    String teacherArch;

    @Option(names = "--stylized", description = "a stylized copy of --images (same relative paths) trained on as a "
            + "second source (advmix-stylized; see 'robustpose stylize')")
    Path stylized;

    @Option(names = "--augment-stylized", description = "apply AutoAugment and GridMask to the stylized images too "
            + "(default: skipped, as the paper)")
    boolean augmentStylized;

    @Option(names = "--input", description = "HEIGHTxWIDTH, multiples of 32 (default: the recipe's, else 256x192)")
    String input;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "data loading threads (default: ${DEFAULT-VALUE})")
    int threads;

    TrainingMethod method() {
        return Options.method("--method", method);
    }

    Recipe recipe() {
        if (recipe == null) {
            return null;
        }
        return Options.recipe("--recipe", recipe);
    }

    Architecture architecture() {
        Recipe r = recipe();
        if (arch == null) {
            if (r == null) {
                throw new IllegalArgumentException("--arch is required (or --recipe)");
            }
            return r.architecture;
        }
        Architecture a = Options.architecture("--arch", arch);
        if (r != null && r.architecture != a) {
            throw new IllegalArgumentException("--recipe " + r.id() + " trains " + r.architecture.id() + ", not " + a.id());
        }
        return a;
    }

    /** The run's length: given, or the recipe's; never a silent default. */
    int epochs() {
        if (epochs != null) {
            return epochs;
        }
        Recipe r = recipe();
        if (r == null) {
            throw new IllegalArgumentException("--epochs is required (or --recipe)");
        }
        return r.epochs;
    }

    static LossKind lossKind(String value) {
        return switch (value.toLowerCase().replace("_", "").replace("-", "")) {
            case "mse" -> LossKind.MSE;
            case "smoothl1" -> LossKind.SMOOTH_L1;
            default -> throw new IllegalArgumentException("--loss: unknown '" + value + "' (allowed: mse, smoothl1)");
        };
    }

    /** "90,120" of a run of {@code epochs} → milestone fractions. */
    static double[] lrSteps(String value, int epochs) {
        String[] parts = value.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int e;
            try {
                e = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("--lr-steps: '" + parts[i].trim() + "' is not an epoch number");
            }
            if (e < 1 || e > epochs) {
                throw new IllegalArgumentException("--lr-steps: " + e + " is outside the run's epochs 1.." + epochs);
            }
            out[i] = (double) e / epochs;
        }
        return out;
    }

    TrainingConfig.Builder builder(Path out) {
        Recipe r = recipe();
        int epochs = epochs();
        // HigherHRNet's INPUT_SIZE 512 (w32_512) for bottom-up networks
        int[] hw = input != null ? Options.inputSize(input) : r != null ? new int[] {r.inputHeight, r.inputWidth}
                : Options.inputSize(architecture().bottomUp() ? "512x512" : "256x192");
        TrainingConfig.Builder b = TrainingConfig.builder(method(), architecture(), out).input(hw[0], hw[1])
                .epochs(epochs).batchSize(batch != null ? batch : r != null ? r.batchPerDevice : 32)
                .learningRate(lr != null ? lr : r != null ? r.lr : 1e-3).seed(seed).loaderThreads(threads)
                .loss(loss != null ? lossKind(loss) : r != null ? r.loss : LossKind.MSE).augmentStylized(augmentStylized);
        int steps = accumulate != null ? accumulate : r != null ? r.devices : 1;
        b.accumulationSteps(steps);
        if (steps > 1) {
            System.err.println("gradient accumulation: " + steps + " micro-batches per step, effective batch "
                    + (batch != null ? batch : r != null ? r.batchPerDevice : 32) * steps);
        }
        if (r != null) {
            b.augmentation(AugmentationConfig.of(r)).lrFactor(r.lrFactor);
            if (lrSteps == null && this.epochs == null) {
                b.lrMilestones(r.lrSteps.stream().mapToDouble(e -> (double) e / epochs).toArray());
            }
            System.err.println("recipe " + r.describe());
        }
        if (lrFactor != null) {
            b.lrFactor(lrFactor);
        }
        if (scaleFactor != null || rotation != null || noFlip || halfBody != null) {
            AugmentationConfig base = r != null ? AugmentationConfig.of(r) : AugmentationConfig.forFormat(format());
            b.augmentation(base.with(scaleFactor, rotation, noFlip ? Boolean.FALSE : null, halfBody));
        }
        if (kdAlpha != null) {
            b.kdAlpha(kdAlpha);
        }
        if (teacherArch != null) {
            b.teacherArchitecture(Options.architecture("--teacher-arch", teacherArch));
        }
        if (lrSteps != null) {
            b.lrMilestones(lrSteps(lrSteps, epochs));
        }
        if (init != null) {
            b.initCheckpoint(init);
        }
        if (teacher != null) {
            b.teacherCheckpoint(teacher);
        }
        return b;
    }

    DatasetFormat format() {
        return Options.format("--format", format);
    }

    TrainingData data() throws IOException {
        DatasetFormat f = format();
        TrainingData data = TrainingData.read(f, architecture(), annotations, images);
        return stylized == null ? data : data.withStylized(images, stylized);
    }
}
