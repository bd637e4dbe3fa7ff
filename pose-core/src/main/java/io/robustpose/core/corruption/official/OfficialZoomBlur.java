package io.robustpose.core.corruption.official;

/**
 * imagecorruptions v1.1.2's {@code zoom_blur} and its {@code clipped_zoom}: the image as float32 in [0, 1], for
 * each zoom factor of {@code np.arange(1, stop, step)} the centre ceil(H/z) × ceil(W/z) crop zoomed by
 * {@code scipy.ndimage.zoom(order=1)} (float32 out), its top-left H × W added to a float32 sum; then
 * {@code (x + sum) / (n + 1)}, clipped, ×255 and truncated.
 */
public final class OfficialZoomBlur {
    /** (start, stop, step) of each severity's np.arange. */
    private static final double[][] ZOOMS = {{1, 1.11, 0.01}, {1, 1.16, 0.01}, {1, 1.21, 0.02}, {1, 1.26, 0.02},
        {1, 1.31, 0.03}};

    private OfficialZoomBlur() {
    }

    public static byte[] zoomBlur(byte[] rgb, int h, int w, int severity) {
        double[] factors = arange(ZOOMS[severity - 1][0], ZOOMS[severity - 1][1], ZOOMS[severity - 1][2]);
        float[] x = new float[rgb.length];
        double[] xd = new double[rgb.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((rgb[i] & 0xff) / 255.); // (np.array(x) / 255.).astype(np.float32)
            xd[i] = x[i];
        }
        float[] out = new float[x.length];
        for (double z : factors) {
            int[] shape = new int[3];
            double[] layer = clippedZoom(xd, h, w, 3, z, shape);
            int rows = Math.min(h, shape[0]);
            int cols = Math.min(w, shape[1]);
            for (int yy = 0; yy < rows; yy++) {
                for (int xx = 0; xx < cols; xx++) {
                    for (int c = 0; c < 3; c++) {
                        int o = (yy * w + xx) * 3 + c;
                        out[o] = out[o] + (float) layer[(yy * shape[1] + xx) * 3 + c];
                    }
                }
            }
        }
        float n = factors.length + 1;
        byte[] result = new byte[rgb.length];
        for (int i = 0; i < result.length; i++) {
            float v = (x[i] + out[i]) / n;
            v = Math.min(1f, Math.max(0f, v)) * 255f;
            result[i] = (byte) (int) v;
        }
        return result;
    }

    /** {@code clipped_zoom(img, z)}: the centre crop of ceil(side / z) zoomed by (z, z, 1); its shape in {@code shape}. */
    static double[] clippedZoom(double[] img, int h, int w, int channels, double z, int[] shape) {
        int ch0 = (int) Math.ceil(h / z);
        int top0 = Math.floorDiv(h - ch0, 2);
        int ch1 = (int) Math.ceil(w / z);
        int top1 = Math.floorDiv(w - ch1, 2);
        double[] crop = new double[ch0 * ch1 * channels];
        for (int yy = 0; yy < ch0; yy++) {
            System.arraycopy(img, ((top0 + yy) * w + top1) * channels, crop, yy * ch1 * channels, ch1 * channels);
        }
        return ScipyNdimage.zoomLinear(crop, ch0, ch1, channels, z, z, shape);
    }

    /** {@code np.arange(start, stop, step)} for float64: start + i·(second − first), as numpy fills it. */
    static double[] arange(double start, double stop, double step) {
        int n = (int) Math.ceil((stop - start) / step);
        double[] out = new double[n];
        double delta = (start + step) - start;
        for (int i = 0; i < n; i++) {
            out[i] = i == 0 ? start : start + i * delta;
        }
        return out;
    }
}
