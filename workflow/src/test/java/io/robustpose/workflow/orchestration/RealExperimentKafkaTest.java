package io.robustpose.workflow.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.kafka.KafkaBroker;
import io.robustpose.workflow.handlers.TaskHandlers;
import io.robustpose.workflow.kafka.KafkaClients;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.SpecReader;
import io.robustpose.workflow.worker.ArtifactStore;
import io.robustpose.workflow.worker.WorkerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paper's experiment in miniature through the real engine and runtime: a standard model and an
 * AdvMix model initialised from it are trained, evaluated clean and under a corruption, and the
 * report compares them.
 */
@ExtendWith(KafkaBroker.class)
class RealExperimentKafkaTest {

    @Test
    void standardAndAdvmixAreTrainedEvaluatedAndReported(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        SyntheticPeople.writeSplit(dir.resolve("data/s"), "test", 6, 5, SyntheticPeople.Options.small());
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
        var registry = new SimpleMeterRegistry();
        try (Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(dir.resolve("data"))),
                RetryPolicy.DEFAULT, "orch"), registry);
             WorkerRuntime worker = new WorkerRuntime(new WorkerRuntime.Config(kafka, new ArtifactStore(dir.resolve("artifacts")),
                     "w", 1, 1, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of()),
                     TaskHandlers.all(Corruptor.withProceduralFrost(), 2), registry)) {
            orch.start();
            worker.start();
            String id = orch.submit(SpecReader.read("""
                    name: mini-paper
                    dataset: {format: coco, images: s/images, annotations: s/annotations.json}
                    benchmark: {corruptions: [gaussian_noise], severities: [3], mode: on-the-fly}
                    models:
                      - {name: standard, architecture: simplebaseline-resnet18, input: 64x64,
                         training: {method: standard, epochs: 2, batch: 4}}
                      - {name: advmix, architecture: simplebaseline-resnet18, input: 64x64,
                         training: {method: advmix, epochs: 1, batch: 4, init: "model:standard"}}
                    """));
            long deadline = System.currentTimeMillis() + 240_000;
            while (orch.get(id).map(s -> !s.state().terminal()).orElse(true) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            ExperimentStatus s = orch.get(id).orElseThrow();
            assertThat(s.state()).as(String.valueOf(s.error())).isEqualTo(ExperimentStatus.State.SUCCEEDED);
            assertThat(s.tasks().get("train-advmix").dependsOn()).containsExactly("train-standard");
            assertThat(s.tasks().get("train-standard").results()).containsKey("checkpoint");
            assertThat(s.tasks().get("train-standard").metrics().get("loss")).isFinite();
            assertThat(s.tasks().get("eval-advmix-gaussian_noise-s3-shard0").metrics()).containsKey("AP");

            JsonNode report = Json.MAPPER.readTree(dir.resolve("artifacts/reports/" + id + "/report.json").toFile());
            assertThat(report.get("rows")).hasSize(2);
            for (JsonNode row : report.get("rows")) {
                assertThat(row.get("clean").isNumber()).as(row.toString()).isTrue();
                assertThat(row.at("/per_corruption/gaussian_noise/value").isNumber()).as(row.toString()).isTrue();
            }
        }
    }
}
