package io.robustpose.workflow.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.kafka.KafkaBroker;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
        try (LocalEngine engine = new LocalEngine(broker, dir.resolve("data"), dir.resolve("artifacts"))) {
            ExperimentStatus s = engine.run("""
                    name: mini-paper
                    dataset: {format: coco, images: s/images, annotations: s/annotations.json, boxes: gt}
                    benchmark: {corruptions: [gaussian_noise], severities: [3], mode: on-the-fly}
                    models:
                      - {name: standard, architecture: simplebaseline-resnet18, input: 64x64,
                         training: {method: standard, epochs: 2, batch: 4, validate: true}}
                      - {name: advmix, architecture: simplebaseline-resnet18, input: 64x64,
                         training: {method: advmix, epochs: 1, batch: 4, init: "model:standard", lrFactor: 0.5,
                                    augmentation: {rotation: 45, halfBody: 0.3}}}
                    """, Duration.ofMinutes(4));
            String id = s.experimentId();
            assertThat(s.state()).as(String.valueOf(s.error())).isEqualTo(ExperimentStatus.State.SUCCEEDED);
            assertThat(s.tasks().get("train-advmix").dependsOn()).containsExactly("train-standard");
            assertThat(s.tasks().get("train-standard").results()).containsKey("checkpoint").containsEntry("device", "cpu");
            assertThat(s.tasks().get("train-standard").metrics().get("loss")).isFinite();
            // issue 14: validated after every epoch on the evaluation split (val_AP also a train-metric gauge), the
            // best epoch kept beside the last
            assertThat(s.tasks().get("train-standard").metrics().get("val_AP")).isBetween(0.0, 1.0);
            assertThat(s.tasks().get("train-advmix").metrics()).doesNotContainKey("val_AP");
            Path trained = dir.resolve("artifacts").resolve(s.tasks().get("train-standard").results().get("checkpoint"));
            assertThat(trained.resolveSibling("model_best.safetensors")).exists();
            assertThat(s.tasks().get("eval-advmix-gaussian_noise-s3-shard0").metrics()).containsKey("AP");

            // issue 17: each model's metrics carry every COCO statistic per condition and how they were made
            JsonNode metrics = Json.MAPPER.readTree(dir.resolve("artifacts/runs/" + id + "/eval/standard/metrics.json")
                    .toFile()).at("/models/0");
            assertThat(metrics.at("/stats/gaussian_noise~13/AP75").isNumber()).as(metrics.toString()).isTrue();
            assertThat(metrics.at("/provenance/corruptions").asText()).isEqualTo("on-the-fly, seed 1");
            assertThat(metrics.at("/provenance/model").asText()).startsWith("trained in this experiment");
            assertThat(metrics.at("/provenance/annotations").asText()).matches("annotations.json \\(sha256 [0-9a-f]{64}\\)");
            assertThat(Files.readAllLines(dir.resolve("artifacts/reports/" + id + "/report_long.csv"))).hasSize(5);
            // COCO with ground-truth boxes, corrupted on the fly: both named where the report could be taken for the paper's
            assertThat(metrics.at("/provenance/frost_textures").asText()).startsWith("procedural");
            String md = Files.readString(dir.resolve("artifacts/reports/" + id + "/report.md"));
            assertThat(md).contains("## Not comparable with the paper").contains("Person boxes are the ground truth")
                    .contains("without the JPEG re-save").doesNotContain("Frost used");
            assertThat(Files.readString(dir.resolve("artifacts/reports/" + id + "/report.html")))
                    .contains("id=\"comparability\"");

            JsonNode report = Json.MAPPER.readTree(dir.resolve("artifacts/reports/" + id + "/report.json").toFile());
            assertThat(report.get("rows")).hasSize(2);
            for (JsonNode row : report.get("rows")) {
                assertThat(row.get("clean").isNumber()).as(row.toString()).isTrue();
                assertThat(row.at("/per_corruption/gaussian_noise/value").isNumber()).as(row.toString()).isTrue();
            }
        }
    }
}
