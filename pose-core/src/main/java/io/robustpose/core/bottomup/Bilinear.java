package io.robustpose.core.bottomup;

/**
 * {@code torch.nn.functional.interpolate(x, size, mode='bilinear', align_corners=False)} on float32
 * [C][H][W] maps: source position {@code scale·(i+0.5)−0.5} clamped at 0 with {@code scale = in/out} in
 * float32, the neighbour one further unless at the last row/column, and the output
 * {@code (w0·x00 + w1·x01)·h0 + (w0·x10 + w1·x11)·h1} as the source of torch's generic CPU kernel writes it.
 * Not bit-exact with torch: its compiled kernels contract these products into fused multiply-adds in an order
 * that depends on the tensor's shape (one order reproduces torch exactly on 2-channel 32→64 maps and misses
 * 2 % of the values on the 34-channel ones), so values differ in the last bits: on the reference flip-test
 * case by at most 1.2e-7 (heatmaps) and 7.2e-7 (tags), which leaves the grouped people and their joint
 * positions as the official ones.
 */
final class Bilinear {
    private Bilinear() {
    }

    static float[] resize(float[] in, int channels, int h, int w, int outH, int outW) {
        int[] y0 = new int[outH];
        int[] yStep = new int[outH];
        float[] hl0 = new float[outH];
        float[] hl1 = new float[outH];
        weights(h, outH, y0, yStep, hl0, hl1);
        int[] x0 = new int[outW];
        int[] xStep = new int[outW];
        float[] wl0 = new float[outW];
        float[] wl1 = new float[outW];
        weights(w, outW, x0, xStep, wl0, wl1);
        float[] out = new float[channels * outH * outW];
        for (int c = 0; c < channels; c++) {
            int plane = c * h * w;
            for (int oy = 0; oy < outH; oy++) {
                int r0 = plane + y0[oy] * w;
                int r1 = r0 + yStep[oy] * w;
                int o = (c * outH + oy) * outW;
                for (int ox = 0; ox < outW; ox++) {
                    int a = x0[ox];
                    int b = a + xStep[ox];
                    float top = in[r0 + a] * wl0[ox] + in[r0 + b] * wl1[ox];
                    float bottom = in[r1 + a] * wl0[ox] + in[r1 + b] * wl1[ox];
                    out[o + ox] = top * hl0[oy] + bottom * hl1[oy];
                }
            }
        }
        return out;
    }

    private static void weights(int in, int out, int[] index, int[] step, float[] l0, float[] l1) {
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            float src = scale * (i + 0.5f) - 0.5f;
            if (src < 0) {
                src = 0;
            }
            int i0 = (int) src;
            float lambda = Math.min(Math.max(src - i0, 0f), 1f);
            index[i] = i0;
            step[i] = i0 < in - 1 ? 1 : 0;
            l0[i] = 1f - lambda;
            l1[i] = lambda;
        }
    }
}
