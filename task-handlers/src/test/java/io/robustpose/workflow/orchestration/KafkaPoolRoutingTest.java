package io.robustpose.workflow.orchestration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.kafka.KafkaBroker;
import io.robustpose.workflow.handlers.TaskHandlers;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.SpecException;
import io.robustpose.workflow.spec.SpecReader;
import io.robustpose.workflow.worker.ArtifactStore;
import io.robustpose.workflow.worker.TaskHandler;
import io.robustpose.workflow.worker.WorkerRuntime;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Task routing by pool: a model's {@code pools} send its train and eval tasks to a named pool's own topics, read
 * by that pool's consumer group only; everything else stays with the shared pools.
 */
@ExtendWith(KafkaBroker.class)
class KafkaPoolRoutingTest {
    private static final String SPEC = """
            name: routed
            dataset: {format: coco, images: sample/images, annotations: sample/annotations.json, boxes: gt}
            benchmark: {corruptions: [fog], severities: [1], mode: on-the-fly}
            models:
              - {name: light, architecture: simplebaseline-resnet18, training: {epochs: 1}}
              - {name: heavy, architecture: simplebaseline-resnet18, training: {epochs: 1},
                 pools: {train: gpu, eval: gpu}}
            """;

    @Test
    void aModelsTasksRunOnlyOnThePoolItIsRoutedTo(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SyntheticPeople.writeSplit(data.resolve("sample"), "test", 3, 1, SyntheticPeople.Options.small());
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers()).withPrefix("routing");
        var registry = new SimpleMeterRegistry();
        ArtifactStore artifacts = new ArtifactStore(dir.resolve("artifacts"));
        Map<TaskType, TaskHandler> all = TaskHandlers.all(Corruptor.withProceduralFrost(), 2);
        Map<TaskType, TaskHandler> gpuTypes = new EnumMap<>(TaskType.class);
        gpuTypes.put(TaskType.TRAIN, all.get(TaskType.TRAIN));
        gpuTypes.put(TaskType.EVAL, all.get(TaskType.EVAL));
        WorkerRuntime.Config shared = new WorkerRuntime.Config(kafka, artifacts, "shared-worker", 1, 1,
                Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of());
        try (Orchestrator orchestrator = new Orchestrator(new Orchestrator.Config(kafka,
                new DataRoots(List.of(data)), RetryPolicy.DEFAULT, null), registry);
             WorkerRuntime sharedWorker = new WorkerRuntime(shared, all, registry);
             WorkerRuntime gpuWorker = new WorkerRuntime(new WorkerRuntime.Config(kafka, artifacts, "gpu-worker", 1, 1,
                     Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of()).withPool("gpu"),
                     gpuTypes, registry)) {
            orchestrator.start();
            sharedWorker.start();
            gpuWorker.start();
            String id = orchestrator.submit(SpecReader.read(SPEC));
            long deadline = System.currentTimeMillis() + 240_000;
            while (orchestrator.get(id).map(s -> !s.state().terminal()).orElse(true)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            ExperimentStatus s = orchestrator.get(id).orElseThrow();
            assertThat(s.state()).as(String.valueOf(s.error())).isEqualTo(ExperimentStatus.State.SUCCEEDED);
            for (TaskStatus t : s.tasks().values()) {
                boolean heavy = t.taskId().equals("train-heavy") || t.taskId().startsWith("eval-heavy-");
                assertThat(t.worker()).as(t.taskId()).isEqualTo(heavy ? "gpu-worker" : "shared-worker");
            }
            assertThat(s.tasks().keySet()).filteredOn(t -> t.startsWith("eval-heavy-")).hasSize(2);
            try (Admin admin = kafka.admin()) {
                assertThat(admin.listTopics().names().get()).contains("routing.tasks.train.gpu", "routing.tasks.eval.gpu")
                        .doesNotContain("routing.tasks.aggregate.gpu");
                assertThat(admin.listConsumerGroups().all().get()).extracting(g -> g.groupId())
                        .contains("routing-eval-gpu-workers", "routing-eval-workers");
            }
        }
        // a pool whose topics cannot exist (pre-created topics expected) refuses the spec, naming field and topic
        try (Orchestrator strict = new Orchestrator(new Orchestrator.Config(kafka.withoutTopicCreation(),
                new DataRoots(List.of(data)), RetryPolicy.DEFAULT, null), registry)) {
            strict.start();
            assertThatThrownBy(() -> strict.submit(SpecReader.read(SPEC.replace("eval: gpu", "eval: a100"))))
                    .isInstanceOf(SpecException.class).hasMessageContaining("models[1].pools.eval")
                    .hasMessageContaining("routing.tasks.eval.a100");
        }
    }
}
