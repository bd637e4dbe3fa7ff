package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The BatchNorm the networks use behaves like PyTorch's BatchNorm2d(momentum=0.1, eps=1e-5):
 * train mode normalises with the biased batch variance and moves the running statistics 10 %
 * toward the batch mean and the unbiased batch variance (DJL's momentum counts the other way).
 */
class BatchNormSemanticsTest {

    @Test
    void trainModeMatchesPyTorch() {
        int n = 4;
        int c = 3;
        int hw = 25;
        Random random = new Random(5);
        float[] x = new float[n * c * hw];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * (1 + i % 3) + 0.5);
        }
        try (NDManager manager = PoseNetworks.newManager()) {
            BatchNorm bn = ConvBn.batchNorm();
            bn.initialize(manager, DataType.FLOAT32, new Shape(n, c, 5, 5));
            float[] y = bn.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(x, new Shape(n, c, 5, 5))), true).singletonOrThrow().toFloatArray();
            NDArray runningMean = bn.getParameters().get("runningMean").getArray();
            NDArray runningVar = bn.getParameters().get("runningVar").getArray();
            for (int ch = 0; ch < c; ch++) {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < hw; i++) {
                        sum += x[(b * c + ch) * hw + i];
                    }
                }
                int count = n * hw;
                double mean = sum / count;
                double sq = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < hw; i++) {
                        double d = x[(b * c + ch) * hw + i] - mean;
                        sq += d * d;
                    }
                }
                double biased = sq / count;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < hw; i++) {
                        int idx = (b * c + ch) * hw + i;
                        assertThat((double) y[idx]).isCloseTo((x[idx] - mean) / Math.sqrt(biased + 1e-5), within(1e-5));
                    }
                }
                assertThat((double) runningMean.getFloat(ch)).isCloseTo(0.1 * mean, within(1e-6));
                assertThat((double) runningVar.getFloat(ch)).isCloseTo(0.9 + 0.1 * sq / (count - 1), within(1e-6));
            }
        }
    }
}
