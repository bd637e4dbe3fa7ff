package io.robustpose.evalworker;

import io.robustpose.service.CorruptionSettings;
import io.robustpose.service.WorkerHandlers;
import io.robustpose.workflow.handlers.EvaluationHandlers;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** Eval (corrupting on the fly where asked), aggregate and report tasks. */
@ApplicationScoped
public class Handlers implements WorkerHandlers {
    @Inject
    CorruptionSettings corruption;

    @Override
    public Map<TaskType, TaskHandler> handlers() {
        var h = new EvaluationHandlers(corruption.corruptor(), corruption.effectiveThreads());
        return Map.of(TaskType.EVAL, h.eval(), TaskType.AGGREGATE, h.aggregate(), TaskType.REPORT, h.report());
    }
}
