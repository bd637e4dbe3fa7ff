package io.robustpose.workflow.orchestration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.workflow.handlers.TaskHandlers;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.SpecReader;
import io.robustpose.workflow.worker.ArtifactStore;
import io.robustpose.workflow.worker.WorkerRuntime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An orchestrator and one worker running every real task handler, in-process, on a test broker. */
final class LocalEngine implements AutoCloseable {
    final Orchestrator orchestrator;
    private final WorkerRuntime worker;

    LocalEngine(EmbeddedKafka broker, Path dataRoot, Path artifacts) throws Exception {
        this(KafkaClients.of(broker.bootstrapServers()), dataRoot, artifacts);
    }

    /** An installation with the clients' names (prefix): its transactional id is the prefix's. */
    LocalEngine(KafkaClients kafka, Path dataRoot, Path artifacts) throws Exception {
        var registry = new SimpleMeterRegistry();
        orchestrator = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(dataRoot)), RetryPolicy.DEFAULT,
                null), registry);
        worker = new WorkerRuntime(new WorkerRuntime.Config(kafka, new ArtifactStore(artifacts), "w", 1, 1,
                Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of()),
                TaskHandlers.all(Corruptor.withProceduralFrost(), 2), registry);
        orchestrator.start();
        worker.start();
    }

    /** Submits a YAML spec and waits until the experiment ends (or the timeout passes). */
    ExperimentStatus run(String yaml, Duration timeout) throws Exception {
        return await(orchestrator.submit(SpecReader.read(yaml)), timeout);
    }

    /** Waits until the experiment ends (or the timeout passes). */
    ExperimentStatus await(String id, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (orchestrator.get(id).map(s -> !s.state().terminal()).orElse(true) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        return orchestrator.get(id).orElseThrow();
    }

    @Override
    public void close() throws Exception {
        try (orchestrator; worker) {
            // closes both, worker first
        }
    }
}
