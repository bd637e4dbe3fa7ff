package io.robustpose.core.train.bottomup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.model.PoseNetworks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The bottom-up loss against the official {@code MultiLossFactory} (HigherHRNet lib/core/loss.py, w32_512 LOSS
 * config, run unmodified with PyTorch 2.13 by tools/make_bottomup_loss_fixture.py): on two images — three people
 * and one person (no push) — with masks, every term and the gradient with respect to both outputs. Measured: the
 * terms and the total equal in float32, the gradients bit-identical (max |Δ| 0, gradients up to 1.4e-3); asserted
 * within 1e-7 (terms) and 1e-9 (gradients).
 */
class AssociativeEmbeddingLossTest {

    @Test
    void termsAndGradientsEqualTheOfficialLoss() throws IOException {
        JsonNode e = new ObjectMapper().readTree(resource("expected.json"));
        int n = e.get("N").asInt();
        int j = e.get("J").asInt();
        int h0 = e.get("H0").asInt();
        int w0 = e.get("W0").asInt();
        int h1 = e.get("H1").asInt();
        int w1 = e.get("W1").asInt();
        JsonNode jn = e.get("joints");
        long[][][][] people = new long[n][jn.get(0).size()][j][2];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < people[i].length; p++) {
                for (int k = 0; k < j; k++) {
                    people[i][p][k][0] = jn.get(i).get(p).get(k).get(0).asLong();
                    people[i][p][k][1] = jn.get(i).get(p).get(k).get(1).asLong();
                }
            }
        }
        try (NDManager m = PoseNetworks.newManager()) {
            NDArray out0 = m.create(floats("out0.f32"), new Shape(n, 2 * j, h0, w0));
            NDArray out1 = m.create(floats("out1.f32"), new Shape(n, j, h1, w1));
            out0.setRequiresGradient(true);
            out1.setRequiresGradient(true);
            AssociativeEmbeddingLoss.Terms t;
            try (GradientCollector gc = Engine.getEngine(PoseNetworks.ENGINE).newGradientCollector()) {
                t = new AssociativeEmbeddingLoss(j).compute(new NDList(out0, out1),
                        new NDList(m.create(floats("hm0.f32"), new Shape(n, j, h0, w0)),
                                m.create(floats("hm1.f32"), new Shape(n, j, h1, w1))),
                        new NDList(m.create(floats("mask0.f32"), new Shape(n, h0, w0)),
                                m.create(floats("mask1.f32"), new Shape(n, h1, w1))), people);
                gc.backward(t.total());
            }
            JsonNode terms = e.get("terms");
            System.out.printf("bottom-up loss: %.9g (official %.9g); heatmaps %.9g/%.9g push %.9g pull %.9g%n",
                    t.total().getFloat(), e.get("loss").asDouble(), t.heatmaps0(), t.heatmaps1(), t.push(), t.pull());
            assertThat(t.heatmaps0()).isCloseTo(terms.get("heatmaps_0").asDouble(), within(1e-7));
            assertThat(t.heatmaps1()).isCloseTo(terms.get("heatmaps_1").asDouble(), within(1e-7));
            assertThat(t.push()).isCloseTo(terms.get("push_0").asDouble(), within(1e-9));
            assertThat(t.pull()).isCloseTo(terms.get("pull_0").asDouble(), within(1e-9));
            assertThat((double) t.total().getFloat()).isCloseTo(e.get("loss").asDouble(), within(1e-7));
            double[] d0 = maxDiff(out0.getGradient().toFloatArray(), floats("grad0.f32"));
            double[] d1 = maxDiff(out1.getGradient().toFloatArray(), floats("grad1.f32"));
            System.out.printf("gradient max |d| %.3g (max |g| %.3g), %.3g (max |g| %.3g)%n", d0[0], d0[1], d1[0], d1[1]);
            assertThat(d0[0]).isLessThan(1e-9);
            assertThat(d1[0]).isLessThan(1e-9);
        }
    }

    private static double[] maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        double mag = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
            mag = Math.max(mag, Math.abs(b[i]));
        }
        return new double[] {max, mag};
    }

    private static InputStream resource(String name) {
        return AssociativeEmbeddingLossTest.class.getResourceAsStream("/bottomup-loss/" + name);
    }

    private static float[] floats(String name) throws IOException {
        try (InputStream in = resource(name)) {
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }
    }
}
