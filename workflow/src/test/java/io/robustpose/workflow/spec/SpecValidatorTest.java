package io.robustpose.workflow.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecValidatorTest {

    @TempDir
    Path root;

    private ExperimentSpec validate(String text) {
        return SpecValidator.validate(SpecReader.read(text), new DataRoots(List.of(root)));
    }

    @Test
    void yamlSpecIsCanonicalized() {
        ExperimentSpec s = validate("""
                name: demo
                dataset: {format: coco, images: coco/val2017, annotations: coco/ann.json}
                benchmark: {corruptions: [gaussian_noise, fog], severities: "2-4", mode: materialized, seed: 7}
                models:
                  - name: std
                    architecture: simplebaseline-resnet18
                    training: {method: advmix, epochs: 3}
                """);
        assertThat(s.dataset().images()).isEqualTo(root.resolve("coco/val2017").toString());
        assertThat(s.dataset().boxes()).isEqualTo("gt");
        assertThat(s.benchmark().corruptions()).isEqualTo(List.of("gaussian_noise", "fog"));
        assertThat(s.benchmark().severities()).isEqualTo(List.of(2, 3, 4));
        assertThat(s.models().get(0).training().method()).isEqualTo("advmix");
        assertThat(s.models().get(0).input()).isEqualTo("256x192");
    }

    @Test
    @SuppressWarnings("unchecked")
    void commonMeansTheFifteenBenchmarkCorruptions() {
        ExperimentSpec s = validate("{\"dataset\":{\"format\":\"mpii\",\"images\":\"i\",\"annotations\":\"a.json\","
                + "\"headBoxes\":\"from-joints\"},\"models\":[{\"name\":\"m\",\"architecture\":\"hrnet-w32\"}]}");
        assertThat((List<Object>) s.benchmark().corruptions()).hasSize(15).contains("jpeg_compression").doesNotContain("spatter");
        assertThat(s.benchmark().severities()).isEqualTo(List.of(1, 2, 3, 4, 5));
    }

    @Test
    void everyBadFieldIsNamedWithTheAllowedValues() {
        assertThatThrownBy(() -> validate("""
                dataset: {format: voc, images: i, annotations: a.json}
                benchmark: {corruptions: [gaussian_noise, rain], severities: [0, 3], mode: lazy}
                models:
                  - {name: m, architecture: resnet9000}
                  - {name: m, architecture: hrnet-w32, training: {method: magic}}
                """))
                .isInstanceOf(SpecException.class)
                .satisfies(e -> {
                    List<String> fields = ((SpecException) e).errors().stream().map(SpecException.FieldError::field).toList();
                    assertThat(fields).contains("dataset.format", "benchmark.corruptions[1]", "benchmark.severities",
                            "benchmark.mode", "models[0].architecture", "models[1].name", "models[1].training.method");
                })
                .hasMessageContaining("allowed: coco, mpii, ochuman")
                .hasMessageContaining("hrnet-w32");
    }

    @Test
    void pathsOutsideTheDataRootsAreRefused(@TempDir Path elsewhere) throws Exception {
        Files.createDirectories(root.resolve("ok"));
        Files.createSymbolicLink(root.resolve("sneaky"), elsewhere);
        assertThatThrownBy(() -> validate("{\"dataset\":{\"format\":\"coco\",\"images\":\"../../etc\","
                + "\"annotations\":\"/etc/passwd\"},\"models\":[{\"name\":\"m\",\"architecture\":\"hrnet-w32\"}]}"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("dataset.images").hasMessageContaining("dataset.annotations")
                .hasMessageContaining("outside the configured data roots");
        assertThatThrownBy(() -> validate("{\"dataset\":{\"format\":\"coco\",\"images\":\"sneaky\","
                + "\"annotations\":\"ok/a.json\"},\"models\":[{\"name\":\"m\",\"architecture\":\"hrnet-w32\"}]}"))
                .hasMessageContaining("dataset.images");
    }

    @Test
    void malformedDocumentNamesWhereItBroke() {
        assertThatThrownBy(() -> SpecReader.read("dataset: {format: coco}\nmodels: 3\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("models");
        assertThatThrownBy(() -> SpecReader.read("{\"name\": ")).isInstanceOf(SpecException.class);
    }

    @Test
    void mpiiNeedsHeadBoxesAndOnlyMpiiTakesThem() {
        assertThatThrownBy(() -> validate("{\"dataset\":{\"format\":\"mpii\",\"images\":\"i\",\"annotations\":\"a.json\"},"
                + "\"models\":[{\"name\":\"m\",\"architecture\":\"hrnet-w32\"}]}"))
                .hasMessageContaining("dataset.headBoxes: missing");
        assertThatThrownBy(() -> validate("{\"dataset\":{\"format\":\"coco\",\"images\":\"i\",\"annotations\":\"a.json\","
                + "\"headBoxes\":\"from-joints\"},\"models\":[{\"name\":\"m\",\"architecture\":\"hrnet-w32\"}]}"))
                .hasMessageContaining("dataset.headBoxes: only for format mpii");
    }
}
