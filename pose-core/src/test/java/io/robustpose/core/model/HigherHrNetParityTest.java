package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.model.WeightFormula.RunningStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * HigherHRNet-W32 512×512 against the official {@code PoseHigherResolutionNet} (reference/models, README section
 * "HigherHRNet-W32 512×512"): the official state_dict (1810 keys, names, shapes, order), the published trainable
 * parameter count, formula weights read back by CRC32 per tensor (the deconvolution through its 2×2-phase
 * rewrite), and both eval-mode outputs — [1,34,128,128] heatmaps + tags and [1,17,256,256] heatmaps — within the
 * fixture's relative tolerances (10× the float32-vs-float64 deviation).
 */
class HigherHrNetParityTest {
    private static final String PREFIX = "higherhrnet_w32_512";

    @Test
    void officialStructureWeightsAndOutputs() throws Exception {
        JsonNode io = ModelFixtures.json(ModelFixtures.require(PREFIX + ".io.json"));
        JsonNode shapes = ModelFixtures.json(ModelFixtures.require(PREFIX + ".state_dict_shapes.json"));
        JsonNode weightCheck = ModelFixtures.json(ModelFixtures.require(PREFIX + ".weight_check.json"));
        float[] input = WeightFormula.input(1, 3, 512, 512);
        assertThat(ModelFixtures.crc32Le(input)).isEqualTo("ab6b845e").isEqualTo(io.at("/input/crc32_le").asText());

        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, Architecture.HIGHERHRNET_W32, 17, 512, 512);
            List<String> keys = new ArrayList<>();
            List<String> wantKeys = new ArrayList<>();
            for (StateDict.Entry e : net.stateDict().entries()) {
                keys.add(e.key() + java.util.Arrays.toString(e.officialShape()));
            }
            for (JsonNode pair : shapes) {
                wantKeys.add(pair.get(0).asText() + pair.get(1).toString().replace(",", ", "));
            }
            assertThat(keys).containsExactlyElementsOf(wantKeys);
            assertThat(net.trainableParameterCount()).isEqualTo(28_645_331L);

            WeightImporter.Report report = WeightImporter.fromFormula(net, RunningStats.TRIVIAL);
            assertThat(report.missing()).isEmpty();
            assertThat(report.unused()).isEmpty();
            List<String> mismatches = new ArrayList<>();
            for (JsonNode e : weightCheck) {
                String key = e.get("key").asText();
                StateDict.Entry entry = net.stateDict().get(key).orElseThrow(() -> new AssertionError("no " + key));
                if (entry.stored() && !ModelFixtures.crc32Le(entry.readOfficial()).equals(e.get("crc32_le").asText())) {
                    mismatches.add(key);
                }
            }
            assertThat(mismatches).as("tensors whose read-back CRC32 differs").isEmpty();

            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(input, new Shape(1, 3, 512, 512));
                NDList out = net.predictOutputs(ps, x);
                assertThat(out.get(0).getShape()).isEqualTo(new Shape(1, 34, 128, 128));
                assertThat(out.get(1).getShape()).isEqualTo(new Shape(1, 17, 256, 256));
                compare("eval_0", out.get(0).toFloatArray(), io);
                compare("eval_1", out.get(1).toFloatArray(), io);
            }
        }
    }

    private static void compare(String output, float[] actual, JsonNode io) throws Exception {
        JsonNode o = io.at("/outputs/" + output);
        float[] ref = ModelFixtures.readF32(ModelFixtures.require(o.get("file").asText()));
        assertThat(actual).hasSameSizeAs(ref);
        double max = 0;
        double mean = 0;
        int nonFinite = 0;
        for (int i = 0; i < ref.length; i++) {
            if (!Float.isFinite(actual[i])) {
                nonFinite++;
            }
            max = Math.max(max, Math.abs((double) actual[i] - ref[i]));
            mean += ref[i];
        }
        mean /= ref.length;
        double var = 0;
        for (float r : ref) {
            var += (r - mean) * (r - mean);
        }
        double std = Math.sqrt(var / ref.length);
        double tol = o.at("/suggested_tolerance/max_abs_diff_over_output_std").asDouble();
        System.out.printf(Locale.ROOT, "[parity] %s %s max|d|/std %.3e (tol %.1e, %.3f of it)%n", PREFIX, output,
                max / std, tol, max / std / tol);
        assertThat(nonFinite).isZero();
        assertThat(max / std).as(output + " max abs diff / std(ref)").isLessThanOrEqualTo(tol);
    }
}
