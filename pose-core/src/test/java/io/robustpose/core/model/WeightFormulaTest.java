package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.model.WeightFormula.Kind;
import io.robustpose.core.model.WeightFormula.RunningStats;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** WEIGHT_FORMULA.md's worked examples, and every tensor of the R50 fixture by CRC32. */
class WeightFormulaTest {

    @Test
    void workedExamplesOfSection2() {
        assertThat(WeightFormula.seedOf("conv1.weight")).isEqualTo(3410522421L);
        assertThat(WeightFormula.u(3410522421L, 0)).isEqualTo(0.420165791055636);
        assertThat(WeightFormula.u(3410522421L, 1)).isEqualTo(0.6139999567358725);
        assertThat(WeightFormula.u(3410522421L, 2)).isEqualTo(0.7527811871206995);

        assertFirst3("conv1.weight", new long[] {64, 3, 7, 7}, Kind.CONV_WEIGHT, 0.084886305f, 0.124046721f, 0.152084768f);
        assertFirst3("bn1.weight", new long[] {64}, Kind.BN_WEIGHT, 1.06055939f, 0.946705759f, 1.09642208f);
        assertFirst3("bn1.bias", new long[] {64}, Kind.BN_BIAS, 0.0883105472f, -0.0749410018f, -0.0329027064f);
        assertFirst3("deconv_layers.0.weight", new long[] {2048, 256, 4, 4}, Kind.DECONV_WEIGHT,
                -0.00294696237f, 0.00235294946f, 0.00603291532f);
        assertFirst3("final_layer.weight", new long[] {17, 256, 1, 1}, Kind.CONV_WEIGHT,
                -0.0246283822f, 0.110163577f, 0.0250529777f);
        assertFirst3("final_layer.bias", new long[] {17}, Kind.BIAS, -0.0070964871f, 0.00740162004f, -0.00863279495f);
        assertThat(WeightFormula.fanIn(Kind.DECONV_WEIGHT, new long[] {2048, 256, 4, 4})).isEqualTo(32768);
    }

    @Test
    void nonTrivialRunningStatsOfSection3() {
        float[] mean = WeightFormula.values("bn1.running_mean", new long[] {64}, Kind.BN_RUNNING_MEAN,
                RunningStats.NON_TRIVIAL);
        float[] var = WeightFormula.values("bn1.running_var", new long[] {64}, Kind.BN_RUNNING_VAR,
                RunningStats.NON_TRIVIAL);
        assertThat(new float[] {mean[0], mean[1], mean[2]}).containsExactly(0.046872098f, -0.0674855113f, 0.0992093608f);
        assertThat(new float[] {var[0], var[1], var[2]}).containsExactly(1.47376299f, 1.46771479f, 0.833093107f);
        float[] trivial = WeightFormula.values("bn1.running_var", new long[] {64}, Kind.BN_RUNNING_VAR,
                RunningStats.TRIVIAL);
        assertThat(trivial).containsOnly(1f);
    }

    @Test
    void inputOfSection4() {
        float[] x = WeightFormula.input(2, 3, 256, 192);
        assertThat(ModelFixtures.crc32Le(x)).isEqualTo("f3944fa6");
        assertThat(new float[] {x[0], x[1], x[2]}).containsExactly(0.51098752f, 0.521949232f, 0.532883763f);
        assertThat(new float[] {x[147456], x[147457], x[147458]})
                .containsExactly(0.510950804f, 0.521802247f, 0.532553077f);
    }

    @Test
    void kindsFollowTheKeyRules() {
        Set<String> keys = Set.of("bn1.running_mean", "deconv_layers.1.running_mean");
        assertThat(WeightFormula.kindOf("bn1.weight", new long[] {64}, keys::contains)).isEqualTo(Kind.BN_WEIGHT);
        assertThat(WeightFormula.kindOf("final_layer.bias", new long[] {17}, keys::contains)).isEqualTo(Kind.BIAS);
        assertThat(WeightFormula.kindOf("deconv_layers.0.weight", new long[] {2048, 256, 4, 4}, keys::contains))
                .isEqualTo(Kind.DECONV_WEIGHT);
        assertThat(WeightFormula.kindOf("deconv_layers.1.weight", new long[] {256}, keys::contains))
                .isEqualTo(Kind.BN_WEIGHT);
        assertThat(WeightFormula.kindOf("bn1.num_batches_tracked", new long[0], keys::contains))
                .isEqualTo(Kind.BN_NUM_BATCHES_TRACKED);
    }

    /** Separates formula errors from mapping errors: the generated tensors alone against weight_check.json. */
    @Test
    void everyR50TensorMatchesWeightCheck() throws Exception {
        JsonNode check = ModelFixtures.json(ModelFixtures.require("simplebaseline_r50_256x192.weight_check.json"));
        Set<String> keys = new HashSet<>();
        check.forEach(e -> keys.add(e.get("key").asText()));
        int compared = 0;
        for (JsonNode e : check) {
            String key = e.get("key").asText();
            long[] shape = new long[e.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.get("shape").get(i).asLong();
            }
            Kind kind = WeightFormula.kindOf(key, shape, keys::contains);
            assertThat(kind.name().toLowerCase(Locale.ROOT)).as(key).isEqualTo(e.get("kind").asText());
            if (kind == Kind.BN_NUM_BATCHES_TRACKED) {
                continue; // an int64 0 in PyTorch; never stored in the DJL network
            }
            assertThat(e.get("seed").asLong()).as(key).isEqualTo(WeightFormula.seedOf(key));
            float[] values = WeightFormula.values(key, shape, kind, RunningStats.TRIVIAL);
            assertThat(ModelFixtures.crc32Le(values)).as(key).isEqualTo(e.get("crc32_le").asText());
            compared++;
        }
        assertThat(compared).isEqualTo(338 - 56);
    }

    private static void assertFirst3(String key, long[] shape, Kind kind, float a, float b, float c) {
        float[] v = WeightFormula.values(key, shape, kind, RunningStats.TRIVIAL);
        assertThat(new float[] {v[0], v[1], v[2]}).as(key).containsExactly(a, b, c);
    }
}
