package io.robustpose.evalworker;

import io.robustpose.service.CorruptionSettings;
import io.robustpose.service.WorkerHandlers;
import io.robustpose.workflow.handlers.EvaluationHandlers;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.robustpose.core.device.Accelerators;
import io.robustpose.core.device.DeviceRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;

/** Eval (corrupting on the fly where asked), aggregate and report tasks. */
@ApplicationScoped
public class Handlers implements WorkerHandlers {
    @Inject
    CorruptionSettings corruption;

    /** Where the networks run (env ROBUSTPOSE_DEVICE): auto, cpu, gpu, gpu:N; an unusable GPU stops the worker at start. */
    @ConfigProperty(name = "robustpose.device", defaultValue = "auto")
    String device;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Override
    public Map<TaskType, TaskHandler> handlers() {
        io.robustpose.core.device.NativeMemory.forInference(); // before this worker's first tensor
        DeviceRequest request = DeviceRequest.parse(device);
        // checked at start for the networks of this project (PyTorch); an ONNX model on a pool whose ONNX Runtime
        // lacks the CUDA provider fails its task with the reason
        var placement = Accelerators.single(request, Accelerators.Runtime.PYTORCH, "evaluation");
        Logger.getLogger(Handlers.class).infof("networks run on %s (ROBUSTPOSE_DEVICE=%s)", placement, device);
        io.robustpose.workflow.handlers.DeviceMeters.register(registry, placement);
        var h = new EvaluationHandlers(corruption.corruptor(), corruption.effectiveThreads(), request);
        return Map.of(TaskType.EVAL, h.eval(), TaskType.AGGREGATE, h.aggregate(), TaskType.REPORT, h.report());
    }
}
