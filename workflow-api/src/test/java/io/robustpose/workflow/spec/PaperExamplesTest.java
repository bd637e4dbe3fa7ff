package io.robustpose.workflow.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/paper/*.yaml are valid specs as shipped: with the COCO, MPII and OCHuman trees and the converted official
 * checkpoints in place under a data root (empty stand-ins here), each top-down COCO-C file validates to a standard
 * model and an AdvMix training with the paper's effective batch (32 per device × the official GPU count) and detected
 * boxes; the MPII-C files likewise with MPII's head boxes; the bottom-up files to one evaluated checkpoint.
 */
class PaperExamplesTest {
    private static final Path EXAMPLES = Path.of("../examples/paper");

    @Test
    void everyPaperExampleValidates(@TempDir Path root) throws Exception {
        for (String d : List.of("coco/images/val2017", "coco/images/train2017", "models", "mpii/images",
                "ochuman/images")) {
            Files.createDirectories(root.resolve(d));
        }
        for (String f : List.of("coco/annotations/person_keypoints_val2017.json",
                "coco/annotations/person_keypoints_train2017.json",
                "coco/person_detection_results/COCO_val2017_detections_AP_H_56_person.json", "mpii/annot/valid.json",
                "mpii/annot/train.json", "mpii/annot/gt_valid.mat",
                "ochuman/ochuman_coco_format_test_range_0.00_1.00.json")) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.writeString(root.resolve(f), "{}");
        }
        List<Path> specs;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            specs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(specs).hasSize(9);
        for (Path spec : specs) {
            String text = Files.readString(spec);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("models/(\\S+?\\.safetensors)").matcher(text);
            while (m.find()) {
                Files.writeString(root.resolve("models").resolve(m.group(1)), "");
            }
            ExperimentSpec s = SpecValidator.validate(SpecReader.read(text), new DataRoots(List.of(root)));
            String file = spec.getFileName().toString();
            if (file.contains("higherhrnet")) {
                assertThat(s.models().get(0).file()).as(file).endsWith("pose_higher_hrnet_w32_512.safetensors");
                if (file.startsWith("coco")) {
                    assertThat(s.models()).hasSize(2);
                    ExperimentSpec.Model advmix = s.models().get(1);
                    assertThat(advmix.architecture()).isEqualTo("higherhrnet-w32");
                    assertThat(advmix.input()).isEqualTo("512x512");
                    assertThat(advmix.training().method()).isEqualTo("advmix");
                    assertThat(advmix.training().epochs()).isEqualTo(300);
                }
                continue;
            }
            if (file.startsWith("mpii")) {
                assertThat(s.dataset().headBoxes()).as(file).endsWith("gt_valid.mat");
            } else {
                assertThat(s.dataset().boxes()).as(file).endsWith("COCO_val2017_detections_AP_H_56_person.json");
            }
            assertThat(s.models()).hasSize(2);
            ExperimentSpec.Training t = s.models().get(1).training();
            assertThat(t.method()).isEqualTo("advmix");
            assertThat(t.loss()).isEqualTo("smoothl1");
            assertThat(t.batch() * t.accumulate()).as(spec + ": effective batch").isIn(128, 256);
            assertThat(t.epochs()).isIn(140, 210);
        }
    }
}
