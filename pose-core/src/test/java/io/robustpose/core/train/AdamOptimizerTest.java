package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.robustpose.core.device.TorchKernels;
import io.robustpose.core.model.MemoryFormat;
import io.robustpose.core.model.PoseNetworks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * The moments restored from a checkpoint are the ones saved, in the parameters' layout (the fused kernel walks
     * parameter, gradient and moments in memory order): a run saved after one step and resumed takes the same second
     * step as the run that went on.
     */
    @Test
    void aResumedRunTakesTheSameStep(@TempDir Path dir) throws IOException {
        Engine engine = Engine.getEngine(PoseNetworks.ENGINE);
        try (NDManager manager = PoseNetworks.newManager()) {
            NDArray input = manager.randomNormal(new Shape(2, 3, 6, 5));
            Conv2d ongoing = convolution(manager);
            Conv2d resumed = convolution(manager);
            MemoryFormat.assign(resumed.getParameters().get("weight").getArray(),
                    ongoing.getParameters().get("weight").getArray());
            MemoryFormat.assign(resumed.getParameters().get("bias").getArray(),
                    ongoing.getParameters().get("bias").getArray());
            ParameterStore ps = new ParameterStore(manager, false);
            try (AdamOptimizer first = new AdamOptimizer(ongoing, manager);
                    AdamOptimizer second = new AdamOptimizer(resumed, manager)) {
                step(engine, ps, ongoing, first, input);
                Path file = dir.resolve("optimizer.safetensors");
                first.save(file, Map.of());
                MemoryFormat.assign(resumed.getParameters().get("weight").getArray(),
                        ongoing.getParameters().get("weight").getArray());
                MemoryFormat.assign(resumed.getParameters().get("bias").getArray(),
                        ongoing.getParameters().get("bias").getArray());
                second.load(file);
                step(engine, ps, ongoing, first, input);
                step(engine, ps, resumed, second, input);
                NDArray w = resumed.getParameters().get("weight").getArray();
                assertThat(w.toFloatArray()).containsExactly(ongoing.getParameters().get("weight").getArray()
                        .toFloatArray());
            }
        }
    }

    private static Conv2d convolution(NDManager manager) {
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build();
        conv.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 6, 5));
        return conv;
    }

    private static void step(Engine engine, ParameterStore ps, Conv2d conv, AdamOptimizer adam, NDArray input) {
        try (NDManager sm = input.getManager().newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDArray x = MemoryFormat.channelsLast(input);
            NDArray out = conv.forward(ps, new NDList(x), true).singletonOrThrow();
            gc.backward(out.mul(out).sum());
            adam.step(1e-2);
        }
    }

    /** The fused kernel refuses a parameter whose moment is stored in another layout (it would pair wrong elements). */
    @Test
    void theFusedKernelRefusesMixedLayouts() {
        try (NDManager manager = PoseNetworks.newManager()) {
            NDArray weight = MemoryFormat.channelsLast(manager.randomNormal(new Shape(4, 3, 3, 3)));
            NDArray contiguous = manager.zeros(new Shape(4, 3, 3, 3));
            NDArray grad = MemoryFormat.channelsLast(manager.zeros(new Shape(4, 3, 3, 3)));
            NDArray m = MemoryFormat.channelsLast(manager.zeros(new Shape(4, 3, 3, 3)));
            assertThatThrownBy(() -> TorchKernels.adam(List.of(weight), List.of(grad), List.of(m), List.of(contiguous),
                    1, 1e-3, 0.9, 0.999, 1e-8)).hasMessageContaining("adam: parameter 0 has strides");
        }
    }
}
