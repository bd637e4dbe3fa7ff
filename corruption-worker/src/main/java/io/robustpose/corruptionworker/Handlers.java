package io.robustpose.corruptionworker;

import io.robustpose.service.CorruptionSettings;
import io.robustpose.service.WorkerHandlers;
import io.robustpose.workflow.handlers.CorruptTaskHandler;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** Corrupt tasks with the reference corruptions. */
@ApplicationScoped
public class Handlers implements WorkerHandlers {
    @Inject
    CorruptionSettings corruption;

    @Override
    public Map<TaskType, TaskHandler> handlers() {
        return Map.of(TaskType.CORRUPT, new CorruptTaskHandler(corruption.corruptor(), corruption.effectiveThreads(),
                corruption.maxPixels()));
    }
}
