package io.robustpose.workflow.spec;

import org.junit.jupiter.api.BeforeEach;
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

    /** A data root holding what the specs below reference: an image directory and annotation files. */
    @BeforeEach
    void dataRoot() throws Exception {
        for (String d : List.of("coco/val2017", "i", "ok")) {
            Files.createDirectories(root.resolve(d));
        }
        for (String f : List.of("coco/ann.json", "a.json", "ok/a.json", "init.safetensors")) {
            Files.writeString(root.resolve(f), "{}");
        }
    }

    private ExperimentSpec validate(String text) {
        return SpecValidator.validate(SpecReader.read(text), new DataRoots(List.of(root)));
    }

    private static final String TRAINED = "{\"name\":\"m\",\"architecture\":\"hrnet-w32\",\"training\":{\"epochs\":1}}";

    @Test
    void yamlSpecIsCanonicalized() {
        ExperimentSpec s = validate("""
                name: demo
                dataset: {format: coco, images: coco/val2017, annotations: coco/ann.json, boxes: gt}
                benchmark: {corruptions: [gaussian_noise, fog], severities: "2-4", mode: materialized, seed: 7}
                models:
                  - name: std
                    architecture: simplebaseline-resnet18
                    training: {method: advmix, epochs: 3, init: init.safetensors}
                """);
        assertThat(s.dataset().images()).isEqualTo(root.resolve("coco/val2017").toString());
        assertThat(s.dataset().boxes()).isEqualTo("gt");
        assertThat(s.benchmark().corruptions()).isEqualTo(List.of("gaussian_noise", "fog"));
        assertThat(s.benchmark().severities()).isEqualTo(List.of(2, 3, 4));
        assertThat(s.models().get(0).training().method()).isEqualTo("advmix");
        assertThat(s.models().get(0).input()).isEqualTo("256x192");
    }

    /**
     * A bottom-up architecture trains and evaluates in experiments: square input (512x512 by default, HigherHRNet's
     * INPUT_SIZE), no person boxes needed when every model is bottom-up, COCO-format data only, a teacher of the same kind.
     */
    @Test
    void bottomUpArchitecturesTrainOnSquareInputsWithoutBoxes() {
        String head = """
                dataset: {format: coco, images: coco/val2017, annotations: coco/ann.json}
                models:
                """;
        ExperimentSpec s = validate("name: b\n" + head + "  - {name: m, architecture: higherhrnet-w32, training: {epochs: 1}}\n");
        assertThat(s.models().get(0).architecture()).isEqualTo("higherhrnet-w32");
        assertThat(s.models().get(0).input()).isEqualTo("512x512");
        assertThatThrownBy(() -> validate("name: b\n" + head
                + "  - {name: m, architecture: higherhrnet-w32, input: 512x384, training: {epochs: 1}}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("models[0].input")
                .hasMessageContaining("square");
        // a top-down model beside it needs the boxes again
        assertThatThrownBy(() -> validate("name: b\n" + head
                + "  - {name: m, architecture: higherhrnet-w32, training: {epochs: 1}}\n"
                + "  - {name: t, architecture: simplebaseline-resnet18, training: {epochs: 1}}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("dataset.boxes");
        assertThatThrownBy(() -> validate("name: b\n" + head + "  - {name: m, architecture: higherhrnet-w32, "
                + "training: {epochs: 1, method: advmix, teacher: init.safetensors, "
                + "teacherArchitecture: hrnet-w32}}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("teacherArchitecture")
                .hasMessageContaining("same kind");
    }

    @SuppressWarnings("unchecked")
    private List<String> corruptions(String spec) {
        return (List<String>) validate(spec).benchmark().corruptions();
    }

    /** Corruptions by category and group: the benchmark's members of a category, the held-out extras, mixed with names. */
    @Test
    void corruptionsAreSelectedByCategoryAndGroup() {
        String head = "name: c\ndataset: {format: coco, images: coco/val2017, annotations: coco/ann.json, boxes: gt}\n";
        String model = "models:\n  - " + TRAINED + "\n";
        assertThat(corruptions(head + "benchmark: {corruptions: [noise, fog]}\n" + model))
                .containsExactly("gaussian_noise", "shot_noise", "impulse_noise", "fog");
        assertThat(corruptions(head + "benchmark: {corruptions: weather}\n" + model))
                .containsExactly("snow", "frost", "fog", "brightness");
        assertThat(corruptions(head + "benchmark: {corruptions: [digital, extra]}\n" + model))
                .containsExactly("contrast", "elastic_transform", "pixelate", "jpeg_compression", "speckle_noise",
                        "gaussian_blur", "spatter", "saturate");
        assertThat(corruptions(head + "benchmark: {corruptions: common}\n" + model)).hasSize(15);
        assertThatThrownBy(() -> validate(head + "benchmark: {corruptions: [noise, rain]}\n" + model))
                .isInstanceOf(SpecException.class).hasMessageContaining("benchmark.corruptions[1]")
                .hasMessageContaining("unknown corruption 'rain'").hasMessageContaining("weather");
    }

    /** Person boxes per condition: a pattern whose files must all exist at submit (clean is clean/0). */
    @Test
    void personBoxesPerConditionAreCheckedForEveryConditionAtSubmit() throws Exception {
        for (String f : List.of("dets/clean/0.json", "dets/fog/1.json", "dets/fog/2.json", "dets/snow/1.json")) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.writeString(root.resolve(f), "[]");
        }
        String spec = """
                name: perc
                dataset: {format: coco, images: coco/val2017, annotations: coco/ann.json, boxes: "dets/{corruption}/{severity}.json"}
                benchmark: {corruptions: [fog, snow], severities: [1, %s]}
                models:
                  - %s
                """;
        assertThat(validate(spec.formatted("1", TRAINED)).dataset().boxes())
                .isEqualTo(root.resolve("dets").toString() + "/{corruption}/{severity}.json");
        assertThatThrownBy(() -> validate(spec.formatted("2", TRAINED)))
                .isInstanceOf(SpecException.class).hasMessageContaining("dataset.boxes")
                .hasMessageContaining("1 of the 5 per-condition detection files are missing")
                .hasMessageContaining("snow/2.json");
        assertThatThrownBy(() -> validate(spec.formatted("1", TRAINED).replace("{corruption}/", "")))
                .hasMessageContaining("{severity} without {corruption}");
        assertThatThrownBy(() -> validate(spec.formatted("1", TRAINED).replace("dets/", "../dets/")))
                .hasMessageContaining("outside the configured data roots");
    }

    /** A model's device uses the words of ROBUSTPOSE_DEVICE, canonicalized; anything else names the field. */
    @Test
    void modelDeviceIsCheckedAtSubmit() {
        String head = """
                dataset: {format: coco, images: coco/val2017, annotations: coco/ann.json, boxes: gt}
                models:
                  - {name: m, architecture: simplebaseline-resnet18, training: {epochs: 1}, device: %s}
                """;
        assertThat(validate(head.formatted("\" CUDA:1 \"")).models().get(0).device()).isEqualTo("gpu:1");
        assertThat(validate(head.formatted("cpu")).models().get(0).device()).isEqualTo("cpu");
        assertThat(validate(head.replace(", device: %s", "")).models().get(0).device()).isNull();
        assertThatThrownBy(() -> validate(head.formatted("tpu"))).hasMessageContaining("models[0].device")
                .hasMessageContaining("auto, cpu, gpu");
        assertThatThrownBy(() -> validate(head.formatted("\"gpu:0,0\""))).hasMessageContaining("models[0].device")
                .hasMessageContaining("twice");
    }

    /** Pools route a model's tasks by name: a DNS label, for tasks the model has. */
    @Test
    void modelPoolsAreCheckedAtSubmit() {
        String head = """
                dataset: {format: coco, images: coco/val2017, annotations: coco/ann.json, boxes: gt}
                models:
                  - {name: m, architecture: simplebaseline-resnet18, training: {epochs: 1}, pools: %s}
                """;
        var m = validate(head.formatted("{train: a100, eval: gpu-eval}")).models().get(0);
        assertThat(m.pool("train")).isEqualTo("a100");
        assertThat(m.pool("eval")).isEqualTo("gpu-eval");
        assertThat(validate(head.formatted("{eval: gpu}")).models().get(0).pool("train")).isNull();
        assertThatThrownBy(() -> validate(head.formatted("{eval: GPU_1}"))).hasMessageContaining("models[0].pools.eval")
                .hasMessageContaining("not a pool name");
        assertThatThrownBy(() -> validate(head.formatted("{eval: gpu}").replace("pools:", "evaluate: false, pools:")))
                .hasMessageContaining("models[0].pools.eval").hasMessageContaining("not evaluated");
        String noTraining = """
                dataset: {format: coco, images: coco/val2017, annotations: coco/ann.json, boxes: gt}
                models:
                  - {name: m, architecture: simplebaseline-resnet18, file: coco/m.safetensors, pools: {train: a100}}
                """;
        assertThatThrownBy(() -> validate(noTraining)).hasMessageContaining("models[0].pools.train")
                .hasMessageContaining("not trained here");
    }

    /** Never a silent one-epoch run: the length is given, or an official recipe supplies it with the rest. */
    @Test
    void trainingLengthIsRequiredOrComesFromARecipe() {
        String head = """
                dataset: {format: coco, images: coco/val2017, annotations: coco/ann.json, boxes: gt}
                models:
                """;
        assertThatThrownBy(() -> validate(head + "  - {name: m, architecture: simplebaseline-resnet50, training: {method: standard}}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("models[0].training.epochs: required")
                .hasMessageContaining("official-res50-coco");
        ExperimentSpec s = validate(head + "  - {name: m, architecture: simplebaseline-resnet50, input: 256x192,\n"
                + "     training: {method: advmix, recipe: official-res50-coco, init: init.safetensors}}\n");
        var t = s.models().get(0).training();
        assertThat(t.recipe()).isEqualTo("official-res50-coco");
        assertThat(t.epochs()).isEqualTo(140);
        assertThat(t.lrSteps()).isEqualTo(List.of(90, 120));
        assertThat(t.lr()).isEqualTo(1e-3);
        assertThat(t.batch()).isEqualTo(32);
        assertThat(t.loss()).isEqualTo("smoothl1");
        assertThat(t.validate()).isTrue(); // the official training validates every epoch
        assertThat(t.lrFactor()).isEqualTo(0.1);
        // the recipe's augmentation can be changed field by field; nonsense is refused with the field named
        t = validate(head + "  - {name: m, architecture: simplebaseline-resnet50, input: 256x192, training: {recipe: "
                + "official-res50-coco, lrFactor: 0.5, augmentation: {rotation: 45, halfBody: 0.3}}}\n").models().get(0)
                .training();
        assertThat(t.lrFactor()).isEqualTo(0.5);
        assertThat(t.augmentation()).isEqualTo(new ExperimentSpec.Augmentation(null, 45.0, null, 0.3));
        assertThatThrownBy(() -> validate(head + "  - {name: m, architecture: hrnet-w32, training: {epochs: 1, "
                + "lrFactor: 2, augmentation: {scale: 1.5, rotation: -3, halfBody: 2}}}\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("models[0].training.lrFactor: must be within (0, 1]")
                .hasMessageContaining("models[0].training.augmentation.scale: must be within [0, 1)")
                .hasMessageContaining("models[0].training.augmentation.rotation: must be within 0..180")
                .hasMessageContaining("models[0].training.augmentation.halfBody: must be a probability");
        // what the spec says wins over the recipe
        t = validate(head + "  - {name: m, architecture: hrnet-w32, training: {recipe: official-hrnet-w32-coco, "
                + "epochs: 20, lrSteps: [15], loss: smoothl1, batch: 8}}\n").models().get(0).training();
        assertThat(t.epochs()).isEqualTo(20);
        assertThat(t.lrSteps()).isEqualTo(List.of(15));
        assertThat(t.loss()).isEqualTo("smoothl1");
        assertThat(t.batch()).isEqualTo(8);
        assertThat(validate(head + "  - {name: m, architecture: hrnet-w32, training: {epochs: 1}}\n").models().get(0)
                .training().validate()).isFalse();
        // COCO-C's numbers depend on the person boxes: stated, never defaulted (OCHuman keeps GT boxes by default)
        assertThatThrownBy(() -> validate(head.replace(", boxes: gt", "") + "  - {name: m, architecture: hrnet-w32, "
                + "training: {epochs: 1}}\n")).isInstanceOf(SpecException.class)
                .hasMessageContaining("dataset.boxes: required for COCO: gt (ground-truth person boxes) or a person "
                        + "detections file");
        assertThat(validate(head.replace(", boxes: gt", "").replace("format: coco", "format: ochuman")
                + "  - {name: m, architecture: hrnet-w32, training: {epochs: 1}}\n").dataset().boxes()).isEqualTo("gt");
        assertThatThrownBy(() -> validate(head + "  - {name: m, file: m.onnx}\n")).isInstanceOf(SpecException.class)
                .hasMessageContaining("models[0].descriptor: required for an .onnx or TorchScript model");
        assertThatThrownBy(() -> validate(head + "  - {name: m, architecture: hrnet-w32, training: {recipe: official-res50-coco}}\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("models[0].training.recipe: official-res50-coco trains simplebaseline-resnet50, not hrnet-w32");
        assertThat(validate(head + "  - {name: m, architecture: hrnet-w32, training: {epochs: 1}}\n").benchmark().oksNms())
                .isEqualTo(0.9);
        assertThat(validate(head.replace("models:", "benchmark: {oksNms: 0}\nmodels:")
                + "  - {name: m, architecture: hrnet-w32, training: {epochs: 1}}\n").benchmark().oksNms()).isEqualTo(0.0);
        assertThatThrownBy(() -> validate(head.replace("models:", "benchmark: {oksNms: 1.5}\nmodels:")
                + "  - {name: m, architecture: hrnet-w32, training: {epochs: 1}}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("benchmark.oksNms: must be within 0..1");
        assertThatThrownBy(() -> validate(head + "  - {name: m, architecture: hrnet-w32, training: {recipe: official}}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("unknown 'official' (allowed: official-res50-coco");
    }

    @Test
    @SuppressWarnings("unchecked")
    void commonMeansTheFifteenBenchmarkCorruptions() {
        ExperimentSpec s = validate("{\"dataset\":{\"format\":\"mpii\",\"images\":\"i\",\"annotations\":\"a.json\","
                + "\"headBoxes\":\"from-joints\"},\"models\":[" + TRAINED + "]}");
        assertThat((List<Object>) s.benchmark().corruptions()).hasSize(15).contains("jpeg_compression").doesNotContain("spatter");
        assertThat(s.benchmark().severities()).isEqualTo(List.of(1, 2, 3, 4, 5));
    }

    @Test
    void everyBadFieldIsNamedWithTheAllowedValues() {
        assertThatThrownBy(() -> validate("""
                dataset: {format: voc, images: i, annotations: a.json}
                benchmark: {corruptions: [gaussian_noise, rain], severities: [0, 3], mode: lazy}
                models:
                  - {name: m, architecture: resnet9000, training: {epochs: 1}}
                  - {name: m, architecture: hrnet-w32, training: {method: magic, epochs: 1}}
                """))
                .isInstanceOf(SpecException.class)
                .satisfies(e -> {
                    List<String> fields = ((SpecException) e).errors().stream().map(SpecException.FieldError::field).toList();
                    assertThat(fields).contains("dataset.format", "benchmark.corruptions[1]", "benchmark.severities[0]",
                            "benchmark.mode", "models[0].architecture", "models[1].name", "models[1].training.method");
                })
                .hasMessageContaining("allowed: coco, mpii, ochuman")
                .hasMessageContaining("hrnet-w32");
    }

    @Test
    void pathsOutsideTheDataRootsAreRefused(@TempDir Path elsewhere) throws Exception {
        Files.createSymbolicLink(root.resolve("sneaky"), elsewhere);
        assertThatThrownBy(() -> validate("{\"dataset\":{\"format\":\"coco\",\"images\":\"../../etc\","
                + "\"annotations\":\"/etc/passwd\"},\"models\":[" + TRAINED + "]}"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("dataset.images").hasMessageContaining("dataset.annotations")
                .hasMessageContaining("outside the configured data roots");
        assertThatThrownBy(() -> validate("{\"dataset\":{\"format\":\"coco\",\"images\":\"sneaky\","
                + "\"annotations\":\"ok/a.json\"},\"models\":[" + TRAINED + "]}"))
                .hasMessageContaining("dataset.images");
    }

    @Test
    void malformedDocumentNamesWhereItBroke() {
        assertThatThrownBy(() -> SpecReader.read("dataset: {format: coco, boxes: gt}\nmodels: 3\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("models");
        assertThatThrownBy(() -> SpecReader.read("{\"name\": ")).isInstanceOf(SpecException.class);
        assertThatThrownBy(() -> SpecReader.read("[1, 2]")).isInstanceOf(SpecException.class)
                .hasMessageContaining("must be an object");
    }

    @Test
    void mpiiNeedsHeadBoxesAndOnlyMpiiTakesThem() {
        assertThatThrownBy(() -> validate("{\"dataset\":{\"format\":\"mpii\",\"images\":\"i\",\"annotations\":\"a.json\"},"
                + "\"models\":[" + TRAINED + "]}"))
                .hasMessageContaining("dataset.headBoxes: missing");
        assertThatThrownBy(() -> validate("{\"dataset\":{\"format\":\"coco\",\"images\":\"i\",\"annotations\":\"a.json\","
                + "\"headBoxes\":\"from-joints\"},\"models\":[" + TRAINED + "]}"))
                .hasMessageContaining("dataset.headBoxes: only for format mpii");
    }

    /** The hostile inputs of issue 12: each is a SpecException naming its field, fast, never another exception. */
    @Test
    void hostileInputsAreFieldErrors() {
        String base = "dataset: {format: coco, images: i, annotations: a.json, boxes: gt}\n";
        String model = "models: [{name: m, architecture: simplebaseline-resnet18, training: {epochs: 1}}]\n";
        String[][] cases = {
            {base + "benchmark: {severities: \"1-2000000000\"}\n" + model, "benchmark.severities", "out of range"},
            {base + "benchmark: {severities: \"1-2147483647\"}\n" + model, "benchmark.severities", "out of range"},
            {base + "benchmark: {severities: \"1-99999999999999999999\"}\n" + model, "benchmark.severities", "out of range"},
            {base + "benchmark: {severities: [1, 99999999999999999999]}\n" + model, "benchmark.severities[1]", "out of range"},
            {base + "benchmark: {severities: 2.5}\n" + model, "benchmark.severities", "out of range"},
            {base + "benchmrk: {severities: [1]}\n" + model, "benchmrk", "did you mean 'benchmark'"},
            {base + "models: [{name: m, architecture: simplebaseline-resnet18, trainig: {epochs: 1}}]\n",
                "models[0].trainig", "did you mean 'training'"},
            {base + "models: [{name: m, architecture: simplebaseline-resnet18}]\n", "models[0]", "needs weights"},
            {base + "models: [{name: m, architecture: simplebaseline-resnet18, training: {epochs: 1, secondsPerEpoch: 1}}]\n",
                "models[0].training.secondsPerEpoch", "unknown field"},
            {base + "models: [{name: m, architecture: simplebaseline-resnet18, input: 9999x9999, training: {epochs: 1}}]\n",
                "models[0].input", "multiples of 32 within 32..1024"},
            {"dataset: {format: coco, images: i, annotations: missing.json, boxes: gt}\n" + model, "dataset.annotations",
                "not an existing file"},
            {"dataset: {format: coco, images: a.json, annotations: a.json, boxes: gt}\n" + model, "dataset.images",
                "not an existing directory"},
            {"dataset: {format: coco, images: \"i\\0x\", annotations: a.json, boxes: gt}\n" + model, "dataset.images",
                "control character U+0000"},
            {base + "models: [{name: m, architecture: simplebaseline-resnet18, training: {epochs: abc}}]\n",
                "models[0].training.epochs", ""},
            {base + "models: [{name: m, architecture: simplebaseline-resnet18, training: {epochs: 99999999999999999999}}]\n",
                "", ""},
        };
        for (String[] c : cases) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> validate(c[0])).as(c[0]).isInstanceOf(SpecException.class)
                    .satisfies(e -> assertThat(((SpecException) e).errors()).as(c[0])
                            .anySatisfy(fe -> {
                                assertThat(fe.field()).startsWith(c[1]);
                                assertThat(fe.message()).contains(c[2]);
                            }));
            assertThat((System.nanoTime() - start) / 1e9).as("seconds for " + c[0]).isLessThan(1.0);
        }
        assertThatThrownBy(() -> SpecReader.read("name: " + "x".repeat(SpecReader.MAX_BYTES)))
                .hasMessageContaining("larger than");
    }

    @Test
    void closestNameIsSuggested() {
        assertThat(SpecReader.closest("benchmrk", List.of("benchmark", "dataset", "models"))).isEqualTo("benchmark");
        assertThat(SpecReader.closest("Models", List.of("benchmark", "dataset", "models"))).isEqualTo("models");
        assertThat(SpecReader.closest("xyz", List.of("benchmark", "dataset", "models"))).isNull();
    }
}
