package io.robustpose.trainworker;

import ai.djl.Device;
import io.robustpose.core.device.Accelerators;
import io.robustpose.core.device.DeviceRequest;
import io.robustpose.service.WorkerHandlers;
import org.jboss.logging.Logger;
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

    /**
     * Where training runs (env ROBUSTPOSE_DEVICE): auto, cpu, gpu, gpu:N, gpu:0,1,…; several GPUs train each task
     * data-parallel; an unusable GPU stops the worker at start.
     */
    @ConfigProperty(name = "robustpose.device", defaultValue = "auto")
    String device;
    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Override
    public Map<TaskType, TaskHandler> handlers() {
        java.util.List<Device> placement = Accelerators.resolve(DeviceRequest.parse(device), Accelerators.Runtime.PYTORCH);
        Logger.getLogger(Handlers.class).infof("train tasks run on %s%s (ROBUSTPOSE_DEVICE=%s)", placement,
                placement.size() > 1 ? ", data-parallel" : "", device);
        placement.forEach(d -> io.robustpose.workflow.handlers.DeviceMeters.register(registry, d));
        return Map.of(TaskType.TRAIN, new TrainTaskHandler(loaderThreads, checkpointEverySteps, placement));
    }
}
