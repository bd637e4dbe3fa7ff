package io.robustpose.service;

import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.TaskHandler;

import java.util.Map;

/** What a worker service provides: the handler of each task type it executes. */
public interface WorkerHandlers {
    Map<TaskType, TaskHandler> handlers();
}
