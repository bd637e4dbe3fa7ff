package io.robustpose.core.corruption.official;

import io.robustpose.core.eval.NumpySum;

/**
 * imagecorruptions v1.1.2's {@code _motion_blur} in float64 as numpy computes it, and the two corruptions built on
 * it: motion_blur here, snow's flakes in {@link OfficialSnow}. The kernel is a half Gaussian
 * {@code exp(−i² / (2σ²)) / (√(2π)·σ)} over i = 0..2r, normalised by its pairwise sum; the image is shifted
 * {@code i} steps along the angle (edge pixels repeated, as its {@code shift}) and the shifted copies are added
 * one after the other, weighted, stopping when a shift leaves the image.
 */
public final class OfficialMotionBlur {
    /** motion_blur's (radius, sigma) per severity. */
    private static final int[][] MOTION = {{10, 3}, {15, 5}, {15, 8}, {15, 12}, {20, 15}};

    private OfficialMotionBlur() {
    }

    /** motion_blur of an RGB uint8 array: the angle {@code uniform(−45, 45)}, then {@code np.clip(x, 0, 255)}, truncated. */
    public static byte[] motionBlur(byte[] rgb, int h, int w, int severity, NumpyRandomState r) {
        double angle = r.uniform(-45, 45);
        double[] x = new double[rgb.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = rgb[i] & 0xff;
        }
        double[] blurred = blur(x, h, w, 3, MOTION[severity - 1][0], MOTION[severity - 1][1], angle);
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (int) Math.min(255.0, Math.max(0.0, blurred[i]));
        }
        return out;
    }

    /** {@code _motion_blur(x, radius, sigma, angle)} of an h × w × channels float64 array (channels 1 for 2-D). */
    static double[] blur(double[] x, int h, int w, int channels, int radius, int sigma, double angle) {
        int width = radius * 2 + 1;
        double[] k = new double[width];
        double norm = Math.sqrt(2 * Math.PI) * sigma;
        for (int i = 0; i < width; i++) {
            // - x**2 / (2 * (sigma**2)): int64 over int, a true division
            k[i] = NumpyExp.exp((double) (-(long) i * i) / (double) (2L * sigma * sigma)) / norm;
        }
        double z = NumpySum.sum(k, 0, width);
        for (int i = 0; i < width; i++) {
            k[i] = k[i] / z;
        }
        double rad = Math.toRadians(angle); // np.deg2rad: x * (π / 180)
        double p0 = width * Math.sin(rad);
        double p1 = width * Math.cos(rad);
        double hypot = Math.hypot(p0, p1);
        double[] blurred = new double[x.length];
        for (int i = 0; i < width; i++) {
            int dy = (int) -Math.ceil(((i * p0) / hypot) - 0.5);
            int dx = (int) -Math.ceil(((i * p1) / hypot) - 0.5);
            if (Math.abs(dy) >= h || Math.abs(dx) >= w) {
                break; // simulated motion exceeded image borders
            }
            double ki = k[i];
            for (int yy = 0; yy < h; yy++) {
                int sy = source(yy, dy, h);
                for (int xx = 0; xx < w; xx++) {
                    int sx = source(xx, dx, w);
                    int o = (yy * w + xx) * channels;
                    int s = (sy * w + sx) * channels;
                    for (int c = 0; c < channels; c++) {
                        blurred[o + c] = blurred[o + c] + ki * x[s + c];
                    }
                }
            }
        }
        return blurred;
    }

    /**
     * Which input index {@code shift(image, d)} puts at {@code i} along an axis of {@code n}: a roll by d, then the
     * d positions that wrapped around overwritten by the nearest one that did not (d &gt; 0: index d's value, i.e.
     * input 0; d &lt; 0: input n − 1).
     */
    private static int source(int i, int d, int n) {
        if (d > 0) {
            return i < d ? 0 : i - d;
        }
        if (d < 0) {
            return i >= n + d ? n - 1 : i - d;
        }
        return i;
    }
}
