package io.robustpose.workflow.handlers;

import io.robustpose.core.corruption.Corruptor;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.TaskHandler;

import java.util.Map;

/** Every task type's handler in one map, for a process that runs all pools (tests, single-node runs). */
public final class TaskHandlers {
    private TaskHandlers() {
    }

    public static Map<TaskType, TaskHandler> all(Corruptor corruptor, int threads) {
        EvaluationHandlers eval = new EvaluationHandlers(corruptor, threads);
        return Map.of(TaskType.CORRUPT, new CorruptTaskHandler(corruptor, threads, 50_000_000L),
                TaskType.TRAIN, new TrainTaskHandler(Math.min(2, threads), 0),
                TaskType.EVAL, eval.eval(), TaskType.AGGREGATE, eval.aggregate(), TaskType.REPORT, eval.report());
    }
}
