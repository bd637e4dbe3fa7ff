package io.robustpose.workflow.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.robustpose.core.corruption.Corruptor;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * MPII-C through the engine: a 16-joint model trained on the real MPII persons of
 * ../shared/realdata, evaluated clean and corrupted in two image shards each, scored with PCKh by
 * the aggregate, reported in percent.
 */
@ExtendWith(KafkaBroker.class)
class MpiiExperimentKafkaTest {
    private static final Path MPII = Paths.get(System.getProperty("robustpose.shared", "/work/shared")).resolve("realdata/mpii");

    @Test
    void mpiiModelsAreScoredWithPckhAcrossShards(EmbeddedKafka broker, @TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(MPII.resolve("test_mpii.json")), "../shared/realdata/mpii absent: MPII experiment skipped");
        KafkaClients kafka = KafkaClients.of(broker.bootstrapServers());
        var registry = new SimpleMeterRegistry();
        try (Orchestrator orch = new Orchestrator(new Orchestrator.Config(kafka, new DataRoots(List.of(MPII.getParent())),
                RetryPolicy.DEFAULT, "orch"), registry);
             WorkerRuntime worker = new WorkerRuntime(new WorkerRuntime.Config(kafka, new ArtifactStore(dir.resolve("artifacts")),
                     "w", 1, 1, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5), Map.of()),
                     TaskHandlers.all(Corruptor.withProceduralFrost(), 2), registry)) {
            orch.start();
            worker.start();
            String id = orch.submit(SpecReader.read("""
                    name: mpii-mini
                    dataset: {format: mpii, images: mpii, annotations: mpii/test_mpii.json, headBoxes: from-joints}
                    benchmark: {corruptions: [motion_blur], severities: [2], mode: on-the-fly, evalShards: 2}
                    models:
                      - {name: sbl, architecture: simplebaseline-resnet18, input: 64x64,
                         training: {method: standard, epochs: 1, batch: 4}}
                    """));
            long deadline = System.currentTimeMillis() + 240_000;
            while (orch.get(id).map(s -> !s.state().terminal()).orElse(true) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            ExperimentStatus s = orch.get(id).orElseThrow();
            assertThat(s.state()).as(String.valueOf(s.error())).isEqualTo(ExperimentStatus.State.SUCCEEDED);
            assertThat(s.tasks()).containsKeys("eval-sbl-clean-shard0", "eval-sbl-clean-shard1", "eval-sbl-motion_blur-s2-shard1");
            assertThat(s.tasks().get("aggregate-sbl").metrics()).containsKey("PCKh");
            double pckh = s.tasks().get("aggregate-sbl").metrics().get("PCKh");
            assertThat(pckh).isBetween(0.0, 100.0);

            JsonNode report = Json.MAPPER.readTree(dir.resolve("artifacts/reports/" + id + "/report.json").toFile());
            assertThat(report.get("metric").asText()).isEqualTo("PCKh");
            assertThat(report.at("/rows/0/clean").asDouble()).isEqualTo(pckh);
            assertThat(report.at("/rows/0/per_corruption/motion_blur/value").isNumber()).isTrue();
            assertThat(Files.readString(dir.resolve("artifacts/reports/" + id + "/report.html"))).contains("PCKh");
        }
    }
}
