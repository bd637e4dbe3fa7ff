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

    /**
     * The input and weight gradients against their definition, batch 2, for output counts that are and
     * are not multiples of 4: libtorch 2.7.1 gets a 2×2 convolution's input gradient wrong (up to 100 %)
     * when its output channels are not a multiple of 16 and the batch is larger than 1, which a
     * 3-logit layer (12 phase channels) hit before the phases were padded.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3, 4, 5})
    void gradientsMatchTheirDefinition(int out) {
        int n = 2;
        int in = 5;
        int h = 6;
        int w = 4;
        SplittableRandom rng = new SplittableRandom(out);
        float[] x = new float[n * in * h * w];
        float[] weight = new float[in * out * 16];
        float[] g = new float[n * out * 4 * h * w];
        for (float[] a : new float[][] {x, weight, g}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (rng.nextDouble() * 2 - 1);
            }
        }
        int oh = 2 * h;
        int ow = 2 * w;
        // L = Σ y·g, y[b,o,Y,X] = bias + Σ x[b,c,iy,ix]·W[c,o,ky,kx] with Y = 2iy − 1 + ky:
        // dL/dx[b,c,iy,ix] = Σ_o,ky,kx W[c,o,ky,kx]·g[b,o,Y,X]; dL/dW[c,o,ky,kx] = Σ_b,iy,ix x[b,c,iy,ix]·g[b,o,Y,X]
        double[] dx = new double[x.length];
        double[] dw = new double[weight.length];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < in; c++) {
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < w; ix++) {
                        int xi = ((b * in + c) * h + iy) * w + ix;
                        for (int o = 0; o < out; o++) {
                            for (int ky = 0; ky < 4; ky++) {
                                for (int kx = 0; kx < 4; kx++) {
                                    int yy = 2 * iy - 1 + ky;
                                    int xx = 2 * ix - 1 + kx;
                                    if (yy < 0 || yy >= oh || xx < 0 || xx >= ow) {
                                        continue;
                                    }
                                    int wi = ((c * out + o) * 4 + ky) * 4 + kx;
                                    double gv = g[((b * out + o) * oh + yy) * ow + xx];
                                    dx[xi] += weight[wi] * gv;
                                    dw[wi] += x[xi] * gv;
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
            block.setOfficialWeights(weight, new float[out]);
            NDArray xa = manager.create(x, new Shape(n, in, h, w));
            xa.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getEngine(PoseNetworks.ENGINE)
                    .newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(manager, false), new NDList(xa), true).singletonOrThrow();
                gc.backward(y.mul(manager.create(g, new Shape(n, out, oh, ow))).sum());
            }
            float[] gotDx = xa.getGradient().toFloatArray();
            for (int i = 0; i < gotDx.length; i++) {
                assertThat((double) gotDx[i]).as("dL/dx[%d], out %d", i, out)
                        .isCloseTo(dx[i], org.assertj.core.data.Offset.offset(1e-4));
            }
            // the kernel's gradient read back in PyTorch's layout (the padding channels get none)
            NDArray kernel = block.phaseKernel().getArray();
            float[] saved = kernel.toFloatArray();
            kernel.set(java.nio.FloatBuffer.wrap(kernel.getGradient().toFloatArray()));
            float[] gotDw = block.officialWeights();
            kernel.set(java.nio.FloatBuffer.wrap(saved));
            for (int i = 0; i < gotDw.length; i++) {
                assertThat((double) gotDw[i]).as("dL/dW[%d], out %d", i, out)
                        .isCloseTo(dw[i], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }
}
