package io.robustpose.core.train;

import java.nio.file.Path;
import java.util.Map;

/** Callbacks of a training run, on the training thread (keep them short). All methods are optional. */
public interface ProgressListener {

    /** No callbacks. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** Once, after the networks are built and a checkpoint (if any) is restored. */
    default void onStart(TrainingRun run) {
    }

    /** After every optimizer step. */
    default void onStep(StepProgress progress) {
    }

    /** After the last step of an epoch, with the mean P loss of that epoch's steps in this process. */
    default void onEpochEnd(int epoch, double meanLoss) {
    }

    /** Results of the validation hook. */
    default void onValidation(int epoch, Map<String, Double> metrics) {
    }

    /** A checkpoint was written (complete, atomically renamed into place). */
    default void onCheckpoint(Path directory, int epoch, long globalStep) {
    }

    /** What is being run. */
    record TrainingRun(TrainingConfig config, int samples, int stepsPerEpoch, long totalSteps, int startEpoch,
            long startStep, Path resumedFrom, long trainableParameters) {
    }

    /**
     * One step.
     *
     * @param epoch           0-based epoch
     * @param stepInEpoch     0-based index of the step in its epoch
     * @param globalStep      steps completed in the run (1 after the first step)
     * @param loss            P's loss (with the KD term when there is one)
     * @param heatmapLoss     P's heatmap loss
     * @param kdLoss          the KD loss (NaN without a teacher)
     * @param generatorLoss   the generator's loss −w·L_hm (NaN without a generator)
     * @param imagesPerSecond batch size / wall time of this step (data waiting included)
     * @param mixShares       mean weight of each proposal in the training image (clean first), or null
     * @param mixEntropy      mean per-pixel entropy of the mixing weights (nats), NaN without a mix
     */
    record StepProgress(int epoch, int epochs, int stepInEpoch, int stepsPerEpoch, long globalStep, long totalSteps,
            double loss, double heatmapLoss, double kdLoss, double generatorLoss, double learningRate,
            double secondsPerStep, double imagesPerSecond, double[] mixShares, double mixEntropy) {
    }
}
