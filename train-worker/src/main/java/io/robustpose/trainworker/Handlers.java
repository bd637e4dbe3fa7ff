package io.robustpose.trainworker;

import io.robustpose.service.WorkerHandlers;
import io.robustpose.workflow.handlers.TrainTaskHandler;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/** Train tasks: standard training, AdvMix and the ablation methods, resumable from checkpoints. */
@ApplicationScoped
public class Handlers implements WorkerHandlers {
    /** Data loading threads per training run (env ROBUSTPOSE_TRAIN_LOADER_THREADS). */
    @ConfigProperty(name = "robustpose.train.loader-threads", defaultValue = "2")
    int loaderThreads;
    /** Checkpoint period in optimizer steps, besides every epoch end (env ROBUSTPOSE_TRAIN_CHECKPOINT_EVERY_STEPS). */
    @ConfigProperty(name = "robustpose.train.checkpoint-every-steps", defaultValue = "500")
    int checkpointEverySteps;

    @Override
    public Map<TaskType, TaskHandler> handlers() {
        return Map.of(TaskType.TRAIN, new TrainTaskHandler(loaderThreads, checkpointEverySteps));
    }
}
