package io.robustpose.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both ConvTranspose2d rewrites against a direct transposed convolution, on WEIGHT_FORMULA.md §5's shapes. */
class DeconvEquivalenceTest {

    @ParameterizedTest(name = "{4}: x[{0},{1},{2},{3}] -> {5}")
    @CsvSource({
        "1, 3, 7, 4, PHASE_CONV_2X2, 5", "2, 8, 1, 1, PHASE_CONV_2X2, 4", "2, 16, 5, 9, PHASE_CONV_2X2, 6",
        "1, 3, 7, 4, SUBPIXEL_CONV_3X3, 5", "2, 8, 1, 1, SUBPIXEL_CONV_3X3, 4", "2, 16, 5, 9, SUBPIXEL_CONV_3X3, 6"})
    void matchesTransposedConvolution(int n, int in, int h, int w, DeconvMethod method, int out) {
        Random random = new Random(31L * in + out);
        float[] x = new float[n * in * h * w];
        float[] weight = new float[in * out * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) random.nextGaussian();
        }
        double[] expected = transposedConv(x, weight, n, in, h, w, out);

        try (NDManager manager = PoseNetworks.newManager()) {
            Deconv4x4 block = new Deconv4x4(out, method);
            block.initialize(manager, DataType.FLOAT32, new Shape(n, in, h, w));
            Parameter kernel = block.getParameters().get(0).getValue();
            long[] nativeShape = kernel.getShape().getShape();
            TensorLayout layout = Deconv4x4.layout(method);
            assertThat(layout.officialShape(nativeShape)).containsExactly(in, out, 4, 4);
            float[] nativeValues = layout.toNative(weight, nativeShape);
            assertThat(layout.toOfficial(nativeValues, nativeShape)).containsExactly(weight);
            kernel.getArray().set(FloatBuffer.wrap(nativeValues));

            NDArray y = block.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(x, new Shape(n, in, h, w))), false).singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(new Shape(n, out, 2L * h, 2L * w));
            assertThat(block.getOutputShapes(new Shape[] {new Shape(n, in, h, w)})[0]).isEqualTo(y.getShape());
            float[] actual = y.toFloatArray();
            double maxDiff = 0;
            for (int i = 0; i < actual.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            }
            assertThat(maxDiff).isLessThan(1e-4);
        }
    }

    /** PyTorch's definition: y[o, 2·iy-1+ky, 2·ix-1+kx] += x[c, iy, ix] · W[c, o, ky, kx]. */
    private static double[] transposedConv(float[] x, float[] weight, int n, int in, int h, int w, int out) {
        int oh = 2 * h;
        int ow = 2 * w;
        double[] y = new double[n * out * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < in; c++) {
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < w; ix++) {
                        double v = x[((b * in + c) * h + iy) * w + ix];
                        for (int o = 0; o < out; o++) {
                            for (int ky = 0; ky < 4; ky++) {
                                int yy = 2 * iy - 1 + ky;
                                if (yy < 0 || yy >= oh) {
                                    continue;
                                }
                                for (int kx = 0; kx < 4; kx++) {
                                    int xx = 2 * ix - 1 + kx;
                                    if (xx < 0 || xx >= ow) {
                                        continue;
                                    }
                                    y[((b * out + o) * oh + yy) * ow + xx] += v * weight[((c * out + o) * 4 + ky) * 4 + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }
}
