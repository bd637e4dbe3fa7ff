package io.robustpose.core.train;

import io.robustpose.core.model.PoseNet;
import java.util.Map;

/**
 * Periodic validation (e.g. AP on a validation split) called at the end of every
 * {@link TrainingConfig#validateEveryEpochs()}-th epoch with the network being trained; use
 * {@link PoseNet#predict} (eval mode). Its metrics go to {@link ProgressListener#onValidation} and
 * into the checkpoint metadata.
 */
@FunctionalInterface
public interface ValidationHook {

    ValidationHook NONE = (net, epoch) -> Map.of();

    Map<String, Double> validate(PoseNet net, int epoch) throws Exception;
}
