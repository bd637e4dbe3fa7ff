package io.robustpose.core.corruption.official;

/**
 * imagecorruptions v1.1.2's {@code elastic_transform} on an RGB uint8 image, float for float: displacement fields
 * {@code uniform(−0.005·H, 0.005·H)} (dx drawn first) smoothed by {@code skimage.filters.gaussian(σ = 0.01·(H, W),
 * mode='reflect', truncate=3)}, scaled by alpha and cast to float32, then {@code map_coordinates(image/255,
 * (y + dy, x + dx, c), order=1, mode='reflect')} in float32, clipped to [0, 1], ×255 and truncated to uint8
 * (by {@code make_datasets.py}'s {@code np.uint8}).
 */
public final class OfficialElastic {
    /** {@code [250 * 0.05, 250 * 0.065, 250 * 0.085, 250 * 0.1, 250 * 0.12]}. */
    private static final double[] ALPHA = {250 * 0.05, 250 * 0.065, 250 * 0.085, 250 * 0.1, 250 * 0.12};

    private OfficialElastic() {
    }

    public static byte[] elasticTransform(byte[] rgb, int h, int w, int severity, NumpyRandomState r) {
        float[] image = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            image[i] = (rgb[i] & 0xff) / 255f; // np.array(image, dtype=np.float32) / 255.
        }
        double sigmaY = h * 0.01;
        double sigmaX = w * 0.01;
        double alpha = ALPHA[severity - 1];
        double maxD = h * 0.005;
        float[] dx = field(r.uniform(-maxD, maxD, h * w), h, w, sigmaY, sigmaX, alpha);
        float[] dy = field(r.uniform(-maxD, maxD, h * w), h, w, sigmaY, sigmaX, alpha);
        byte[] out = new byte[rgb.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                // y + dy: int64 + float32 → float64
                double cy = (double) y + (double) dy[p];
                double cx = (double) x + (double) dx[p];
                for (int c = 0; c < 3; c++) {
                    float v = (float) ScipyNdimage.linearReflect(image, h, w, 3, cy, cx, c);
                    v = Math.min(1f, Math.max(0f, v)) * 255f;
                    out[p * 3 + c] = (byte) (int) v;
                }
            }
        }
        return out;
    }

    private static float[] field(double[] uniform, int h, int w, double sigmaY, double sigmaX, double alpha) {
        double[] smooth = ScipyNdimage.gaussianFilter(uniform, h, w, sigmaY, sigmaX, ScipyNdimage.Mode.REFLECT, 3.0);
        float[] f = new float[smooth.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (smooth[i] * alpha);
        }
        return f;
    }
}
