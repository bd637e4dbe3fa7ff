package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Intermediates are released inside the forward (only input and output stay attached to the
 * caller's manager), and closing them does not break backward: libtorch's autograd graph keeps
 * what it saved.
 */
class ForwardScopingTest {

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"SIMPLEBASELINE_RESNET18", "HRNET_W32"})
    void onlyInputAndOutputStayAttached(Architecture architecture) {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, architecture, 17, 64, 64);
            ParameterStore ps = new ParameterStore(manager, false);
            for (boolean training : new boolean[] {false, true}) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.randomUniform(-1f, 1f, new Shape(2, 3, 64, 64));
                    NDArray y = net.forward(ps, new NDList(x), training).singletonOrThrow();
                    assertThat(y.getShape()).isEqualTo(new Shape(2, 17, 16, 16));
                    assertThat(step.getManagedArrays()).as("training=" + training).hasSize(2);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"SIMPLEBASELINE_RESNET18", "HRNET_W32"})
    void backwardReachesEveryParameter(Architecture architecture) {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, architecture, 17, 64, 64);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.TRIVIAL);
            List<Parameter> trainable = new ArrayList<>();
            for (var p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                    trainable.add(p.getValue());
                }
            }
            ParameterStore ps = new ParameterStore(manager, false);
            float[] yValues;
            float[] biasGrad;
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = Engine.getEngine(PoseNetworks.ENGINE).newGradientCollector()) {
                NDArray x = step.randomUniform(-1f, 1f, new Shape(2, 3, 64, 64));
                NDArray y = net.forward(ps, new NDList(x), true).singletonOrThrow();
                yValues = y.toFloatArray();
                collector.backward(y.square().sum().div(2)); // dL/dy = y
                for (Parameter p : trainable) {
                    float[] grad = p.getArray().getGradient().toFloatArray();
                    double norm = 0;
                    for (float g : grad) {
                        assertThat(Float.isFinite(g)).as(p.getId()).isTrue();
                        norm += Math.abs(g);
                    }
                    assertThat(norm).as("gradient of " + p.getId()).isGreaterThan(0);
                }
                biasGrad = net.stateDict().get("final_layer.bias").orElseThrow().parameter().getArray()
                        .getGradient().toFloatArray();
            }
            // final_layer.bias: dL/db_k = sum over batch and pixels of y[:, k]
            int pixels = 16 * 16;
            for (int k = 0; k < 17; k++) {
                double expected = 0;
                for (int n = 0; n < 2; n++) {
                    for (int i = 0; i < pixels; i++) {
                        expected += yValues[(n * 17 + k) * pixels + i];
                    }
                }
                assertThat((double) biasGrad[k]).isCloseTo(expected, org.assertj.core.data.Offset.offset(
                        1e-4 * Math.max(1, Math.abs(expected))));
            }
        }
    }

    /** Resuming from a checkpoint after a Trainer attached gradients: the in-place load must not trip autograd. */
    @org.junit.jupiter.api.Test
    void weightsLoadIntoParametersThatRequireGradients() {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, Architecture.SIMPLEBASELINE_RESNET18, 17, 64, 64);
            net.getParameters().forEach(p -> {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            });
            try (GradientCollector collector = Engine.getEngine(PoseNetworks.ENGINE).newGradientCollector()) {
                WeightImporter.fromFormula(net, WeightFormula.RunningStats.TRIVIAL);
            }
            StateDict.Entry bias = net.stateDict().get("final_layer.bias").orElseThrow();
            assertThat(bias.readOfficial()[0]).isEqualTo(-0.0070964871f);
            assertThat(bias.parameter().getArray().hasGradient()).isTrue();
        }
    }

    /**
     * A ParameterStore that copies parameters (copy=true, or one device per GPU under a Trainer)
     * creates its copies lazily during the first forward; they must outlive that forward's scope.
     */
    @org.junit.jupiter.api.Test
    void copyingParameterStoreSurvivesRepeatedForwards() {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, Architecture.SIMPLEBASELINE_RESNET18, 17, 64, 64);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.TRIVIAL);
            ParameterStore copying = new ParameterStore(manager, true);
            ParameterStore direct = new ParameterStore(manager, false);
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(WeightFormula.input(1, 3, 64, 64), new Shape(1, 3, 64, 64));
                float[] expected = net.predict(direct, x).toFloatArray();
                for (int i = 0; i < 2; i++) {
                    ModelFixtures.assertSameFloats("forward " + i, net.predict(copying, x).toFloatArray(), expected);
                }
            }
        }
    }
}
