package io.robustpose.workflow.worker;

import io.robustpose.workflow.message.Task;

import java.util.Map;

/** Executes one task type. Must be idempotent: the same task may be delivered again after a crash. */
@FunctionalInterface
public interface TaskHandler {

    /** Result references (store-relative paths) and summary metrics of a finished task. */
    record Result(Map<String, String> results, Map<String, Double> metrics) {
        public Result {
            results = results == null ? Map.of() : Map.copyOf(results);
            metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        }
    }

    Result handle(Task task, TaskContext context) throws Exception;
}
