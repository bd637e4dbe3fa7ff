package io.robustpose.core.train;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param model          a checkpoint loadable by {@code io.robustpose.core.model.Checkpoints.load}: the
 *                       final {@code model.safetensors} of a completed run, else the last checkpoint's
 * @param lastCheckpoint the directory of the last training checkpoint (null if none was written)
 * @param completed      false when {@link Trainer#requestStop()} ended the run early
 * @param epoch          the epoch the run stopped in (epochs when completed)
 * @param globalStep     optimizer steps done in total
 * @param lastLoss       P's loss at the last step (NaN if no step ran)
 */
public record TrainingResult(Path model, Path lastCheckpoint, boolean completed, int epoch, long globalStep,
        double lastLoss) {
}
