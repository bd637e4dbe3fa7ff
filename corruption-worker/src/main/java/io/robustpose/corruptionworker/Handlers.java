package io.robustpose.corruptionworker;

import io.robustpose.service.WorkerHandlers;
import io.robustpose.workflow.handlers.PlaceholderHandlers;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The task types this worker pool executes. */
@ApplicationScoped
public class Handlers implements WorkerHandlers {
    @Override
    public Map<TaskType, TaskHandler> handlers() {
        return Map.of(TaskType.CORRUPT, PlaceholderHandlers::corrupt);
    }
}
