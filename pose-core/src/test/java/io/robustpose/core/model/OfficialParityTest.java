package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.core.model.ModelFixtures.Fixture;
import io.robustpose.core.model.WeightFormula.RunningStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Parity with the official PyTorch models, as reference/models/README.md "How a Java test should
 * use this" prescribes: formula weights loaded through the official-key mapping and read back
 * (CRC32 per tensor), the formula input (CRC f3944fa6), then the train-mode forward (BN on batch
 * statistics) against out_train.f32 with the absolute tolerances, the eval-mode forward against
 * out_eval.f32 (and out_eval_rs.f32 with non-trivial running statistics) with the relative one.
 * Finiteness is checked explicitly: a NaN compares false against any tolerance.
 *
 * <p>SBL-ResNet-50 and HRNet-W32 are the acceptance checks; all five take about 2 s each on a
 * 2-core CPU, so all run by default.
 */
class OfficialParityTest {

    private static final int BATCH = 2;
    private static final int HEIGHT = 256;
    private static final int WIDTH = 192;

    @Test
    void simpleBaselineResNet50() throws Exception {
        checkParity(Fixture.R50);
    }

    @Test
    void hrnetW32() throws Exception {
        checkParity(Fixture.W32);
    }

    @Test
    void simpleBaselineResNet101() throws Exception {
        checkParity(Fixture.R101);
    }

    @Test
    void simpleBaselineResNet152() throws Exception {
        checkParity(Fixture.R152);
    }

    @Test
    void hrnetW48() throws Exception {
        checkParity(Fixture.W48);
    }

    private static void checkParity(Fixture f) throws Exception {
        JsonNode io = ModelFixtures.json(ModelFixtures.require(f.prefix + ".io.json"));
        JsonNode weightCheck = ModelFixtures.json(ModelFixtures.require(f.prefix + ".weight_check.json"));
        float[] input = WeightFormula.input(BATCH, 3, HEIGHT, WIDTH);
        assertThat(ModelFixtures.crc32Le(input)).isEqualTo("f3944fa6").isEqualTo(io.at("/input/crc32_le").asText());

        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, f.architecture, 17, HEIGHT, WIDTH);
            ParameterStore ps = new ParameterStore(manager, false);

            WeightImporter.Report report = WeightImporter.fromFormula(net, RunningStats.TRIVIAL);
            assertThat(report.missing()).isEmpty();
            assertThat(report.unused()).isEmpty();
            assertWeightsReadBack(net, weightCheck);

            // eval first: the train-mode forward updates the running statistics in place
            compareRelative(f, "eval", forward(manager, ps, net, input, false), io);
            compareAbsolute(f, forward(manager, ps, net, input, true), io);

