package io.robustpose.core.train.advmix;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.robustpose.core.model.PoseNetworks;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The transposed convolution emulation against PyTorch's definition, computed naively. */
class ConvTranspose4x4Test {

    @Test
    void matchesTheDefinitionOfConvTranspose2dK4S2P1() {
        int n = 2;
        int in = 3;
        int out = 5;
        int h = 4;
        int w = 3;
        SplittableRandom rng = new SplittableRandom(8);
        float[] x = new float[n * in * h * w];
        float[] weight = new float[in * out * 16];
        float[] bias = new float[out];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < out; i++) {
            bias[i] = (float) (rng.nextDouble() - 0.5);
        }
        // y[o, Y, X] = b[o] + Σ_c Σ_ky,kx x[c, iy, ix] · W[c, o, ky, kx], Y = 2·iy − 1 + ky, X = 2·ix − 1 + kx
        int oh = 2 * h;
        int ow = 2 * w;
        double[] expected = new double[n * out * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < oh * ow; i++) {
                    expected[(b * out + o) * oh * ow + i] = bias[o];
                }
                for (int c = 0; c < in; c++) {
                    for (int iy = 0; iy < h; iy++) {
                        for (int ix = 0; ix < w; ix++) {
                            for (int ky = 0; ky < 4; ky++) {
                                for (int kx = 0; kx < 4; kx++) {
                                    int y = 2 * iy - 1 + ky;
                                    int xx = 2 * ix - 1 + kx;
                                    if (y < 0 || y >= oh || xx < 0 || xx >= ow) {
                                        continue;
                                    }
                                    expected[((b * out + o) * oh + y) * ow + xx] += x[((b * in + c) * h + iy) * w + ix]
                                            * weight[((c * out + o) * 4 + ky) * 4 + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        try (NDManager manager = PoseNetworks.newManager()) {
            ConvTranspose4x4 block = new ConvTranspose4x4(out);
            block.initialize(manager, DataType.FLOAT32, new Shape(n, in, h, w));
            block.setOfficialWeights(weight, bias);
            NDArray y = block.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(x, new Shape(n, in, h, w))), false).singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(new Shape(n, out, oh, ow));
            float[] got = y.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertThat((double) got[i]).as("element %d", i)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
            }
            // reading the weight back in PyTorch's layout gives exactly what was set
            assertThat(block.officialWeights()).containsExactly(weight);
            assertThat(block.inChannels()).isEqualTo(in);
        }
    }
}
