package io.robustpose.workflow.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.kafka.KafkaBroker;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

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
        try (LocalEngine engine = new LocalEngine(broker, MPII.getParent(), dir.resolve("artifacts"))) {
            ExperimentStatus s = engine.run("""
                    name: mpii-mini
                    dataset: {format: mpii, images: mpii, annotations: mpii/test_mpii.json, headBoxes: from-joints}
                    benchmark: {corruptions: [motion_blur], severities: [2], mode: on-the-fly, evalShards: 2}
                    models:
                      - {name: sbl, architecture: simplebaseline-resnet18, input: 64x64,
                         training: {method: standard, epochs: 1, batch: 4, validate: true}}
                    """, Duration.ofMinutes(4));
            String id = s.experimentId();
            assertThat(s.state()).as(String.valueOf(s.error())).isEqualTo(ExperimentStatus.State.SUCCEEDED);
            assertThat(s.tasks()).containsKeys("eval-sbl-clean-shard0", "eval-sbl-clean-shard1", "eval-sbl-motion_blur-s2-shard1");
            assertThat(s.tasks().get("aggregate-sbl").metrics()).containsKey("PCKh");
            // issue 14: the training validated PCKh on the evaluation persons after its epoch
            assertThat(s.tasks().get("train-sbl").metrics().get("val_PCKh")).isBetween(0.0, 100.0);
            double pckh = s.tasks().get("aggregate-sbl").metrics().get("PCKh");
            assertThat(pckh).isBetween(0.0, 100.0);

            JsonNode report = Json.MAPPER.readTree(dir.resolve("artifacts/reports/" + id + "/report.json").toFile());
            assertThat(report.get("metric").asText()).isEqualTo("PCKh");
            assertThat(report.at("/rows/0/clean").asDouble()).isEqualTo(pckh);
            assertThat(report.at("/rows/0/per_corruption/motion_blur/value").isNumber()).isTrue();
            String html = Files.readString(dir.resolve("artifacts/reports/" + id + "/report.html"));
            assertThat(html).contains("PCKh").contains("class=\"sample").contains("005808361.jpg");
        }
    }
}
