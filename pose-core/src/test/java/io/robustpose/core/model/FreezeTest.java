package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class FreezeTest {

    /**
     * A frozen network folds its batch norms once: its predictions are bit-identical to the unfrozen network's (the
     * same arithmetic), and they keep the weights it was frozen with until {@code freeze()} is called again — the
     * proof that the folds were kept rather than made anew.
     */
    @Test
    void aFrozenNetworkPredictsAsBeforeWithTheFoldsItKept() {
        try (NDManager m = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(m, Architecture.HRNET_W32, 17, 64, 64);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.NON_TRIVIAL);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(-1f, 1f, new Shape(2, 3, 64, 64));
            float[] nonTrivial = net.predict(ps, x).toFloatArray();

            net.freeze();
            assertThat(net.predict(ps, x).toFloatArray()).containsExactly(nonTrivial);
            assertThat(net.predict(ps, x).toFloatArray()).containsExactly(nonTrivial);

            WeightImporter.fromFormula(net, WeightFormula.RunningStats.TRIVIAL);
            assertThat(net.predict(ps, x).toFloatArray()).as("frozen: the folds of the first weights")
                    .containsExactly(nonTrivial);
            net.freeze();
            float[] trivial = net.predict(ps, x).toFloatArray();
            assertThat(trivial).isNotEqualTo(nonTrivial);

            PoseNet fresh = PoseNetworks.create(m, Architecture.HRNET_W32, 17, 64, 64);
            WeightImporter.fromFormula(fresh, WeightFormula.RunningStats.TRIVIAL);
            assertThat(fresh.predict(ps, x).toFloatArray()).containsExactly(trivial);
        }
    }
}
