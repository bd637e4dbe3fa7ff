package io.robustpose.core.train.augment;

import java.util.random.RandomGenerator;

/**
 * GridMask as AdvMix applies it ({@code grid_aug} in the authors' lib/dataset/advaug.py): with
 * probability 0.7, a grid of period {@code d ∈ [2, min(h, w))} and stripe width
 * {@code l = clamp(int(d·ratio + 0.5), 1, d − 1)} (ratio 0.5) is drawn on a 1.5× canvas from random
 * offsets {@code st_h, st_w ∈ [0, d)}: rows {@code [d·i + st_h, d·i + st_h + l)} and the same
 * columns, for {@code i < (1.5·size) // d}. No rotation; the canvas is centre-cropped to h × w.
 * Mode 1 inverts it, so the stripes are kept and the squares between them dropped (set to 0 on the
 * normalized image, all channels).
 */
public final class GridMask {

    /** The authors' values. */
    public static final double PROBABILITY = 0.7;
    public static final double RATIO = 0.5;
    public static final int MODE = 1;

    private GridMask() {
    }

    /** Stripe width for period {@code d}: {@code min(max(int(d·ratio + 0.5), 1), d − 1)}. */
    public static int stripeWidth(int d, double ratio) {
        return Math.min(Math.max((int) (d * ratio + 0.5), 1), d - 1);
    }

    /**
     * The h × w keep-mask (1 keep, 0 drop) for period {@code d} and offsets, mode 0 (squares kept)
     * or 1 (stripes kept).
     */
    public static byte[] mask(int h, int w, int d, int stH, int stW, double ratio, int mode) {
        int hh = (int) (1.5 * h);
        int ww = (int) (1.5 * w);
        int l = stripeWidth(d, ratio);
        boolean[] rowStripe = new boolean[hh];
        boolean[] colStripe = new boolean[ww];
        for (int i = 0; i < hh / d; i++) {
            int s = d * i + stH;
            int t = Math.min(s + l, hh);
            for (int r = s; r < t; r++) {
                rowStripe[r] = true;
            }
        }
        for (int i = 0; i < ww / d; i++) {
            int s = d * i + stW;
            int t = Math.min(s + l, ww);
            for (int c = s; c < t; c++) {
                colStripe[c] = true;
            }
        }
        int y0 = (hh - h) / 2;
        int x0 = (ww - w) / 2;
        byte[] out = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean stripe = rowStripe[y0 + y] || colStripe[x0 + x];
                boolean keep = mode == 1 ? stripe : !stripe;
                out[y * w + x] = (byte) (keep ? 1 : 0);
            }
        }
        return out;
    }

    /**
     * Applies GridMask to a normalized CHW float image in place with the authors' parameters;
     * returns the mask used, or null when the 0.7 draw skipped it.
     */
    public static byte[] apply(float[] chw, int channels, int h, int w, RandomGenerator rng) {
        // np.random.rand() > prob: skip
        if (rng.nextDouble() > PROBABILITY) {
            return null;
        }
        int d = rng.nextInt(2, Math.min(h, w));
        int stH = rng.nextInt(d);
        int stW = rng.nextInt(d);
        byte[] m = mask(h, w, d, stH, stW, RATIO, MODE);
        int plane = h * w;
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                if (m[i] == 0) {
                    chw[base + i] = 0f;
                }
            }
        }
        return m;
    }
}
