package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import io.robustpose.core.device.TorchKernels;

/**
 * {@code nn.ConvTranspose2d(in, out, kernel_size=4, stride=2, padding=1, output_padding=0,
 * bias=False)} of pose_resnet.py's deconv layers: libtorch's own ({@link DeconvMethod#TRANSPOSED_CONV}) or as a
 * stride-1 convolution plus a pixel interleave (WEIGHT_FORMULA.md §5). Output {@code [N, out, 2H, 2W]}.
 *
 * <p>Output row {@code Y = 2a + py} of the transposed convolution sums input rows {@code a-1, a}
 * with kernel rows {@code 3, 1} (py = 0) or rows {@code a, a+1} with kernel rows {@code 2, 0}
 * (py = 1); columns likewise. Each of the four phases (py, px) is therefore an ordinary 2×2
 * convolution whose taps are the kernel entries {@code 3 - p - 2t}, t = 0, 1.
 */
final class Deconv4x4 extends PoseBlock {

    private final DeconvMethod method;
    private final int outChannels;
    /** The emulating convolution (methods A and B), else null. */
    private final Conv2d conv;
    /** The official [in, out, 4, 4] weight ({@link DeconvMethod#TRANSPOSED_CONV}), else null. */
    private final Parameter weight;

    Deconv4x4(int outChannels, DeconvMethod method) {
        this.outChannels = outChannels;
        this.method = method;
        if (method == DeconvMethod.TRANSPOSED_CONV) {
            this.conv = null;
            this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        } else {
            int kernel = method == DeconvMethod.PHASE_CONV_2X2 ? 2 : 3;
            this.conv = addChildBlock("conv", ConvBn.conv(4 * outChannels, kernel, 1, 1, false));
            this.weight = null;
        }
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (weight != null) {
            weight.setShape(new Shape(inputShapes[0].get(1), outChannels, 4, 4));
        }
    }

