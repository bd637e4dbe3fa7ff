package io.robustpose.core.train.advmix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.robustpose.core.model.ForwardScope;
import io.robustpose.core.model.MemoryFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * AdvMix's augmentation generator: the pix2pix U-Net of the authors' lib/models/Unet_generator.py
 * ({@code UnetGenerator(9, 3, num_downs, ngf=64, norm_layer=InstanceNorm2d, use_dropout=False,
 * with_tanh=False)}).
 *
 * <p>Level i (0 = outermost) has {@code inner_i = ngf·min(2^i, 8)} channels. Down path: level 0 is
 * a bare conv; deeper levels are LeakyReLU(0.2) → conv → InstanceNorm, except the innermost (no
 * norm). Every down conv is 4×4 / stride 2 / padding 1 with bias. Up path: ReLU → transposed
 * 4×4 / stride 2 / padding 1 conv → InstanceNorm (none on the outermost, which outputs the raw
 * logits); each level's up input is the concatenation of its own down output and the deeper
 * level's up output (the innermost up sees only its down output). InstanceNorm has no affine
 * parameters and no running statistics (eps 1e-5, biased variance).
 *
 * <p>DJL's PyTorch engine has no transposed convolution: each one is a {@link ConvTranspose4x4}
 * (the stride-1 2×2 convolution + pixel interleave of WEIGHT_FORMULA.md §5, the same function).
 *
 * <p>Initialisation: PyTorch's defaults (the authors do not re-initialise the generator), uniform
 * in ±1/√fan_in for weights and biases with fan_in = in·16 for convolutions and, as PyTorch
 * computes it for ConvTranspose2d, out·16 for the transposed ones; drawn from a seed, so a run is
 * reproducible.
 */
public final class UnetGenerator extends AbstractBlock {

    /** The authors' ngf. */
    public static final int NGF = 64;
    /** InstanceNorm2d's eps. */
    private static final float EPS = 1e-5f;

    private final int inChannels;
    private final int outChannels;
    private final int levels;
    private final int ngf;
    private final int[] inner;
    private final List<Conv2d> down = new ArrayList<>();
    private final List<ConvTranspose4x4> up = new ArrayList<>();