            Path rs = ModelFixtures.modelsDir().resolve(f.prefix + ".out_eval_rs.f32");
            if (Files.isRegularFile(rs)) {
                WeightImporter.fromFormula(net, RunningStats.NON_TRIVIAL);
                assertRunningStatsReadBack(net);
                compareRelative(f, "eval_rs", forward(manager, ps, net, input, false), io);
            }
        }
    }

    private static float[] forward(NDManager manager, ParameterStore ps, PoseNet net, float[] input, boolean training) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(input, new Shape(BATCH, 3, HEIGHT, WIDTH));
            NDArray y = net.forward(ps, new NDList(x), training).singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(new Shape(BATCH, 17, HEIGHT / 4, WIDTH / 4));
            return y.toFloatArray();
        }
    }

    /** Every tensor read back from the DJL network, in the official layout, has the fixture's CRC32. */
    private static void assertWeightsReadBack(PoseNet net, JsonNode weightCheck) {
        StateDict sd = net.stateDict();
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (JsonNode e : weightCheck) {
            String key = e.get("key").asText();
            StateDict.Entry entry = sd.get(key).orElseThrow(() -> new AssertionError("no mapping for " + key));
            if (!entry.stored()) {
                assertThat(e.get("kind").asText()).isEqualTo("bn_num_batches_tracked");
                continue;
            }
            String crc = ModelFixtures.crc32Le(entry.readOfficial());
            if (!crc.equals(e.get("crc32_le").asText())) {
                mismatches.add(key);
            }
            checked++;
        }
        assertThat(mismatches).as("tensors whose read-back CRC32 differs").isEmpty();
        assertThat(checked).isEqualTo(sd.entries().stream().filter(StateDict.Entry::stored).count());
    }

    /** The eval_rs running statistics as read back from the network (weight_check.json lists the 0/1 ones). */
    private static void assertRunningStatsReadBack(PoseNet net) {
        for (StateDict.Entry e : net.stateDict().entries()) {
            WeightFormula.Kind kind = e.key().endsWith(".running_mean") ? WeightFormula.Kind.BN_RUNNING_MEAN
                    : e.key().endsWith(".running_var") ? WeightFormula.Kind.BN_RUNNING_VAR : null;
            if (kind != null) {
                float[] expected = WeightFormula.values(e.key(), e.officialShape(), kind, RunningStats.NON_TRIVIAL);
                ModelFixtures.assertSameFloats(e.key(), e.readOfficial(), expected);
            }
        }
    }

    private static void compareAbsolute(Fixture f, float[] actual, JsonNode io) throws Exception {
        JsonNode out = io.at("/outputs/train");
        float[] ref = ModelFixtures.readF32(ModelFixtures.require(out.get("file").asText()));
        assertThat(actual).hasSameSizeAs(ref);
        Diff d = diff(actual, ref);
        double maxTol = out.at("/suggested_tolerance/max_abs_diff").asDouble();
        double meanTol = out.at("/suggested_tolerance/mean_abs_diff").asDouble();
        System.out.printf(Locale.ROOT, "[parity] %-28s train   max|d| %.3e (tol %.1e, %.3f of it)  mean|d| %.3e (tol %.1e)"
                        + "  max|d|/std %.2e%n", f.prefix, d.maxAbs, maxTol, d.maxAbs / maxTol, d.meanAbs, meanTol,
                d.maxAbs / d.refStd);
        assertThat(d.nonFinite).as("non-finite outputs").isZero();
        assertThat(d.maxAbs).as("train max abs diff").isLessThanOrEqualTo(maxTol);
        assertThat(d.meanAbs).as("train mean abs diff").isLessThanOrEqualTo(meanTol);
    }

    private static void compareRelative(Fixture f, String mode, float[] actual, JsonNode io) throws Exception {
        JsonNode out = io.at("/outputs/" + mode);
        float[] ref = ModelFixtures.readF32(ModelFixtures.require(out.get("file").asText()));
        assertThat(actual).hasSameSizeAs(ref);
        Diff d = diff(actual, ref);
        double relTol = out.at("/suggested_tolerance/max_abs_diff_over_output_std").asDouble();
        System.out.printf(Locale.ROOT, "[parity] %-28s %-7s max|d|/std %.3e (tol %.1e, %.3f of it)  max|d| %.3e"
                        + "  mean|d| %.3e  std %.4g%n", f.prefix, mode, d.maxAbs / d.refStd, relTol,
                d.maxAbs / d.refStd / relTol, d.maxAbs, d.meanAbs, d.refStd);
        assertThat(d.nonFinite).as("non-finite outputs").isZero();
        assertThat(d.maxAbs / d.refStd).as(mode + " max abs diff / std(ref)").isLessThanOrEqualTo(relTol);
    }

    private record Diff(double maxAbs, double meanAbs, double refStd, int nonFinite) {
    }

    private static Diff diff(float[] actual, float[] ref) {
        int nonFinite = 0;
        double max = 0;
        double sum = 0;
        for (int i = 0; i < ref.length; i++) {
            if (!Float.isFinite(actual[i])) {
                nonFinite++;
                continue;
            }
            double d = Math.abs((double) actual[i] - ref[i]);
            max = Math.max(max, d);
            sum += d;
        }
        double mean = 0;
        for (float r : ref) {
            mean += r;
        }
        mean /= ref.length;
        double var = 0;
        for (float r : ref) {
            var += (r - mean) * (r - mean);
        }
        return new Diff(max, sum / ref.length, Math.sqrt(var / ref.length), nonFinite);
    }
}
