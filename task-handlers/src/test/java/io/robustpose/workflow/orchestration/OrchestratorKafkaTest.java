package io.robustpose.workflow.orchestration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.kafka.KafkaBroker;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.workflow.handlers.TaskHandlers;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.TaskEvent;
import io.robustpose.workflow.message.Topic;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.SpecReader;
import io.robustpose.workflow.worker.ArtifactStore;
import io.robustpose.workflow.worker.WorkerRuntime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine and the worker runtime in one JVM against a real broker. */
@ExtendWith(KafkaBroker.class)
class OrchestratorKafkaTest {

    @Test
    void experimentRunsToCompletionAndMalformedRecordsAreDeadLettered(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SyntheticPeople.writeSplit(data.resolve("sample"), "test", 3, 1, SyntheticPeople.Options.small());
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
        var registry = new SimpleMeterRegistry();
        var workerConfig = new WorkerRuntime.Config(kafka, new ArtifactStore(dir.resolve("artifacts")), "w1", 2, 2,
                Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of());
        try (Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(data)),
                RetryPolicy.DEFAULT, "orch-test"), registry);
             WorkerRuntime worker = new WorkerRuntime(workerConfig, TaskHandlers.all(Corruptor.withProceduralFrost(), 2), registry)) {
            orch.start();
            worker.start();
            awaitTrue(orch::ready, 30);
            try (var producer = kafka.producer("test")) {
                producer.send(new ProducerRecord<>(kafka.topic(Topic.EXPERIMENTS), "x", "{oops".getBytes(StandardCharsets.UTF_8))).get();
                producer.send(new ProducerRecord<>(kafka.topic(Topic.TASKS_EVAL), "x",
                        "{\"taskId\":\"t\",\"type\":\"eval\"}".getBytes(StandardCharsets.UTF_8))).get();
            }
            String id = orch.submit(SpecReader.read("""
                    name: smoke
                    dataset: {format: coco, images: sample/images, annotations: sample/annotations.json, boxes: gt}
                    benchmark: {corruptions: [fog], severities: [1, 2], mode: materialized}
                    models:
                      - {name: m, architecture: simplebaseline-resnet18, training: {epochs: 2}}
                    """));
            awaitTrue(() -> orch.get(id).map(s -> s.state().terminal()).orElse(false), 90);
            ExperimentStatus s = orch.get(id).orElseThrow();
            assertThat(s.state()).as(String.valueOf(s.error())).isEqualTo(ExperimentStatus.State.SUCCEEDED);
            assertThat(s.tasks()).hasSize(1 + 1 + 3 + 1 + 1);
            assertThat(s.tasks().values()).allSatisfy(t -> assertThat(t.completions()).isEqualTo(1));
            Path artifacts = dir.resolve("artifacts");
            assertThat(artifacts.resolve("runs/" + id + "/corrupted/coco-C/fog/2/000001.jpg")).exists();
            assertThat(artifacts.resolve("reports/" + id + "/report.md")).exists();

            List<ConsumerRecord<String, byte[]>> events = kafka.readAll(Topic.TASK_EVENTS);
            Map<String, Integer> completed = new HashMap<>();
            for (var r : events) {
                TaskEvent e = Json.decode(r.value(), TaskEvent.class);
                if (e.kind() == TaskEvent.Kind.COMPLETED) {
                    completed.merge(e.taskId(), 1, Integer::sum);
                }
            }
            assertThat(completed).hasSize(s.tasks().size()).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
            var dead = kafka.readAll(Topic.DEAD_LETTER);
            assertThat(dead).hasSize(2);
            assertThat(dead).anySatisfy(r -> assertThat(new String(r.headers().lastHeader(Topic.DLQ_REASON_HEADER).value(),
                    StandardCharsets.UTF_8)).contains("experimentId"));
            assertThat(registry.get("robustpose.tasks").tag("type", "eval").tag("outcome", "completed").counter().count())
                    .isEqualTo(3);
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
