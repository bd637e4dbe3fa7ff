package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every architecture takes a training step (forward and backward to the image) at the smallest and a
 * usual input size. libtorch 2.7.1's backward of a strided 1×1 convolution kills the JVM (SIGFPE in
 * oneDNN) on machines that report no cache sizes — this machine among them — so ResNet-50's first
 * training step crashed every train worker; {@link ConvBn} subsamples first. Were that path taken
 * again, this test's JVM would die and the build fail.
 */
class TrainableShapesTest {

    @ParameterizedTest
    @CsvSource({"simplebaseline-resnet18, 64, 64", "simplebaseline-resnet50, 64, 64",
            "simplebaseline-resnet50, 256, 192", "simplebaseline-resnet101, 64, 64",
            "simplebaseline-resnet152, 64, 64", "hrnet-w32, 64, 64", "hrnet-w48, 64, 64"})
    void everyArchitectureTakesATrainingStep(String arch, int height, int width) {
        Engine engine = Engine.getEngine(PoseNetworks.ENGINE);
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, Architecture.byId(arch).orElseThrow(), 17, height, width);
            NDArray images = manager.randomNormal(new Shape(2, 3, height, width));
            images.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray heatmaps = net.forward(new ParameterStore(manager, false), new NDList(images), true)
                        .singletonOrThrow();
                gc.backward(heatmaps.square().sum());
            }
            NDArray g = images.getGradient();
            assertThat(g.isInfinite().any().getBoolean()).isFalse();
            assertThat(g.isNaN().any().getBoolean()).isFalse();
            assertThat(g.abs().sum().getFloat()).isPositive();
        }
    }

    /** "Every stride-th pixel, then 1×1" is the strided 1×1 convolution, forward and backward (on a shape libtorch survives). */
    @Test
    void theSubsampledDownsampleIsTheStridedConvolution() {
        Engine engine = Engine.getEngine(PoseNetworks.ENGINE);
        try (NDManager manager = PoseNetworks.newManager()) {
            ConvBn viaSubsample = ConvBn.sequential(32, 1, 2, false);
            viaSubsample.initialize(manager, DataType.FLOAT32, new Shape(2, 16, 9, 7));
            NDArray weight = viaSubsample.getParameters().valueAt(0).getArray();
            NDArray x = manager.randomNormal(new Shape(2, 16, 9, 7));
            x.setRequiresGradient(true);
            NDArray direct;
            try (GradientCollector gc = engine.newGradientCollector()) {
                direct = Conv2d.conv2d(x, weight, null, new Shape(2, 2), new Shape(0, 0), new Shape(1, 1), 1)
                        .singletonOrThrow();
                gc.backward(direct.square().sum());
            }
            NDArray directGrad = x.getGradient().duplicate();
            NDArray x2 = x.duplicate();
            x2.setRequiresGradient(true);
            NDArray sub;
            try (GradientCollector gc = engine.newGradientCollector()) {
                // inference-mode BatchNorm of a fresh block: mean 0, variance 1, so y = conv / sqrt(1 + eps)
                sub = viaSubsample.forward(new ParameterStore(manager, false), new NDList(x2), false)
                        .singletonOrThrow().mul(Math.sqrt(1 + ConvBn.BN_EPS));
                gc.backward(sub.square().sum());
            }
            assertThat(sub.getShape()).isEqualTo(new Shape(2, 32, 5, 4));
            assertThat(viaSubsample.getOutputShapes(new Shape[] {x.getShape()})[0]).isEqualTo(sub.getShape());
            assertThat(sub.sub(direct).abs().max().getFloat()).isLessThan(1e-5f);
            assertThat(x2.getGradient().sub(directGrad).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }
}
