package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.robustpose.core.model.PoseNetworks;
import org.junit.jupiter.api.Test;

/**
 * Adam is PyTorch's {@code torch.optim.Adam} (the authors' optimizer), including where ε sits: with
 * gradients near ε — common for a converged network — the effective ε of the fused kernel must not
 * be 1/√(1−β2^t) times larger (it was, until the step comparison with the authors' code found it).
 */
class AdamOptimizerTest {

    @Test
    void followsPytorchsUpdateWithGradientsNearEpsilon() {
        // loss = Σ x·w + b → ∂loss/∂w = x, ∂loss/∂b = 1
        double[] x = {3e-9, 1e-8, -2e-8, 1e-7, -5e-4};
        double lr = 1e-3;
        Engine.getEngine(PoseNetworks.ENGINE);
        try (NDManager manager = PoseNetworks.newManager()) {
            Linear linear = Linear.builder().setUnits(1).build();
            linear.initialize(manager, DataType.FLOAT32, new Shape(1, x.length));
            float[] w0 = {0.1f, -0.2f, 0.3f, 0.05f, -0.01f};
            linear.getParameters().get("weight").getArray().set(w0);
            double[] w = new double[x.length];
            double[] m = new double[x.length];
            double[] v = new double[x.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = w0[i];
            }
            float[] xf = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                xf[i] = (float) x[i];
            }
            try (AdamOptimizer adam = new AdamOptimizer(linear, manager)) {
                ParameterStore ps = new ParameterStore(manager, false);
                for (int t = 1; t <= 3; t++) {
                    try (NDManager sm = manager.newSubManager(); GradientCollector gc = Engine.getEngine(
                            PoseNetworks.ENGINE).newGradientCollector()) {
                        NDArray in = sm.create(xf, new Shape(1, x.length));
                        NDArray out = linear.forward(ps, new NDList(in), true).singletonOrThrow();
                        gc.backward(out.sum());
                        adam.step(lr);
                    }
                    // torch.optim.Adam (amsgrad off, no weight decay), in double
                    for (int i = 0; i < w.length; i++) {
                        double g = xf[i];
                        m[i] = 0.9 * m[i] + 0.1 * g;
                        v[i] = 0.999 * v[i] + 0.001 * g * g;
                        double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                        w[i] -= lr / (1 - Math.pow(0.9, t)) * m[i] / denom;
                    }
                    float[] got = linear.getParameters().get("weight").getArray().toFloatArray();
                    for (int i = 0; i < w.length; i++) {
                        // float32 state vs double: a few ulps of the weight, far below the ε effect
                        // (e.g. x = 3e-9 moves w by lr·0.23 with PyTorch's ε, by lr·0.009 with the old one)
                        assertThat((double) got[i]).as("step %d weight %d", t, i).isCloseTo(w[i], within(2e-7));
                    }
                }
            }
        }
    }
}