    @Override
    NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        if (weight != null) {
            return new NDList(transposedConv(x, ps.getValue(weight, x.getDevice(), training)));
        }
        long n = x.getShape().get(0);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        // the conv as Conv2d would run it (stride 1, padding 1, no bias), in channel groups where libtorch's CPU kernel
        // would get it wrong (HigherHRNet's 66-channel input)
        NDArray z = ChannelTailSafeConv.conv2d(x, ps.getValue(conv.getParameters().get("weight"), x.getDevice(), training),
                null, new Shape(1, 1), new Shape(1, 1));
        if (method == DeconvMethod.PHASE_CONV_2X2) {
            return new NDList(PhaseInterleave.interleave(z, outChannels, outChannels));
        }
        // z is [N, 4·out, H, W] with channel o·4 + 2py + px: PixelShuffle(2), y[n, o, 2a+py, 2b+px]
        return new NDList(z.reshape(n, outChannels, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3)
                .reshape(n, outChannels, 2 * h, 2 * w));
    }

    /**
     * libtorch's transposed convolution, in {@link ChannelTailSafeConv}'s channel groups where conv2d needs them.
     * Whether the transposed convolution shares conv2d's channel-tail bug could not be checked: the bug did not
     * reproduce on the machine of 2026-12-04 (an AVX-512 EPYC, like the one it was found on), where the transposed
     * convolution is right for every count 1–70 ({@code DeconvEquivalenceTest}). Only HigherHRNet's 66-channel input
     * is split.
     */
    private static NDArray transposedConv(NDArray x, NDArray w) {
        // the weight is [in, out, 4, 4]
        return ChannelTailSafeConv.overChannelGroups(x, w, 0, (xs, ws, first) -> TorchKernels.convTranspose4x4(xs, ws));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (conv != null) {
            initChild(conv, manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, 2 * in.get(2), 2 * in.get(3))};
    }

    @Override
    void mapStateDict(String prefix, StateDict.Builder sd) {
        sd.tensor(prefix + "weight", weight != null ? weight : conv.getParameters().get("weight"), layout(method));
    }

    /** The layout conversion between the official {@code [in, out, 4, 4]} weight and this method's kernel. */
    static TensorLayout layout(DeconvMethod method) {
        return switch (method) {
            case TRANSPOSED_CONV -> TensorLayout.IDENTITY;
            case PHASE_CONV_2X2 -> PHASE_2X2;
            case SUBPIXEL_CONV_3X3 -> SUBPIXEL_3X3;
        };
    }

    /** Official kernel index along one axis for phase p and 2×2 tap t: 3 - p - 2t. */
    private static int officialTap(int p, int t) {
        return 3 - p - 2 * t;
    }

    /** Method A: K[(py·2+px)·out + o, c, ty, tx] = W[c, o, 3-py-2ty, 3-px-2tx]; kernel [4·out, in, 2, 2]. */
    private static final TensorLayout PHASE_2X2 = new TensorLayout() {
        @Override
        public long[] officialShape(long[] k) {
            return new long[] {k[1], k[0] / 4, 4, 4};
        }

        @Override
        public float[] toNative(float[] official, long[] k) {
            return convert(official, k, true);
        }

        @Override
        public float[] toOfficial(float[] nativeValues, long[] k) {
            return convert(nativeValues, k, false);
        }

        private float[] convert(float[] src, long[] k, boolean toNative) {
            int out = (int) (k[0] / 4);
            int in = (int) k[1];
            float[] dst = new float[src.length];
            for (int py = 0; py < 2; py++) {
                for (int px = 0; px < 2; px++) {
                    for (int o = 0; o < out; o++) {
                        int oc = (py * 2 + px) * out + o;
                        for (int c = 0; c < in; c++) {
                            for (int ty = 0; ty < 2; ty++) {
                                for (int tx = 0; tx < 2; tx++) {
                                    int kIdx = ((oc * in + c) * 2 + ty) * 2 + tx;
                                    int wIdx = ((c * out + o) * 4 + officialTap(py, ty)) * 4 + officialTap(px, tx);
                                    if (toNative) {
                                        dst[kIdx] = src[wIdx];
                                    } else {
                                        dst[wIdx] = src[kIdx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return dst;
        }

        @Override
        public String toString() {
            return "deconv[in,out,4,4] <-> phase conv[4*out,in,2,2]";
        }
    };

    /** Method B: K3[o·4 + py·2 + px, c, ty+py, tx+px] = W[c, o, 3-py-2ty, 3-px-2tx], other taps 0. */
    private static final TensorLayout SUBPIXEL_3X3 = new TensorLayout() {
        @Override
        public long[] officialShape(long[] k) {
            return new long[] {k[1], k[0] / 4, 4, 4};
        }

        @Override
        public float[] toNative(float[] official, long[] k) {
            int out = (int) (k[0] / 4);
            int in = (int) k[1];
            float[] dst = new float[4 * out * in * 9];
            forEachTap(out, in, (kIdx, wIdx) -> dst[kIdx] = official[wIdx]);
            return dst;
        }

        @Override
        public float[] toOfficial(float[] nativeValues, long[] k) {
            int out = (int) (k[0] / 4);
            int in = (int) k[1];
            float[] dst = new float[in * out * 16];
            forEachTap(out, in, (kIdx, wIdx) -> dst[wIdx] = nativeValues[kIdx]);
            return dst;
        }

        private void forEachTap(int out, int in, TapVisitor visitor) {
            for (int o = 0; o < out; o++) {
                for (int py = 0; py < 2; py++) {
                    for (int px = 0; px < 2; px++) {
                        int oc = o * 4 + py * 2 + px;
                        for (int c = 0; c < in; c++) {
                            for (int ty = 0; ty < 2; ty++) {
                                for (int tx = 0; tx < 2; tx++) {
                                    int kIdx = ((oc * in + c) * 3 + ty + py) * 3 + tx + px;
                                    int wIdx = ((c * out + o) * 4 + officialTap(py, ty)) * 4 + officialTap(px, tx);
                                    visitor.visit(kIdx, wIdx);
                                }
                            }
                        }
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "deconv[in,out,4,4] <-> subpixel conv[4*out,in,3,3]";
        }
    };

    private interface TapVisitor {
        void visit(int nativeIndex, int officialIndex);
    }
}
