package io.robustpose.core.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped descriptors of the official exports parse and say what examples/descriptors/README.md says. */
class ExampleDescriptorsTest {
    private static final Path DIR = Path.of("..", "examples", "descriptors");

    @Test
    void officialExportsAreDescribedAsTheOfficialConfigsTrainThem() throws Exception {
        ModelDescriptor sbl = ModelDescriptor.read(DIR.resolve("official-simplebaseline-256x192.json"));
        ModelDescriptor hrnet = ModelDescriptor.read(DIR.resolve("official-hrnet-256x192.json"));
        // COLOR_RGB: false in the official SimpleBaseline configs, true in HRNet's
        assertThat(sbl.color()).isEqualTo("BGR");
        assertThat(hrnet.color()).isEqualTo("RGB");
        for (ModelDescriptor d : new ModelDescriptor[] {sbl, hrnet}) {
            assertThat(d.inputHeight()).isEqualTo(256);
            assertThat(d.inputWidth()).isEqualTo(192);
            assertThat(d.heatmapHeight()).isEqualTo(64);
            assertThat(d.heatmapWidth()).isEqualTo(48);
            assertThat(d.joints()).isEqualTo(17);
            assertThat(d.flipTest()).isTrue();
            // the same feeding as a checkpoint of this project, but for the channel order
            ModelDescriptor own = ModelDescriptor.heatmapNetwork(256, 192, 17);
            assertThat(d.layout()).isEqualTo(own.layout());
            assertThat(d.normalization()).isEqualTo(own.normalization());
            assertThat(d.output()).isEqualTo(own.output());
            assertThat(d.stride()).isEqualTo(own.stride());
        }
    }

    @Test
    void theOfficialHigherHrNetExportIsBottomUpAt512() throws Exception {
        // w32_512_adam_lr1e-3.yaml: DATASET.INPUT_SIZE 512, NUM_JOINTS 17, TEST.FLIP_TEST true; RGB images (the
        // official lib/dataset/COCODataset.py __getitem__ converts cv2.imread BGR to RGB), ImageNet mean and std
        ModelDescriptor higher = ModelDescriptor.read(DIR.resolve("official-higherhrnet-w32-512.json"));
        assertThat(higher.bottomUp()).isTrue();
        assertThat(higher.inputHeight()).isEqualTo(512);
        assertThat(higher.inputWidth()).isEqualTo(512);
        assertThat(higher.color()).isEqualTo("RGB");
        assertThat(higher.normalization()).isEqualTo("imagenet");
        assertThat(higher.joints()).isEqualTo(17);
        assertThat(higher.flipTest()).isTrue();
    }
}
