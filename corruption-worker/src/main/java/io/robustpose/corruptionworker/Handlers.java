package io.robustpose.corruptionworker;

import io.robustpose.core.corruption.Corruptor;
import io.robustpose.service.WorkerHandlers;
import io.robustpose.workflow.handlers.CorruptTaskHandler;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Corrupt tasks with the reference corruptions (procedural frost unless official frost images are mounted). */
@ApplicationScoped
public class Handlers implements WorkerHandlers {
    @ConfigProperty(name = "robustpose.corruption.frost-dir")
    Optional<String> frostDir;
    @ConfigProperty(name = "robustpose.corruption.threads", defaultValue = "0")
    int threads;
    @ConfigProperty(name = "robustpose.corruption.max-pixels", defaultValue = "50000000")
    long maxPixels;

    @Override
    public Map<TaskType, TaskHandler> handlers() {
        Corruptor corruptor = frostDir.map(d -> Corruptor.withFrostDirectory(Path.of(d))).orElseGet(Corruptor::withProceduralFrost);
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return Map.of(TaskType.CORRUPT, new CorruptTaskHandler(corruptor, n, maxPixels));
    }
}
