package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.robustpose.core.device.TorchKernels;
import io.robustpose.core.train.advmix.UnetGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryFormatTest {

    /** The same logical array, stored channels-last; gradients come back in the input's own order. */
    @Test
    void channelsLastKeepsValuesAndGradients() {
        Engine engine = Engine.getEngine(PoseNetworks.ENGINE);
        try (NDManager m = PoseNetworks.newManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 5, 7));
            NDArray weight = m.randomNormal(new Shape(2, 3, 5, 7));
            assertThat(TorchKernels.isChannelsLast(x)).isFalse();
            x.setRequiresGradient(true);
            NDArray cl;
            try (GradientCollector gc = engine.newGradientCollector()) {
                cl = MemoryFormat.channelsLast(x);
                gc.backward(cl.mul(weight).sum());
            }
            assertThat(TorchKernels.isChannelsLast(cl)).isTrue();
            assertThat(cl.getShape()).isEqualTo(x.getShape());
            assertThat(cl.toFloatArray()).containsExactly(x.toFloatArray());
            assertThat(x.getGradient().toFloatArray()).containsExactly(weight.toFloatArray());
            assertThat(TorchKernels.isChannelsLast(MemoryFormat.channelsLast(cl))).isTrue();
        }
    }

    /**
     * The networks run channels-last end to end, in training and in inference: a layer that handed an NCHW tensor on
     * (a reshape, a concatenation) would turn every convolution after it back to NCHW — and its output with them.
     */
    @ParameterizedTest
    @CsvSource({"simplebaseline-resnet50, 64, 64", "hrnet-w32, 64, 64", "higherhrnet-w32, 64, 64"})
    void networksKeepTheirActivationsChannelsLast(String arch, int height, int width) {
        try (NDManager m = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(m, Architecture.byId(arch).orElseThrow(), 17, height, width);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(-1f, 1f, new Shape(2, 3, height, width));
            for (boolean training : new boolean[] {true, false}) {
                NDList out = net.forward(ps, new NDList(x), training);
                for (NDArray o : out) {
                    assertThat(TorchKernels.isChannelsLast(o)).as("%s output %s, training %s", arch, o.getShape(), training)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void theAdvMixGeneratorRunsChannelsLast() {
        try (NDManager m = PoseNetworks.newManager()) {
            UnetGenerator g = UnetGenerator.forAdvMix(3, 64, 64);
            g.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 9, 64, 64));
            NDArray logits = g.forward(new ParameterStore(m, false), new NDList(m.randomUniform(-1f, 1f,
                    new Shape(2, 9, 64, 64))), true).singletonOrThrow();
            assertThat(TorchKernels.isChannelsLast(logits)).isTrue();
        }
    }

    /**
     * {@link MemoryFormat#assign} writes row-major values through the target's strides: a channels-last array reads back
     * the values written, in their logical order, and stays channels-last.
     */
    @Test
    void assignKeepsTheTargetsLayout() {
        try (NDManager m = PoseNetworks.newManager()) {
            NDArray target = MemoryFormat.channelsLast(m.zeros(new Shape(2, 3, 4, 5)));
            float[] values = new float[120];
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
            MemoryFormat.assign(target, values);
            assertThat(TorchKernels.isChannelsLast(target)).isTrue();
            assertThat(target.toFloatArray()).containsExactly(values);
            assertThatThrownBy(() -> MemoryFormat.assign(target, new float[119]))
                    .hasMessageContaining("119 float values").hasMessageContaining("(2, 3, 4, 5)");
        }
    }
}
