package io.robustpose.core.train.augment;

/**
 * The Pillow operations of the AutoAugment subset, on 8-bit interleaved images (any channel
 * count; every operation works per channel, so BGR or RGB order does not matter), with Pillow's
 * integer semantics.
 */
public final class PilOps {

    private PilOps() {
    }

    /**
     * {@code ImageOps.equalize}: per channel, with h the 256-bin histogram and its non-zero bins
     * {@code histo}: identity when fewer than two bins are used or when
     * {@code step = (sum(histo) − histo[-1]) // 256} is 0; otherwise {@code lut[i] = n // step} with
     * {@code n} starting at {@code step // 2} and growing by {@code h[i]}, clipped to 255 as
     * {@code Image.point} does.
     */
    public static void equalize(byte[] pixels, int channels) {
        int[][] luts = new int[channels][];
        for (int c = 0; c < channels; c++) {
            int[] h = new int[256];
            for (int i = c; i < pixels.length; i += channels) {
                h[pixels[i] & 0xff]++;
            }
            long total = 0;
            int used = 0;
            int last = 0;
            for (int v = 0; v < 256; v++) {
                if (h[v] != 0) {
                    total += h[v];
                    used++;
                    last = h[v];
                }
            }
            int[] lut = new int[256];
            long step = used <= 1 ? 0 : (total - last) / 256;
            if (step == 0) {
                for (int v = 0; v < 256; v++) {
                    lut[v] = v;
                }
            } else {
                long n = step / 2;
                for (int v = 0; v < 256; v++) {
                    lut[v] = (int) Math.min(255, n / step);
                    n += h[v];
                }
            }
            luts[c] = lut;
        }
        applyLuts(pixels, channels, luts);
    }

    /** {@code ImageOps.posterize}: keep the top {@code bits} bits, {@code v & ~(2^(8−bits) − 1)}. */
    public static void posterize(byte[] pixels, int bits) {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("posterize bits must be in 1..8: " + bits);
        }
        int mask = ~((1 << (8 - bits)) - 1) & 0xff;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (pixels[i] & mask);
        }
    }

    /** {@code ImageOps.solarize}: {@code v < threshold ? v : 255 − v} (threshold may be fractional). */
    public static void solarize(byte[] pixels, double threshold) {
        for (int i = 0; i < pixels.length; i++) {
            int v = pixels[i] & 0xff;
            if (!(v < threshold)) {
                pixels[i] = (byte) (255 - v);
            }
        }
    }

    /** {@code ImageOps.invert}: {@code 255 − v}. */
    public static void invert(byte[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (255 - (pixels[i] & 0xff));
        }
    }

    /**
     * {@code ImageEnhance.Sharpness(img).enhance(factor)}: {@code Image.blend(img.filter(SMOOTH),
     * img, factor)}. SMOOTH is the 3×3 kernel [1 1 1; 1 5 1; 1 1 1] / 13 evaluated in float with
     * Pillow's +0.5 rounding offset, border rows and columns copied unchanged; blend computes
     * {@code (float) (smooth + factor·(img − smooth))}, clipped to [0, 255] and truncated.
     */
    public static void sharpness(byte[] pixels, int width, int height, int channels, float factor) {
        byte[] smooth = smooth(pixels, width, height, channels);
        for (int i = 0; i < pixels.length; i++) {
            int s = smooth[i] & 0xff;
            int o = pixels[i] & 0xff;
            float t = s + factor * (o - s);
            pixels[i] = (byte) (t <= 0f ? 0 : t >= 255f ? 255 : (int) t);
        }
    }

    /** Pillow's {@code ImageFilter.SMOOTH} (ImagingFilter3x3 on 8-bit bands). */
    static byte[] smooth(byte[] pixels, int width, int height, int channels) {
        byte[] out = pixels.clone(); // borders stay as they are
        float k1 = 1f / 13f;
        float k5 = 5f / 13f;
        float[] kernel = {k1, k1, k1, k1, k5, k1, k1, k1, k1};
        float offset = 0.5f;
        int stride = width * channels;
        for (int y = 1; y < height - 1; y++) {
            int rowPrev = (y - 1) * stride;
            int row = y * stride;
            int rowNext = (y + 1) * stride;
            for (int x = 1; x < width - 1; x++) {
                for (int c = 0; c < channels; c++) {
                    int i = x * channels + c;
                    float ss = offset;
                    ss += kernel1x3(pixels, rowNext + i, channels, kernel, 0);
                    ss += kernel1x3(pixels, row + i, channels, kernel, 3);
                    ss += kernel1x3(pixels, rowPrev + i, channels, kernel, 6);
                    out[row + i] = (byte) (ss <= 0f ? 0 : ss >= 255f ? 255 : (int) ss);
                }
            }
        }
        return out;
    }

    private static float kernel1x3(byte[] p, int at, int d, float[] k, int k0) {
        return (float) (p[at - d] & 0xff) * k[k0] + (float) (p[at] & 0xff) * k[k0 + 1]
                + (float) (p[at + d] & 0xff) * k[k0 + 2];
    }

    private static void applyLuts(byte[] pixels, int channels, int[][] luts) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) luts[i % channels][pixels[i] & 0xff];
        }
    }
}
