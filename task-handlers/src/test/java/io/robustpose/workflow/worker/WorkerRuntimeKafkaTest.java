package io.robustpose.workflow.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.kafka.KafkaBroker;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.workflow.handlers.SimulatedHandlers;
import io.robustpose.workflow.handlers.TaskHandlers;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.ArtifactLayout;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.TaskEvent;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.message.Topic;
import io.robustpose.workflow.orchestration.Orchestrator;
import io.robustpose.workflow.orchestration.RetryPolicy;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.SpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBroker.class)
class WorkerRuntimeKafkaTest {

    private static WorkerRuntime.Config config(KafkaClients kafka, Path artifacts, String id, int attempts, Duration grace) {
        return new WorkerRuntime.Config(kafka, new ArtifactStore(artifacts), id, 1, attempts, Duration.ofMillis(10),
                Duration.ofMillis(500), grace, Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 1000));
    }

    private static String spec(String name, int epochs) {
        return """
                name: %s
                dataset: {format: coco, images: s/images, annotations: s/annotations.json, boxes: gt}
                benchmark: {corruptions: [fog], severities: [1]}
                models: [{name: m, architecture: simplebaseline-resnet18, training: {epochs: %d}}]
                """.formatted(name, epochs);
    }

    /** One retry budget: the worker does not retry on its own (attempts 1), the orchestrator's 2 attempts are all. */
    @Test
    void aTaskFailingEveryAttemptFailsTheExperimentWithTheLastError(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        SyntheticPeople.writeSplit(dir.resolve("data/s"), "test", 1, 1, SyntheticPeople.Options.small());
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
        var registry = new SimpleMeterRegistry();
        Map<TaskType, TaskHandler> handlers = new HashMap<>(TaskHandlers.all(Corruptor.withProceduralFrost(), 2));
        int[] calls = {0};
        handlers.put(TaskType.TRAIN, (task, ctx) -> {
            calls[0]++;
            throw new IllegalStateException("GPU on fire (call " + calls[0] + ")");
        });
        try (Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(dir.resolve("data"))),
                new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(1)), "orch"), registry);
             WorkerRuntime worker = new WorkerRuntime(config(kafka, dir.resolve("a"), "w", 1, Duration.ofSeconds(1)),
                     handlers, registry)) {
            orch.start();
            worker.start();
            String id = orch.submit(SpecReader.read(spec("fails", 1)));
            await(() -> orch.get(id).map(s -> s.state().terminal()).orElse(false), 60);
            ExperimentStatus s = orch.get(id).orElseThrow();
            assertThat(s.state()).isEqualTo(ExperimentStatus.State.FAILED);
            // 2 dispatches × 1 attempt in the worker: the failure ran twice in all; the reason carries the last error
            assertThat(calls[0]).isEqualTo(2);
            assertThat(s.error()).contains("train-m").contains("2 attempt").contains("GPU on fire (call 2)");
            assertThat(s.tasks().get("train-m").state()).isEqualTo(TaskStatus.State.FAILED);
            assertThat(s.tasks().get("eval-m-clean-shard0").state()).isEqualTo(TaskStatus.State.CANCELLED);
            long failedEvents = kafka.readAll(Topic.TASK_EVENTS).stream()
                    .map(r -> Json.decode(r.value(), TaskEvent.class))
                    .filter(e -> e.experimentId().equals(id) && e.kind() == TaskEvent.Kind.FAILED).count();
            assertThat(failedEvents).isEqualTo(2);
        }
    }

    @Test
    void gracefulShutdownReleasesARunningTaskWhichResumesOnAnotherWorker(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        SyntheticPeople.writeSplit(dir.resolve("data/s"), "test", 1, 1, SyntheticPeople.Options.small());
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
        var registry = new SimpleMeterRegistry();
        Path artifacts = dir.resolve("artifacts");
        try (Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(dir.resolve("data"))),
                RetryPolicy.DEFAULT, "orch"), registry)) {
            orch.start();
            // simulated training (0.5 s per epoch) and evaluation: this test is about releasing a running task
            Map<TaskType, TaskHandler> handlers = new HashMap<>(SimulatedHandlers.withSimulatedEvaluation(
                    TaskHandlers.all(Corruptor.withProceduralFrost(), 2)));
            handlers.put(TaskType.TRAIN, SimulatedHandlers.train(0.5));
            WorkerRuntime first = new WorkerRuntime(config(kafka, artifacts, "first", 1, Duration.ofMillis(300)),
                    handlers, registry);
            first.start();
            String id = orch.submit(SpecReader.read(spec("release", 8)));
            await(() -> orch.get(id).map(s -> s.tasks().get("train-m").progress() != null
                    && s.tasks().get("train-m").progress() >= 0.25).orElse(false), 60);
            first.close(); // grace 300 ms < remaining training: the task is released uncommitted
            assertThat(orch.get(id).orElseThrow().state()).isEqualTo(ExperimentStatus.State.RUNNING);
            try (WorkerRuntime second = new WorkerRuntime(config(kafka, artifacts, "second", 1, Duration.ofSeconds(5)),
                    handlers, new SimpleMeterRegistry())) {
                second.start();
                await(() -> orch.get(id).map(s -> s.state().terminal()).orElse(false), 60);
            }
            ExperimentStatus s = orch.get(id).orElseThrow();
            assertThat(s.state()).isEqualTo(ExperimentStatus.State.SUCCEEDED);
            TaskStatus train = s.tasks().get("train-m");
            assertThat(train.worker()).isEqualTo("second");
            assertThat(train.metrics().get("resumedFromEpoch")).isGreaterThanOrEqualTo(2.0);
            assertThat(train.completions()).isEqualTo(1);
            assertThat(registry.get("robustpose.tasks").tag("type", "train").tag("outcome", "released").counter().count())
                    .isEqualTo(1);
        }
    }

    /** Bad data or parameters: reported permanent by the worker, failed at once by the orchestrator. */
    @Test
    void aPermanentErrorRunsOnceAndFailsTheExperiment(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        SyntheticPeople.writeSplit(dir.resolve("data/s"), "test", 1, 1, SyntheticPeople.Options.small());
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
        var registry = new SimpleMeterRegistry();
        Map<TaskType, TaskHandler> handlers = new HashMap<>(TaskHandlers.all(Corruptor.withProceduralFrost(), 2));
        int[] calls = {0};
        handlers.put(TaskType.TRAIN, (task, ctx) -> {
            calls[0]++;
            throw new IllegalArgumentException("params.model.architecture: unknown 'resnet9000'");
        });
        try (Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(dir.resolve("data"))),
                new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(1)), "orch"), registry);
             WorkerRuntime worker = new WorkerRuntime(config(kafka, dir.resolve("a"), "w", 2, Duration.ofSeconds(1)),
                     handlers, registry)) {
            orch.start();
            worker.start();
            String id = orch.submit(SpecReader.read(spec("permanent", 1)));
            await(() -> orch.get(id).map(s -> s.state().terminal()).orElse(false), 60);
            ExperimentStatus s = orch.get(id).orElseThrow();
            assertThat(s.state()).isEqualTo(ExperimentStatus.State.FAILED);
            assertThat(calls[0]).as("neither the worker (attempts 2) nor the orchestrator (3) retries it").isEqualTo(1);
            assertThat(s.error()).contains("permanent").contains("resnet9000");
        }
    }

    /** A task whose deliveries kept starting without finishing (its worker died each time) is not started again. */
    @Test
    void aPoisonTaskIsFailedInsteadOfStartedAgain(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        SyntheticPeople.writeSplit(dir.resolve("data/s"), "test", 1, 1, SyntheticPeople.Options.small());
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
        var registry = new SimpleMeterRegistry();
        Path artifacts = dir.resolve("artifacts");
        Map<TaskType, TaskHandler> handlers = new HashMap<>(TaskHandlers.all(Corruptor.withProceduralFrost(), 2));
        int[] calls = {0};
        handlers.put(TaskType.TRAIN, (task, ctx) -> {
            calls[0]++; // must not run again
            throw new IllegalStateException("unreachable");
        });
        try (Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(dir.resolve("data"))),
                new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(1)), "orch"), registry)) {
            orch.start();
            String id = orch.submit(SpecReader.read(spec("poison", 1)));
            // the count three crashed deliveries leave (the worker writes it before starting the handler)
            ArtifactStore store = new ArtifactStore(artifacts);
            store.writeAtomically(ArtifactLayout.runDir(id) + "/tasks/train-m.starts.json",
                    "{\"starts\":3,\"releases\":0}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (WorkerRuntime worker = new WorkerRuntime(config(kafka, artifacts, "w", 1, Duration.ofSeconds(1)),
                    handlers, registry)) {
                worker.start();
                await(() -> orch.get(id).map(s -> s.state().terminal()).orElse(false), 60);
            }
            ExperimentStatus s = orch.get(id).orElseThrow();
            assertThat(s.state()).isEqualTo(ExperimentStatus.State.FAILED);
            assertThat(calls[0]).isZero();
            assertThat(s.error()).contains("poison task").contains("started 3 times");
        }
    }

    /** Cancelling an experiment stops its running task within seconds, and nothing more is dispatched. */
    @Test
    void cancellingAnExperimentStopsItsRunningTask(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        SyntheticPeople.writeSplit(dir.resolve("data/s"), "test", 1, 1, SyntheticPeople.Options.small());
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
        var registry = new SimpleMeterRegistry();
        Map<TaskType, TaskHandler> handlers = new HashMap<>(SimulatedHandlers.withSimulatedEvaluation(
                TaskHandlers.all(Corruptor.withProceduralFrost(), 2)));
        handlers.put(TaskType.TRAIN, SimulatedHandlers.train(5.0)); // 50 epochs of 5 s: minutes if not stopped
        try (Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(dir.resolve("data"))),
                RetryPolicy.DEFAULT, "orch"), registry);
             WorkerRuntime worker = new WorkerRuntime(config(kafka, dir.resolve("a"), "w", 1, Duration.ofSeconds(5)),
                     handlers, registry)) {
            orch.start();
            worker.start();
            String id = orch.submit(SpecReader.read(spec("cancelled", 50)));
            await(() -> orch.get(id).map(s -> s.tasks().get("train-m").state() == TaskStatus.State.RUNNING)
                    .orElse(false), 60);
            long start = System.nanoTime();
            orch.cancel(id, "test");
            await(() -> worker.inFlight() == 0, 30);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).as("seconds from cancel to the task stopping").isLessThan(10);
            assertThat(registry.get("robustpose.tasks").tag("type", "train").tag("outcome", "stopped").counter().count())
                    .isEqualTo(1);
            Thread.sleep(2000);
            ExperimentStatus s = orch.get(id).orElseThrow();
            assertThat(s.state()).isEqualTo(ExperimentStatus.State.CANCELLED);
            assertThat(s.tasks().values()).noneMatch(t -> t.state() == TaskStatus.State.DISPATCHED
                    || t.state() == TaskStatus.State.RUNNING);
            assertThat(worker.inFlight()).isZero();
        }
    }

    static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
