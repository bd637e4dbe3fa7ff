package io.robustpose.core.train.advmix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.robustpose.core.model.PoseNetworks;
import org.junit.jupiter.api.Test;

/** The pix2pix U-Net: shapes, parameter count of the authors' model, InstanceNorm, softmax mix. */
class UnetGeneratorTest {

    /** Parameters of the authors' UnetGenerator(9, 3, levels, ngf=64): every conv has a bias. */
    private static long authorsParameterCount(int levels) {
        int ngf = 64;
        long total = 0;
        for (int i = 0; i < levels; i++) {
            long inner = ngf * Math.min(1L << i, 8);
            long downIn = i == 0 ? 9 : ngf * Math.min(1L << (i - 1), 8);
            total += downIn * inner * 16 + inner;
            long upIn = i == levels - 1 ? inner : 2 * inner;
            long upOut = i == 0 ? 3 : downIn;
            total += upIn * upOut * 16 + upOut;
        }
        return total;
    }

    @Test
    void shapesLevelsAndParameterCountMatchTheAuthorsGenerator() {
        assertThat(UnetGenerator.defaultLevels(256, 192)).isEqualTo(6);
        assertThat(UnetGenerator.defaultLevels(128, 96)).isEqualTo(5);
        assertThat(UnetGenerator.defaultLevels(64, 64)).isEqualTo(6);
        assertThatThrownBy(() -> UnetGenerator.defaultLevels(64, 48)).isInstanceOf(IllegalArgumentException.class);
        try (NDManager manager = PoseNetworks.newManager()) {
            for (int levels : new int[] {5, 6}) {
                UnetGenerator g = new UnetGenerator(9, 3, levels, 64);
                g.initialize(manager, DataType.FLOAT32, new Shape(2, 9, 128, 128));
                g.reset(1);
                // the authors' tensors (the phase kernels' zero padding channels are not parameters of theirs)
                long count = 0;
                for (UnetGenerator.OfficialTensor t : g.officialStateDict().values()) {
                    count += t.values().length;
                }
                assertThat(count).as("levels %d", levels).isEqualTo(authorsParameterCount(levels));
                NDArray x = manager.randomUniform(-1f, 1f, new Shape(2, 9, 128, 128));
                NDArray y = g.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
                assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 128, 128));
                assertThat(y.abs().max().getFloat()).isGreaterThan(0f).isLessThan(1e3f);
            }
        }
    }

    @Test
    void instanceNormNormalizesEachChannelOfEachImage() {
        try (NDManager manager = PoseNetworks.newManager()) {
            NDArray x = manager.randomNormal(3f, 2f, new Shape(2, 4, 8, 6), DataType.FLOAT32);
            NDArray y = UnetGenerator.instanceNorm(x);
            NDArray flat = y.reshape(2, 4, 48);
            float[] mean = flat.mean(new int[] {2}).toFloatArray();
            float[] var = flat.square().mean(new int[] {2}).toFloatArray();
            for (int i = 0; i < mean.length; i++) {
                assertThat(mean[i]).isCloseTo(0f, within(1e-5f));
                assertThat(var[i]).isCloseTo(1f, within(1e-3f));
            }
            // the definition in double: (x − mean) / sqrt(biased var + 1e-5) per image and channel
            float[] in = x.toFloatArray();
            float[] out = y.toFloatArray();
            double worst = 0;
            for (int plane = 0; plane < 8; plane++) {
                double m = 0;
                for (int i = 0; i < 48; i++) {
                    m += in[plane * 48 + i];
                }
                m /= 48;
                double v = 0;
                for (int i = 0; i < 48; i++) {
                    v += (in[plane * 48 + i] - m) * (in[plane * 48 + i] - m);
                }
                v /= 48;
                for (int i = 0; i < 48; i++) {
                    worst = Math.max(worst, Math.abs(out[plane * 48 + i] - (in[plane * 48 + i] - m) / Math.sqrt(v + 1e-5)));
                }
            }
            assertThat(worst).as("max |Δ| against the double-precision definition").isLessThan(1e-5);
        }
    }

    @Test
    void mixWeightsSumToOnePerPixelAndPerImage() {
        try (NDManager manager = PoseNetworks.newManager()) {
            NDArray logits = manager.randomNormal(0f, 3f, new Shape(2, 3, 8, 6), DataType.FLOAT32);
            NDArray perPixel = MixWeights.perPixel(logits);
            float[] sum = perPixel.sum(new int[] {1}).toFloatArray();
            for (float s : sum) {
                assertThat(s).isCloseTo(1f, within(1e-6f));
            }
            assertThat(perPixel.min().getFloat()).isGreaterThanOrEqualTo(0f);
            NDArray perImage = MixWeights.perImage(logits);
            assertThat(perImage.getShape()).isEqualTo(new Shape(2, 3, 1, 1));
            for (float s : perImage.sum(new int[] {1}).toFloatArray()) {
                assertThat(s).isCloseTo(1f, within(1e-6f));
            }
            // the mix applies the same weight to the three colour channels
            NDArray a = manager.full(new Shape(2, 3, 8, 6), 1f);
            NDArray b = manager.full(new Shape(2, 3, 8, 6), 2f);
            NDArray c = manager.full(new Shape(2, 3, 8, 6), 4f);
            NDArray mix = MixWeights.mix(new NDList(a, b, c), perPixel);
            float[] m = mix.toFloatArray();
            float[] w = perPixel.toFloatArray();
            int plane = 8 * 6;
            for (int n = 0; n < 2; n++) {
                for (int i = 0; i < plane; i++) {
                    float expected = w[(n * 3) * plane + i] + 2 * w[(n * 3 + 1) * plane + i]
                            + 4 * w[(n * 3 + 2) * plane + i];
                    for (int ch = 0; ch < 3; ch++) {
                        assertThat(m[(n * 3 + ch) * plane + i]).isCloseTo(expected, within(1e-5f));
                    }
                }
            }
        }
    }

    /** The authors' state_dict keys and shapes of UnetGenerator(9, 3, 5), as PyTorch lists them. */
    private static final String[][] AUTHORS_KEYS_5 = {
        {"model.model.0.weight", "64,9,4,4"}, {"model.model.0.bias", "64"},
        {"model.model.1.model.1.weight", "128,64,4,4"}, {"model.model.1.model.1.bias", "128"},
        {"model.model.1.model.3.model.1.weight", "256,128,4,4"}, {"model.model.1.model.3.model.1.bias", "256"},
        {"model.model.1.model.3.model.3.model.1.weight", "512,256,4,4"},
        {"model.model.1.model.3.model.3.model.1.bias", "512"},
        {"model.model.1.model.3.model.3.model.3.model.1.weight", "512,512,4,4"},
        {"model.model.1.model.3.model.3.model.3.model.1.bias", "512"},
        {"model.model.1.model.3.model.3.model.3.model.3.weight", "512,512,4,4"},
        {"model.model.1.model.3.model.3.model.3.model.3.bias", "512"},
        {"model.model.1.model.3.model.3.model.5.weight", "1024,256,4,4"},
        {"model.model.1.model.3.model.3.model.5.bias", "256"},
        {"model.model.1.model.3.model.5.weight", "512,128,4,4"}, {"model.model.1.model.3.model.5.bias", "128"},
        {"model.model.1.model.5.weight", "256,64,4,4"}, {"model.model.1.model.5.bias", "64"},
        {"model.model.3.weight", "128,3,4,4"}, {"model.model.3.bias", "3"}};

    @Test
    void officialStateDictHasTheAuthorsKeysAndRoundTrips() {
        try (NDManager manager = PoseNetworks.newManager()) {
            UnetGenerator a = new UnetGenerator(9, 3, 5, 64);
            a.initialize(manager, DataType.FLOAT32, new Shape(1, 9, 64, 64));
            a.reset(1);
            java.util.Map<String, UnetGenerator.OfficialTensor> sd = a.officialStateDict();
            assertThat(sd.keySet()).hasSize(AUTHORS_KEYS_5.length);
            for (String[] k : AUTHORS_KEYS_5) {
                assertThat(sd).containsKey(k[0]);
                long[] shape = java.util.Arrays.stream(k[1].split(",")).mapToLong(Long::parseLong).toArray();
                assertThat(sd.get(k[0]).shape()).as(k[0]).containsExactly(shape);
            }
            UnetGenerator b = new UnetGenerator(9, 3, 5, 64);
            b.initialize(manager, DataType.FLOAT32, new Shape(1, 9, 64, 64));
            b.reset(2);
            // loading under DataParallel's "module." prefix too
            b.loadOfficialStateDict(key -> key.startsWith("module.") ? sd.get(key.substring(7)) : null);
            NDArray x = manager.randomUniform(-1f, 1f, new Shape(1, 9, 64, 64));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray ya = a.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray yb = b.forward(ps, new NDList(x), false).singletonOrThrow();
            assertThat(ya.sub(yb).abs().max().getFloat()).isEqualTo(0f);
            assertThatThrownBy(() -> b.loadOfficialStateDict(key -> null))
                    .hasMessageContaining("model.model.0.weight");
        }
    }
}
