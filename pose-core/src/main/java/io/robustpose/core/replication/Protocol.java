package io.robustpose.core.replication;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.LossKind;
import io.robustpose.core.train.TrainingMethod;
import java.util.List;

/**
 * A small-scale replication of the paper's claim (AdvMix vs standard training continued from the
 * same converged base), fixed before it runs: data, network, the base's schedule, the
 * continuation's schedule, the seeds (never picked after the fact) and the benchmark grid.
 *
 * @param trainImages       synthetic training images ({@code SyntheticPeople} demo settings)
 * @param valImages         synthetic validation images (the benchmark's test set)
 * @param dataSeed          seed of the synthetic dataset
 * @param architecture      pose network (P, teacher and base)
 * @param inputHeight       network input height
 * @param inputWidth        network input width
 * @param batch             images per step
 * @param baseEpochs        epochs of the standard base model (AdvMix's init and teacher)
 * @param baseLr            its learning rate
 * @param baseLrSteps       epochs where the base's rate drops ×0.1
 * @param baseLoss          its heatmap criterion
 * @param baseSeed          its seed (one base for every continuation)
 * @param continueEpochs    epochs of every continuation from the base
 * @param continueLr        their learning rate (P and the generator)
 * @param continueLrSteps   epochs where it drops ×0.1
 * @param continueLoss      their heatmap / KD / generator criterion
 * @param fpdTeacher        the stronger architecture FPD distils from (trained like the base), when
 *                          FPD is among the methods; the KD methods use their own α (AdvMix 0.1, FPD 0.5)
 * @param seeds             continuation seeds (shuffling, augmentation, generator init)
 * @param methods           compared methods; the first is the reference of the paired differences
 * @param corruptions       benchmark corruptions
 * @param severities        benchmark severities
 * @param corruptionSeed    seed of the corruption draws (the same for every model)
 * @param validationImages  val images used for the per-epoch validation curve (the first ones)
 */
public record Protocol(int trainImages, int valImages, long dataSeed, Architecture architecture, int inputHeight,
        int inputWidth, int batch, int baseEpochs, double baseLr, List<Integer> baseLrSteps, LossKind baseLoss,
        long baseSeed, int continueEpochs, double continueLr, List<Integer> continueLrSteps, LossKind continueLoss,
        Architecture fpdTeacher, List<Long> seeds, List<TrainingMethod> methods, List<Corruption> corruptions,
        List<Integer> severities, long corruptionSeed, int validationImages) {

    public Protocol {
        if (trainImages < 1 || valImages < 1 || baseEpochs < 1 || continueEpochs < 1 || batch < 1) {
            throw new IllegalArgumentException("image counts, epochs and batch must be positive");
        }
        if (seeds.isEmpty() || methods.isEmpty()) {
            throw new IllegalArgumentException("a protocol needs at least one seed and one method");
        }
        seeds = List.copyOf(seeds);
        methods = List.copyOf(methods);
        baseLrSteps = List.copyOf(baseLrSteps);
        continueLrSteps = List.copyOf(continueLrSteps);
        corruptions = List.copyOf(corruptions);
        severities = List.copyOf(severities);
    }

    /**
     * The protocol of docs/results.md: SimpleBaseline-R18 at 96×64 on 1,500 synthetic training
     * images; a base trained 60 epochs with the official schedule's shape (lr 1e-3, ×0.1 at 90 and
     * 120 of 140 epochs → 40 and 52 of 60); continuations of 20 epochs at the official AdvMix
     * settings (Adam 1e-3 for P and G, SmoothL1 as the authors' code, α 0.1) with the same shape
     * (×0.1 at 13 and 17); seeds 1, 2, 3; the full 15 × 5 grid on 600 validation images.
     */
    public static Protocol defaults() {
        return new Protocol(1500, 600, 11, Architecture.SIMPLEBASELINE_RESNET18, 96, 64, 32, 60, 1e-3, List.of(40, 52),
                LossKind.MSE, 11, 20, 1e-3, List.of(13, 17), LossKind.SMOOTH_L1, Architecture.SIMPLEBASELINE_RESNET50, List.of(1L, 2L, 3L),
                List.of(TrainingMethod.STANDARD, TrainingMethod.ADVMIX), Corruption.benchmarkSet(),
                List.of(1, 2, 3, 4, 5), 1, 200);
    }

    public Protocol withSeeds(List<Long> v) {
        return new Protocol(trainImages, valImages, dataSeed, architecture, inputHeight, inputWidth, batch, baseEpochs,
                baseLr, baseLrSteps, baseLoss, baseSeed, continueEpochs, continueLr, continueLrSteps, continueLoss,
                fpdTeacher, v, methods, corruptions, severities, corruptionSeed, validationImages);
    }

    public Protocol withMethods(List<TrainingMethod> v) {
        return new Protocol(trainImages, valImages, dataSeed, architecture, inputHeight, inputWidth, batch, baseEpochs,
                baseLr, baseLrSteps, baseLoss, baseSeed, continueEpochs, continueLr, continueLrSteps, continueLoss,
                fpdTeacher, seeds, v, corruptions, severities, corruptionSeed, validationImages);
    }

    /** The same protocol with other schedules (for exploring regimes; the defaults are the documented one). */
    public Protocol withSchedules(int baseEpochs, List<Integer> baseLrSteps, int continueEpochs, double continueLr,
            List<Integer> continueLrSteps) {
        return new Protocol(trainImages, valImages, dataSeed, architecture, inputHeight, inputWidth, batch, baseEpochs,
                baseLr, baseLrSteps, baseLoss, baseSeed, continueEpochs, continueLr, continueLrSteps, continueLoss,
                fpdTeacher, seeds, methods, corruptions, severities, corruptionSeed, validationImages);
    }

    /** The same protocol on another amount of data. */
    public Protocol withSeverities(List<Integer> v) {
        return new Protocol(trainImages, valImages, dataSeed, architecture, inputHeight, inputWidth, batch, baseEpochs,
                baseLr, baseLrSteps, baseLoss, baseSeed, continueEpochs, continueLr, continueLrSteps, continueLoss,
                fpdTeacher, seeds, methods, corruptions, v, corruptionSeed, validationImages);
    }

    public Protocol withData(int trainImages, int valImages) {
        return new Protocol(trainImages, valImages, dataSeed, architecture, inputHeight, inputWidth, batch, baseEpochs,
                baseLr, baseLrSteps, baseLoss, baseSeed, continueEpochs, continueLr, continueLrSteps, continueLoss,
                fpdTeacher, seeds, methods, corruptions, severities, corruptionSeed, validationImages);
    }

    /** Milestones in epochs → fractions of a run of {@code epochs} (what {@code TrainingConfig} takes). */
    static double[] fractions(List<Integer> steps, int epochs) {
        return steps.stream().mapToDouble(s -> (double) s / epochs).toArray();
    }
}
