package io.robustpose.core.train.advmix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.robustpose.core.model.MemoryFormat;
import io.robustpose.core.model.PhaseInterleave;

/**
 * {@code nn.ConvTranspose2d(in, out, kernel_size=4, stride=2, padding=1, bias=True)} for DJL's
 * PyTorch engine, which has no transposed convolution: a stride-1 2×2 convolution (padding 1) to
 * 4·out channels, a per-phase crop and a pixel interleave (WEIGHT_FORMULA.md §5, method A), then the
 * bias. Output row {@code 2a + py} sums input rows {a−1, a} with kernel rows {3, 1} (py = 0) or rows
 * {a, a+1} with kernel rows {2, 0} (py = 1), columns likewise, so the 2×2 kernel of phase (py, px)
 * is {@code K[(2py+px)·stride + o, c, ty, tx] = W[c, o, 3−py−2ty, 3−px−2tx]}.
 *
 * <p>The phases are {@code stride = ⌈out/4⌉·4} channels apart, so the 2×2 convolution has a
 * multiple of 16 output channels; the channels {@code o ≥ out} of each phase are zero and never
 * used. Reason: libtorch 2.7.1 (DJL's PyTorch engine) computes a wrong <em>input</em> gradient for
 * a 2×2 convolution with a batch of 2 or more when its output channel count is not a multiple of 16
 * (forward and weight gradient are right; 3×3, 1×1 and 4×4 kernels are unaffected; PyTorch 2.13 is
 * right). The generator's outermost layer (3 logits, 12 phase channels) hit it, so every generator
 * layer but the last trained on a wrong gradient — found by the step comparison with the authors'
 * code (issue 15), pinned by ConvTranspose4x4Test. The unused channels get no gradient (their
 * outputs are dropped), so they stay zero under Adam.
 */
public final class ConvTranspose4x4 extends AbstractBlock {

    private final int outChannels;
    /** Channels between two phases of the 2×2 convolution's output: out rounded up to a multiple of 4. */
    private final int phaseStride;
    private final Conv2d conv;
    private final Parameter bias;

    public ConvTranspose4x4(int outChannels) {
        this.outChannels = outChannels;
        this.phaseStride = (outChannels + 3) / 4 * 4;
        this.conv = addChildBlock("phases", Conv2d.builder().setFilters(4 * phaseStride).setKernelShape(new Shape(2, 2))
                .optStride(new Shape(1, 1)).optPadding(new Shape(1, 1)).optBias(false).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outChannels)).optRequiresGrad(true).build());
    }

    public int outChannels() {
        return outChannels;
    }

    /** The phase kernel {@code [4·stride, in, 2, 2]} (stride = out rounded up to a multiple of 4). */
    public Parameter phaseKernel() {
        return conv.getParameters().get("weight");
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray z = conv.forward(ps, new NDList(x), training).singletonOrThrow(); // [N, 4·stride, H+1, W+1]
        NDArray y = PhaseInterleave.interleave(z, phaseStride, outChannels);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        // the reshaped view would stay attached to the parameter's manager: close its handle
        // (autograd keeps what it needs)
        try (NDArray column = b.reshape(1, outChannels, 1, 1)) {
            return new NDList(y.add(column));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, 2 * in.get(2), 2 * in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes[0]);
    }

    /** Input channels (known once initialized). */
    public int inChannels() {
        return (int) phaseKernel().getArray().getShape().get(1);
    }

    /** Sets the weights from PyTorch's layout {@code W[in, out, 4, 4]} and {@code bias[out]}. */
    public void setOfficialWeights(float[] official, float[] biasValues) {
        int in = inChannels();
        int out = outChannels;
        if (official.length != in * out * 16 || biasValues.length != out) {
            throw new IllegalArgumentException("expected W[" + in + ", " + out + ", 4, 4] and bias[" + out + "]");
        }
        float[] phase = new float[4 * phaseStride * in * 4];
        permute(official, phase, in, true);
        MemoryFormat.assign(phaseKernel().getArray(), phase);
        MemoryFormat.assign(bias.getArray(), biasValues);
    }

    /** The weight in PyTorch's layout {@code W[in, out, 4, 4]} (the inverse of {@link #setOfficialWeights}). */
    public float[] officialWeights() {
        float[] phase = phaseKernel().getArray().toFloatArray();
        int in = inChannels();
        float[] official = new float[in * outChannels * 16];
        permute(phase, official, in, false);
        return official;
    }

    /**
     * The map between the two layouts: every (phase, tap) pair of an output channel below {@code out}
     * is one kernel entry (the padding channels stay zero).
     */
    private void permute(float[] from, float[] to, int in, boolean officialToPhase) {
        int out = outChannels;
        for (int py = 0; py < 2; py++) {
            for (int px = 0; px < 2; px++) {
                for (int o = 0; o < out; o++) {
                    int oc = (py * 2 + px) * phaseStride + o;
                    for (int c = 0; c < in; c++) {
                        for (int ty = 0; ty < 2; ty++) {
                            for (int tx = 0; tx < 2; tx++) {
                                int p = ((oc * in + c) * 2 + ty) * 2 + tx;
                                int w = ((c * out + o) * 4 + 3 - py - 2 * ty) * 4 + 3 - px - 2 * tx;
                                if (officialToPhase) {
                                    to[p] = from[w];
                                } else {
                                    to[w] = from[p];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
