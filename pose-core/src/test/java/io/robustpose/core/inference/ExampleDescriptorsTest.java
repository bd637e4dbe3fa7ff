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
}
