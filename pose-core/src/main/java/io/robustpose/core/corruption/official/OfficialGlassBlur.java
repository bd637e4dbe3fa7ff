package io.robustpose.core.corruption.official;

/**
 * imagecorruptions v1.1.2's {@code glass_blur} on an RGB uint8 array: {@code np.uint8(gaussian(x/255, σ,
 * multichannel=True)·255)} (skimage: mode 'nearest', truncate 4, the channels apart), then the pure-Python
 * shuffle of v1.1.2 — for each iteration, h from H−d down to d+1, w from W−d down to d+1, {@code dx, dy =
 * randint(−d, d, size=2)} — whose tuple "swap" of numpy views copies {@code x[h+dy, w+dx]} to {@code x[h, w]} and
 * leaves the source as it was; then the Gaussian again, clipped, ×255 and truncated.
 */
public final class OfficialGlassBlur { // and gaussian_blur, the same skimage Gaussian
    /** (sigma, max_delta, iterations) per severity. */
    private static final double[][] GLASS = {{0.7, 1, 2}, {0.9, 2, 1}, {1, 2, 3}, {1.1, 3, 2}, {1.5, 4, 2}};

    private OfficialGlassBlur() {
    }

    public static byte[] glassBlur(byte[] rgb, int h, int w, int severity, NumpyRandomState r) {
        double sigma = GLASS[severity - 1][0];
        int d = (int) GLASS[severity - 1][1];
        int iterations = (int) GLASS[severity - 1][2];
        double[] blurred = blurChannels(unit(rgb), h, w, sigma);
        byte[] u8 = new byte[rgb.length];
        for (int i = 0; i < u8.length; i++) {
            u8[i] = (byte) (int) (blurred[i] * 255); // np.uint8 of values in [0, 255]: truncation
        }
        for (int it = 0; it < iterations; it++) {
            for (int yy = h - d; yy > d; yy--) {
                for (int xx = w - d; xx > d; xx--) {
                    int dx = (int) r.randint(-d, d);
                    int dy = (int) r.randint(-d, d);
                    int to = (yy * w + xx) * 3;
                    int from = ((yy + dy) * w + xx + dx) * 3;
                    u8[to] = u8[from];
                    u8[to + 1] = u8[from + 1];
                    u8[to + 2] = u8[from + 2];
                }
            }
        }
        return clippedTimes255(blurChannels(unit(u8), h, w, sigma));
    }

    /** {@code np.array(x) / 255.}: uint8 to float64. */
    private static double[] unit(byte[] u8) {
        double[] x = new double[u8.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (u8[i] & 0xff) / 255.;
        }
        return x;
    }

    /** {@code np.uint8(np.clip(x, 0, 1) * 255)}: truncation. */
    private static byte[] clippedTimes255(double[] x) {
        byte[] out = new byte[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (int) (Math.min(1.0, Math.max(0.0, x[i])) * 255);
        }
        return out;
    }

    /** imagecorruptions v1.1.2's {@code gaussian_blur}: {@code clip(gaussian(x/255, σ, multichannel=True), 0, 1)·255}. */
    public static byte[] gaussianBlur(byte[] rgb, int h, int w, int severity) {
        double sigma = new double[] {1, 2, 3, 4, 6}[severity - 1];
        return clippedTimes255(blurChannels(unit(rgb), h, w, sigma));
    }

    /** skimage {@code gaussian(x, σ, multichannel=True)}: each channel filtered alone (σ 0 on the channel axis). */
    private static double[] blurChannels(double[] x, int h, int w, double sigma) {
        double[] out = new double[x.length];
        double[] plane = new double[h * w];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < plane.length; p++) {
                plane[p] = x[p * 3 + c];
            }
            double[] f = ScipyNdimage.gaussianFilter(plane, h, w, sigma, sigma, ScipyNdimage.Mode.NEAREST, 4.0);
            for (int p = 0; p < plane.length; p++) {
                out[p * 3 + c] = f[p];
            }
        }
        return out;
    }
}