    public UnetGenerator(int inChannels, int outChannels, int levels, int ngf) {
        if (levels < 2) {
            throw new IllegalArgumentException("a U-Net needs at least 2 levels: " + levels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.levels = levels;
        this.ngf = ngf;
        this.inner = new int[levels];
        for (int i = 0; i < levels; i++) {
            inner[i] = ngf * Math.min(1 << i, 8);
        }
        for (int i = 0; i < levels; i++) {
            down.add(addChildBlock("down" + i, conv(inner[i], 4, 2, 1, true)));
        }
        for (int i = 0; i < levels; i++) {
            up.add(addChildBlock("up" + i, new ConvTranspose4x4(upOutChannels(i))));
        }
    }

    /** The authors' generator for AdvMix: 9 input channels (3 proposals), 3 logits, ngf 64. */
    public static UnetGenerator forAdvMix(int proposals, int inputHeight, int inputWidth) {
        return new UnetGenerator(3 * proposals, proposals, defaultLevels(inputHeight, inputWidth), NGF);
    }

    /**
     * 6 levels (the authors' --downsamples 6) when both sides are multiples of 64, else 5; the
     * spatial size must halve exactly at every level for the skip concatenations.
     */
    public static int defaultLevels(int inputHeight, int inputWidth) {
        if (inputHeight % 64 == 0 && inputWidth % 64 == 0) {
            return 6;
        }
        if (inputHeight % 32 == 0 && inputWidth % 32 == 0) {
            return 5;
        }
        throw new IllegalArgumentException("generator input " + inputHeight + "x" + inputWidth
                + " must be a multiple of 32");
    }

    /** A new, uninitialised generator of the same shape (a data-parallel replica). */
    public UnetGenerator sameShape() {
        return new UnetGenerator(inChannels, outChannels, levels, ngf);
    }

    public int inChannels() {
        return inChannels;
    }

    public int levels() {
        return levels;
    }

    private int upOutChannels(int level) {
        return level == 0 ? outChannels : inner[level - 1];
    }

    private int upInChannels(int level) {
        return level == levels - 1 ? inner[level] : 2 * inner[level];
    }

    private static Conv2d conv(int filters, int kernel, int stride, int padding, boolean bias) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(bias).build();
    }

    /** Runs in a {@link ForwardScope}, as the pose networks' blocks: the U-Net's intermediates are closed on return. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return ForwardScope.run(inputs, () -> forwardScoped(ps, inputs, training));
    }

    private NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = MemoryFormat.channelsLast(inputs.singletonOrThrow());
        NDArray[] d = new NDArray[levels];
        // the 9 input channels are above oneDNN's block on AVX2-only CPUs, where libtorch's CPU conv2d is wrong
        Conv2d first = down.get(0);
        d[0] = io.robustpose.core.model.ChannelTailSafeConv.conv2d(x,
                ps.getValue(first.getParameters().get("weight"), x.getDevice(), training),
                ps.getValue(first.getParameters().get("bias"), x.getDevice(), training), new Shape(2, 2), new Shape(1, 1));
        for (int i = 1; i < levels; i++) {
            NDArray h = Activation.leakyRelu(d[i - 1], 0.2f);
            h = down.get(i).forward(ps, new NDList(h), training).singletonOrThrow();
            d[i] = i < levels - 1 ? instanceNorm(h) : h;
        }
        NDArray u = instanceNorm(upConv(ps, levels - 1, Activation.relu(d[levels - 1]), training));
        for (int i = levels - 2; i >= 0; i--) {
            NDArray s = NDArrays.concat(new NDList(d[i], u), 1);
            NDArray y = upConv(ps, i, Activation.relu(s), training);
            u = i > 0 ? instanceNorm(y) : y;
        }
        return new NDList(u);
    }

    private NDArray upConv(ParameterStore ps, int level, NDArray x, boolean training) {
        return up.get(level).forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /**
     * InstanceNorm2d(affine=False, track_running_stats=False), computed as PyTorch does (aten's
     * {@code instance_norm}): batch normalisation with batch statistics over the input viewed as
     * {@code [1, N·C, H, W]}, one fused kernel forward and backward instead of a chain of elementwise
     * operations. The running statistics it is handed are throw-away (never read in training mode).
     */
    static NDArray instanceNorm(NDArray x) {
        Shape shape = x.getShape();
        long planes = shape.get(0) * shape.get(1);
        NDManager m = x.getManager();
        Shape perPlane = new Shape(planes);
        try (NDArray runningMean = m.zeros(perPlane); NDArray runningVar = m.ones(perPlane);
                NDArray scale = m.ones(perPlane); NDArray shift = m.zeros(perPlane);
                NDArray planesView = x.reshape(1, planes, shape.get(2), shape.get(3))) {
            NDArray y = BatchNorm.batchNorm(planesView, runningMean, runningVar, scale, shift, 1, 0.1f, EPS, true)
                    .singletonOrThrow();
            return y.reshape(shape);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        if (in.get(1) != inChannels) {
            throw new IllegalArgumentException("generator expects " + inChannels + " channels, got " + in);
        }
        long[] hs = new long[levels];
        long[] ws = new long[levels];
        for (int i = 0; i < levels; i++) {
            if (h % 2 != 0 || w % 2 != 0) {
                throw new IllegalArgumentException("input " + in + " cannot be halved " + levels + " times");
            }
            down.get(i).initialize(manager, dataType, new Shape(n, i == 0 ? inChannels : inner[i - 1], h, w));
            h /= 2;
            w /= 2;
            hs[i] = h;
            ws[i] = w;
        }
        for (int i = 0; i < levels; i++) {
            up.get(i).initialize(manager, dataType, new Shape(n, upInChannels(i), hs[i], ws[i]));
        }
    }

    /** PyTorch's default initialisation, drawn from {@code seed}. Call after {@code initialize}. */
    public void reset(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < levels; i++) {
            int in = i == 0 ? inChannels : inner[i - 1];
            double bound = 1 / Math.sqrt(in * 16.0);
            fill(down.get(i).getParameters().get("weight"), bound, rng);
            fill(down.get(i).getParameters().get("bias"), bound, rng);
        }
        for (int i = 0; i < levels; i++) {
            ConvTranspose4x4 t = up.get(i);
            double bound = 1 / Math.sqrt(upOutChannels(i) * 16.0);
            float[] w = draw(t.inChannels() * t.outChannels() * 16, bound, rng);
            float[] b = draw(t.outChannels(), bound, rng);
            t.setOfficialWeights(w, b); // the official layout; the phase kernel's padding channels stay zero
        }
    }

    /**
     * The authors' state_dict key prefix of level {@code i}'s {@code UnetBlock}: the outermost block
     * is {@code model}; a block's submodule sits at index 1 of the outermost block's Sequential and at
     * index 3 of a middle block's ({@code [downrelu, downconv, downnorm, submodule, ...]}).
     */
    private static String blockPrefix(int level) {
        StringBuilder b = new StringBuilder("model");
        for (int i = 1; i <= level; i++) {
            b.append(i == 1 ? ".model.1" : ".model.3");
        }
        return b.toString();
    }

    /** Key of level i's down convolution: Sequential index 0 (outermost) or 1 (after the LeakyReLU). */
    private String downKey(int level) {
        return blockPrefix(level) + (level == 0 ? ".model.0" : ".model.1");
    }

    /**
     * Key of level i's transposed convolution: index 3 in the outermost ({@code [down, sub, relu,
     * up]}) and innermost ({@code [relu, down, relu, up, norm]}) blocks, 5 in the middle ones.
     */
    private String upKey(int level) {
        return blockPrefix(level) + (level == 0 || level == levels - 1 ? ".model.3" : ".model.5");
    }

    /** One tensor of the authors' state_dict. */
    public record OfficialTensor(long[] shape, float[] values) {
    }

    /**
     * The weights under the authors' state_dict keys and layouts ({@code nn.ConvTranspose2d} as
     * {@code [in, out, 4, 4]}), so {@code UnetGenerator(9, 3, levels).load_state_dict(...)} takes
     * them (keys without DataParallel's {@code module.} prefix).
     */
    public Map<String, OfficialTensor> officialStateDict() {
        Map<String, OfficialTensor> out = new LinkedHashMap<>();
        for (int i = 0; i < levels; i++) {
            NDArray w = down.get(i).getParameters().get("weight").getArray();
            NDArray b = down.get(i).getParameters().get("bias").getArray();
            out.put(downKey(i) + ".weight", new OfficialTensor(w.getShape().getShape(), w.toFloatArray()));
            out.put(downKey(i) + ".bias", new OfficialTensor(b.getShape().getShape(), b.toFloatArray()));
        }
        for (int i = 0; i < levels; i++) {
            ConvTranspose4x4 t = up.get(i);
            out.put(upKey(i) + ".weight", new OfficialTensor(new long[] {t.inChannels(), t.outChannels(), 4, 4},
                    t.officialWeights()));
            out.put(upKey(i) + ".bias", new OfficialTensor(new long[] {t.outChannels()}, t.bias().getArray()
                    .toFloatArray()));
        }
        return out;
    }

    /**
     * Loads the authors' state_dict (e.g. a converted {@code checkpoint_G.pth}; a {@code module.}
     * prefix is accepted). Every key must be present with its shape.
     */
    public void loadOfficialStateDict(Function<String, OfficialTensor> source) {
        Map<String, OfficialTensor> expected = officialStateDict();
        for (var e : expected.entrySet()) {
            OfficialTensor t = source.apply(e.getKey());
            if (t == null) {
                t = source.apply("module." + e.getKey());
            }
            if (t == null || !Arrays.equals(t.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("generator state_dict: " + e.getKey() + " missing or not of shape "
                        + Arrays.toString(e.getValue().shape()));
            }
        }
        for (int i = 0; i < levels; i++) {
            MemoryFormat.assign(down.get(i).getParameters().get("weight").getArray(), get(source, downKey(i) + ".weight"));
            MemoryFormat.assign(down.get(i).getParameters().get("bias").getArray(), get(source, downKey(i) + ".bias"));
            up.get(i).setOfficialWeights(get(source, upKey(i) + ".weight"), get(source, upKey(i) + ".bias"));
        }
    }

    private static float[] get(Function<String, OfficialTensor> source, String key) {
        OfficialTensor t = source.apply(key);
        return (t != null ? t : source.apply("module." + key)).values();
    }

    private static void fill(Parameter p, double bound, SplittableRandom rng) {
        NDArray a = p.getArray();
        MemoryFormat.assign(a, draw((int) a.size(), bound, rng));
    }

    private static float[] draw(int n, double bound, SplittableRandom rng) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }

    @Override
    public String toString() {
        return "UnetGenerator(" + inChannels + "->" + outChannels + ", levels " + levels + ", ngf " + ngf + ")";
    }
}
