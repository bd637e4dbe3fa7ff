package io.robustpose.evalworker;

import io.robustpose.core.corruption.Corruptor;
import io.robustpose.service.WorkerHandlers;
import io.robustpose.workflow.handlers.EvaluationHandlers;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Eval, aggregate and report tasks. */
@ApplicationScoped
public class Handlers implements WorkerHandlers {
    @ConfigProperty(name = "robustpose.corruption.frost-dir")
    Optional<String> frostDir;
    @ConfigProperty(name = "robustpose.eval.threads", defaultValue = "0")
    int threads;

    @Override
    public Map<TaskType, TaskHandler> handlers() {
        Corruptor corruptor = frostDir.map(d -> Corruptor.withFrostDirectory(Path.of(d))).orElseGet(Corruptor::withProceduralFrost);
        var h = new EvaluationHandlers(corruptor, threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        return Map.of(TaskType.EVAL, h.eval(), TaskType.AGGREGATE, h.aggregate(), TaskType.REPORT, h.report());
    }
}
