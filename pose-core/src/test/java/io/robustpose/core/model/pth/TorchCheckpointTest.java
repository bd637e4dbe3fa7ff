package io.robustpose.core.model.pth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PyTorch checkpoints written by real {@code torch.save} (tools/make_pth_fixtures.py, PyTorch 2.13 CPU):
 * zip and legacy formats, DataParallel and mmpose layouts, strided and offset views of shared storages,
 * float32/64/16, bfloat16, int64, a Parameter — every value equal to what PyTorch holds; and a pickle that
 * would run a shell command is refused by name, without running it.
 */
class TorchCheckpointTest {
    private static final Path DIR = Path.of("src/test/resources/pth");

    private static JsonNode expected() throws Exception {
        return new ObjectMapper().readTree(DIR.resolve("expected.json").toFile()).get("tensors");
    }

    @Test
    void zipAndLegacyFormatsGiveWhatPyTorchSaved() throws Exception {
        for (String file : new String[] {"state_dict_zip.pth", "state_dict_legacy.pth", "dataparallel_legacy.pth"}) {
            TorchCheckpoint c = TorchCheckpoint.read(DIR.resolve(file));
            assertThat(c.format()).isEqualTo(file.contains("zip") ? "zip" : "legacy");
            JsonNode want = expected();
            java.util.List<String> keys = new java.util.ArrayList<>();
            want.fieldNames().forEachRemaining(keys::add);
            keys.remove("mmpose");
            assertThat(c.tensors().keySet()).as(file).containsExactlyElementsOf(keys);
            for (Map.Entry<String, TorchCheckpoint.Tensor> e : c.tensors().entrySet()) {
                assertSame(file + " " + e.getKey(), e.getValue(), want.get(e.getKey()));
            }
        }
    }

    @Test
    void mmposeKeysMapToTheOfficialNamesAndItsMetadataIsSkipped() throws Exception {
        TorchCheckpoint c = TorchCheckpoint.read(DIR.resolve("mmpose_zip.pth"));
        JsonNode want = expected();
        assertThat(c.tensors().keySet()).containsExactly("conv1.weight", "layer1.0.bn1.running_mean", "final_layer.weight");
        want.get("mmpose").fields().forEachRemaining(m -> {
            try {
                assertSame(m.getKey(), c.tensors().get(m.getKey()), want.get(m.getValue().asText()));
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        });
    }

    @Test
    void aPickleThatWouldRunCodeIsRefusedByName() {
        assertThatThrownBy(() -> TorchCheckpoint.read(DIR.resolve("runs_code.pth")))
                .hasMessageContaining("refusing to unpickle the global posix.system")
                .hasMessageContaining("never executes pickled code");
    }

    @Test
    void filesThatAreNoCheckpointSayWhat(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path text = Files.writeString(tmp.resolve("x.pth"), "hello");
        assertThatThrownBy(() -> TorchCheckpoint.read(text)).hasMessageContaining("neither a zip-format nor a legacy");
        byte[] legacy = Files.readAllBytes(DIR.resolve("state_dict_legacy.pth"));
        Path truncated = Files.write(tmp.resolve("t.pth"), java.util.Arrays.copyOf(legacy, legacy.length / 2));
        assertThatThrownBy(() -> TorchCheckpoint.read(truncated)).hasMessageContaining("t.pth");
    }

    private static void assertSame(String what, TorchCheckpoint.Tensor t, JsonNode want) throws Exception {
        long[] shape = t.shape();
        assertThat(shape.length).as(what + " rank").isEqualTo(want.get("shape").size());
        for (int i = 0; i < shape.length; i++) {
            assertThat(shape[i]).as(what + " shape").isEqualTo(want.get("shape").get(i).asLong());
        }
        float[] v = t.toFloats();
        assertThat(v.length).as(what + " size").isEqualTo(want.get("values").size());
        for (int i = 0; i < v.length; i++) {
            // every stored value is exactly representable as float32 except the float64 ones, which round once
            assertThat(v[i]).as(what + "[" + i + "]").isEqualTo((float) want.get("values").get(i).asDouble());
        }
    }
}
