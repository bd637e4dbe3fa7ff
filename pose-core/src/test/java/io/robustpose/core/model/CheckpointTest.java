package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints (official-key safetensors) and importing safetensors named by official keys. */
class CheckpointTest {

    private static final Architecture ARCH = Architecture.SIMPLEBASELINE_RESNET18;

    @TempDir
    Path dir;

    @Test
    void saveThenLoadGivesTheSameNetwork() throws Exception {
        Path file = dir.resolve("runs/exp/r18/checkpoints/epoch-3.safetensors");
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet original = PoseNetworks.create(manager, ARCH, 17, 128, 96);
            WeightImporter.fromFormula(original, WeightFormula.RunningStats.NON_TRIVIAL);
            Checkpoints.save(file, original, Map.of("epoch", "3"));

            Checkpoints.Info info = Checkpoints.readInfo(file);
            assertThat(info.architecture()).isEqualTo(ARCH);
            assertThat(info.joints()).isEqualTo(17);
            assertThat(info.inputHeight()).isEqualTo(128);
            assertThat(info.inputWidth()).isEqualTo(96);
            assertThat(info.metadata()).containsEntry("epoch", "3").containsEntry("format", Checkpoints.FORMAT);
            try (Safetensors.Reader reader = Safetensors.open(file)) {
                assertThat(reader.tensors().keySet()).noneMatch(k -> k.endsWith("num_batches_tracked"))
                        .contains("deconv_layers.0.weight", "final_layer.bias");
                assertThat(reader.tensors().get("deconv_layers.0.weight").shape()).containsExactly(512, 256, 4, 4);
            }

            try (NDManager other = PoseNetworks.newManager()) {
                PoseNet loaded = Checkpoints.load(file, other);
                for (StateDict.Entry e : original.stateDict().entries()) {
                    if (e.stored()) {
                        ModelFixtures.assertSameFloats(e.key(),
                                loaded.stateDict().get(e.key()).orElseThrow().readOfficial(), e.readOfficial());
                    }
                }
                float[] input = WeightFormula.input(1, 3, 128, 96);
                ModelFixtures.assertSameFloats("heatmaps", heatmaps(other, loaded, input),
                        heatmaps(manager, original, input));
            }
        }
    }

    /** The same weights give the same file whatever order the metadata came in (replications compare sha256). */
    @Test
    void sameWeightsGiveTheSameBytes() throws Exception {
        var forward = new java.util.LinkedHashMap<String, String>();
        var backward = new java.util.LinkedHashMap<String, String>();
        List<String> keys = List.of("val_AP", "val_AR", "epochs", "seed", "final_loss", "val_AP50");
        keys.forEach(k -> forward.put(k, k + "-value"));
        List<String> reversed = new ArrayList<>(keys);
        java.util.Collections.reverse(reversed);
        reversed.forEach(k -> backward.put(k, k + "-value"));
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, ARCH, 17, 64, 64);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.NON_TRIVIAL);
            Checkpoints.save(dir.resolve("a.safetensors"), net, forward);
            Checkpoints.save(dir.resolve("b.safetensors"), net, backward);
        }
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve("a.safetensors")))
                .isEqualTo(java.nio.file.Files.readAllBytes(dir.resolve("b.safetensors")));
    }

    /**
     * The channel order travels with the weights: a BGR network (the official SimpleBaseline checkpoints) saves
     * and loads as BGR and its model packs crops in OpenCV's order; RGB leaves the file as it always was.
     */
    @Test
    void inputColourTravelsWithTheCheckpoint() throws Exception {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, ARCH, 17, 64, 64);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.NON_TRIVIAL);
            Checkpoints.save(dir.resolve("rgb.safetensors"), net, Map.of());
            net.inputColor("BGR");
            Checkpoints.save(dir.resolve("bgr.safetensors"), net, Map.of());
            assertThatThrownBy(() -> net.inputColor("GBR")).hasMessageContaining("RGB or BGR");
        }
        assertThat(Checkpoints.readInfo(dir.resolve("rgb.safetensors")).metadata()).doesNotContainKey(Checkpoints.COLOR);
        assertThat(Checkpoints.readInfo(dir.resolve("bgr.safetensors")).metadata()).containsEntry(Checkpoints.COLOR, "BGR");
        try (var rgb = io.robustpose.core.inference.DjlPoseModel.fromCheckpoint(dir.resolve("rgb.safetensors"), 4);
                var bgr = io.robustpose.core.inference.DjlPoseModel.fromCheckpoint(dir.resolve("bgr.safetensors"), 4)) {
            assertThat(rgb.descriptor().color()).isEqualTo("RGB");
            assertThat(bgr.descriptor().color()).isEqualTo("BGR");
        }
        // training input: one BGR pixel (10, 20, 30) normalised as the official pipeline does for each order
        byte[] px = {10, 20, 30};
        float[] asRgb = io.robustpose.core.train.data.SampleFactory.normalize(px, 1, 1, true);
        float[] asBgr = io.robustpose.core.train.data.SampleFactory.normalize(px, 1, 1, false);
        assertThat(asRgb[0]).isEqualTo((30 / 255f - 0.485f) / 0.229f);
        assertThat(asBgr[0]).isEqualTo((10 / 255f - 0.485f) / 0.229f);
        assertThat(asBgr[2]).isEqualTo((30 / 255f - 0.406f) / 0.225f);
    }

    @Test
    void importAcceptsDataParallelPrefixAndReportsPartialLoads() throws Exception {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet source = PoseNetworks.create(manager, ARCH, 17, 128, 96);
            WeightImporter.fromFormula(source, WeightFormula.RunningStats.TRIVIAL);
            List<Safetensors.TensorData> all = new ArrayList<>();
            List<Safetensors.TensorData> backbone = new ArrayList<>();
            for (StateDict.Entry e : source.stateDict().entries()) {
                if (e.stored()) {
                    all.add(new Safetensors.TensorData("module." + e.key(), e.officialShape(), e::readOfficial));
                    if (e.key().startsWith("layer") || e.key().startsWith("conv1") || e.key().startsWith("bn1")) {
                        backbone.add(new Safetensors.TensorData(e.key(), e.officialShape(), e::readOfficial));
                    }
                }
            }
            backbone.add(new Safetensors.TensorData("fc.weight", new long[] {1000, 512}, () -> new float[512_000]));
            Path dataParallel = dir.resolve("dp.safetensors");
            Path backboneOnly = dir.resolve("backbone.safetensors");
            Safetensors.write(dataParallel, all, Map.of());
            Safetensors.write(backboneOnly, backbone, Map.of());

            PoseNet target = PoseNetworks.create(manager, ARCH, 17, 128, 96);
            WeightImporter.Report full = WeightImporter.fromSafetensors(dataParallel, target);
            assertThat(full.loaded()).isEqualTo(all.size());
            assertThat(full.missing()).isEmpty();
            String key = "layer3.1.conv2.weight";
            ModelFixtures.assertSameFloats(key, target.stateDict().get(key).orElseThrow().readOfficial(),
                    source.stateDict().get(key).orElseThrow().readOfficial());

            PoseNet fresh = PoseNetworks.create(manager, ARCH, 17, 128, 96);
            assertThatThrownBy(() -> WeightImporter.fromSafetensors(backboneOnly, fresh))
                    .hasMessageContaining("missing").hasMessageContaining("fc.weight");
            WeightImporter.Report partial =
                    WeightImporter.fromSafetensors(backboneOnly, fresh, WeightImporter.Mode.PARTIAL);
            assertThat(partial.unused()).containsExactly("fc.weight");
            assertThat(partial.missing()).contains("deconv_layers.0.weight", "final_layer.weight", "final_layer.bias");
            assertThat(partial.loaded()).isEqualTo(backbone.size() - 1);

            PoseNet mpii = PoseNetworks.create(manager, ARCH, 16, 128, 96);
            assertThatThrownBy(() -> WeightImporter.fromSafetensors(dataParallel, mpii))
                    .hasMessageContaining("final_layer.weight");
        }
    }

    private static float[] heatmaps(NDManager manager, PoseNet net, float[] input) {
        try (NDManager step = manager.newSubManager()) {
            return net.predict(new ParameterStore(manager, false),
                    step.create(input, new Shape(1, 3, 128, 96))).toFloatArray();
        }
    }
}
