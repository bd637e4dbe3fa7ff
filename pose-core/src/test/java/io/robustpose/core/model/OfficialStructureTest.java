package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.model.ModelFixtures.Fixture;
import io.robustpose.core.model.ModelFixtures.KeyShape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The networks are the official ones: parameter counts, and a state_dict mapping that consumes
 * every official key exactly once (in PyTorch's order), covers every DJL parameter, and agrees
 * on every shape after the deconvolution layout conversion.
 */
class OfficialStructureTest {

    /** Parameters allocated as zeros: the structure is all that is looked at here. */
    private static PoseNet zeroNet(NDManager manager, Architecture a, int joints, int h, int w) {
        PoseNet net = PoseNetworks.build(a, joints, h, w);
        net.setInitializer(Initializer.ZEROS, p -> true);
        return net.initialize(manager);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void trainableParameterCountIsThePublishedOne(Fixture f) {
        try (NDManager manager = PoseNetworks.newManager()) {
            assertThat(zeroNet(manager, f.architecture, 17, 256, 192).trainableParameterCount())
                    .isEqualTo(f.trainableParams);
        }
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void countsAgreeWithParamCountsJson(Fixture f) throws Exception {
        JsonNode counts = ModelFixtures.json(ModelFixtures.require("param_counts.json")).get(f.prefix);
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = zeroNet(manager, f.architecture, 17, 256, 192);
            assertThat(net.trainableParameterCount()).isEqualTo(counts.get("trainable_params").asLong());
            long tensors = net.getParameters().values().stream().filter(Parameter::requiresGradient).count();
            assertThat(tensors).isEqualTo(counts.get("param_tensors").asLong());
            long bnLayers = net.stateDict().keys().stream().filter(k -> k.endsWith(".running_mean")).count();
            assertThat(bnLayers).isEqualTo(counts.get("bn_layers").asLong());
            assertThat(net.stateDict().size()).isEqualTo(counts.get("state_dict_keys").asInt());
        }
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void stateDictMappingIsExactlyTheOfficialOne(Fixture f) throws Exception {
        List<KeyShape> official = ModelFixtures.stateDictShapes(f);
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = zeroNet(manager, f.architecture, 17, 256, 192);
            StateDict sd = net.stateDict();

            // same keys, same order, each once
            assertThat(sd.keys()).containsExactlyElementsOf(official.stream().map(KeyShape::key).toList());
            for (KeyShape ks : official) {
                StateDict.Entry e = sd.get(ks.key()).orElseThrow();
                assertThat(e.officialShape()).as(ks.key()).containsExactly(ks.shape());
                assertThat(e.stored()).as(ks.key()).isEqualTo(!ks.key().endsWith(".num_batches_tracked"));
            }
            // every DJL parameter is the target of exactly one key
            Map<Parameter, String> targets = new IdentityHashMap<>();
            for (StateDict.Entry e : sd.entries()) {
                if (e.stored()) {
                    assertThat(targets.put(e.parameter(), e.key())).as(e.key()).isNull();
                }
            }
            List<String> uncovered = new ArrayList<>();
            net.getParameters().forEach(p -> {
                if (!targets.containsKey(p.getValue())) {
                    uncovered.add(p.getKey());
                }
            });
            assertThat(uncovered).isEmpty();
            assertThat(targets).hasSize(net.getParameters().size());
        }
    }

    @Test
    void resnet18HasBasicBlocks() {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = zeroNet(manager, Architecture.SIMPLEBASELINE_RESNET18, 17, 256, 192);
            // torchvision ResNet-18 without fc: 11,176,512; deconvs 512·256·16 + 2·256·256·16 + 3 BN of 256; head 256·17 + 17
            long expected = 11_176_512L + (512L * 256 * 16 + 2L * 256 * 256 * 16) + 3 * 2 * 256 + 256 * 17 + 17;
            assertThat(net.trainableParameterCount()).isEqualTo(expected);
            assertThat(net.stateDict().keys()).contains("layer1.0.conv2.weight", "layer2.0.downsample.0.weight")
                    .doesNotContain("layer1.0.conv3.weight", "layer1.0.downsample.0.weight");
        }
    }

    @Test
    void otherInputSizesAndMpiiJoints() {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet mpii = zeroNet(manager, Architecture.HRNET_W32, 16, 256, 256);
            assertThat(mpii.getOutputShapes(new Shape[] {new Shape(1, 3, 256, 256)})[0])
                    .isEqualTo(new Shape(1, 16, 64, 64));
            assertThat(mpii.stateDict().get("final_layer.weight").orElseThrow().officialShape())
                    .containsExactly(16, 32, 1, 1);
            PoseNet large = zeroNet(manager, Architecture.SIMPLEBASELINE_RESNET50, 17, 384, 288);
            assertThat(large.getOutputShapes(new Shape[] {new Shape(2, 3, 384, 288)})[0])
                    .isEqualTo(new Shape(2, 17, 96, 72));
            assertThat(large.heatmapHeight()).isEqualTo(96);
        }
    }

    /** The fuse layers' upsampling and the deconvolutions line up at the other input sizes too. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"HRNET_W32, 16, 256, 256", "HRNET_W48, 17, 384, 288",
        "SIMPLEBASELINE_RESNET50, 17, 384, 288", "SIMPLEBASELINE_RESNET101, 16, 256, 256"})
    void forwardAtOtherInputSizes(Architecture a, int joints, int h, int w) {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, a, joints, h, w);
            try (NDManager step = manager.newSubManager()) {
                var y = net.predict(new ai.djl.training.ParameterStore(manager, false),
                        step.randomUniform(-1f, 1f, new Shape(1, 3, h, w)));
                assertThat(y.getShape()).isEqualTo(new Shape(1, joints, h / 4, w / 4));
            }
        }
    }
}
