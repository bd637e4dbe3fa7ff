package io.robustpose.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.workflow.handlers.TaskHandlers;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.orchestration.Orchestrator;
import io.robustpose.workflow.orchestration.RetryPolicy;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.SpecReader;
import io.robustpose.workflow.worker.ArtifactStore;
import io.robustpose.workflow.worker.WorkerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same engine and worker runtime against the official Apache Kafka image, for machines with a
 * Docker engine. Skipped (not failed) where there is none, e.g. on CI here.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @Test
    void experimentCompletesOnAContainerizedBroker(@TempDir Path dir) throws Exception {
        SyntheticPeople.writeSplit(dir.resolve("data/sample"), "test", 2, 3, SyntheticPeople.Options.small());
        KafkaClients kafka = KafkaClients.of(KAFKA.getBootstrapServers());
        var registry = new SimpleMeterRegistry();
        try (Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(dir.resolve("data"))),
                RetryPolicy.DEFAULT, "tc-orchestrator"), registry);
             WorkerRuntime worker = new WorkerRuntime(new WorkerRuntime.Config(kafka, new ArtifactStore(dir.resolve("artifacts")),
                     "tc-worker", 2, 1, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of()),
                     TaskHandlers.all(Corruptor.withProceduralFrost(), 2), registry)) {
            orch.start();
            worker.start();
            String id = orch.submit(SpecReader.read("""
                    name: tc
                    dataset: {format: coco, images: sample/images, annotations: sample/annotations.json, boxes: gt}
                    benchmark: {corruptions: [fog], severities: [1]}
                    models: [{name: m, architecture: simplebaseline-resnet18, input: 64x64, training: {epochs: 1, batch: 2}}]
                    """));
            long deadline = System.currentTimeMillis() + 120_000;
            while (orch.get(id).map(s -> !s.state().terminal()).orElse(true) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(orch.get(id).orElseThrow().state()).isEqualTo(ExperimentStatus.State.SUCCEEDED);
        }
    }
}
