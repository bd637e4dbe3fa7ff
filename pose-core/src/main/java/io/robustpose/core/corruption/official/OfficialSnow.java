package io.robustpose.core.corruption.official;

import io.robustpose.core.image.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * imagecorruptions v1.1.2's {@code snow} on an RGB uint8 array: a {@code normal(loc, 0.3)} field of H × W (float64),
 * {@code clipped_zoom}ed, thresholded and clipped to [0, 1], motion-blurred along {@code uniform(−135, −45)}
 * (drawn after the field), rounded to 8 bits (half to even) and cropped to H × W; the image (float32) brightened
 * towards {@code max(x, 1.5·gray + 0.5)} ({@code cv2.cvtColor} RGB2GRAY on float32, as the reference calls it),
 * and the flakes added with their 180° rotation in float64, clipped, ×255 and truncated.
 */
public final class OfficialSnow {
    /** (loc, scale, zoom, threshold, blur radius, blur sigma, image weight) per severity. */
    private static final double[][] SNOW = {{0.1, 0.3, 3, 0.5, 10, 4, 0.8}, {0.2, 0.3, 2, 0.5, 12, 4, 0.7},
        {0.55, 0.3, 4, 0.9, 12, 8, 0.7}, {0.55, 0.3, 4.5, 0.85, 12, 8, 0.65}, {0.55, 0.3, 2.5, 0.85, 12, 12, 0.55}};

    private OfficialSnow() {
    }

    public static byte[] snow(byte[] rgb, int h, int w, int severity, NumpyRandomState r) {
        double[] c = SNOW[severity - 1];
        float[] x = new float[rgb.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (rgb[i] & 0xff) / 255f; // np.array(x, dtype=np.float32) / 255.
        }
        double[] field = r.normal(c[0], c[1], h * w);
        int[] shape = new int[3];
        double[] layer = OfficialZoomBlur.clippedZoom(field, h, w, 1, c[2], shape);
        for (int i = 0; i < layer.length; i++) {
            double v = layer[i] < c[3] ? 0 : layer[i];
            layer[i] = Math.min(1.0, Math.max(0.0, v));
        }
        double angle = r.uniform(-135, -45);
        double[] blurred = OfficialMotionBlur.blur(layer, shape[0], shape[1], 1, (int) c[4], (int) c[5], angle);
        // np.round(x * 255).astype(np.uint8) / 255., cropped to the image
        double[] flakes = new double[h * w];
        for (int yy = 0; yy < h && yy < shape[0]; yy++) {
            for (int xx = 0; xx < w && xx < shape[1]; xx++) {
                int u8 = (int) (long) Math.rint(blurred[yy * shape[1] + xx] * 255) & 0xff;
                flakes[yy * w + xx] = u8 / 255.;
            }
        }
        float[] gray = gray(x, h, w);
        float keep = (float) c[6];
        float add = (float) (1 - c[6]);
        byte[] out = new byte[rgb.length];
        for (int p = 0; p < h * w; p++) {
            float bright = gray[p] * 1.5f + 0.5f;
            int yy = p / w;
            int xx = p % w;
            double f = flakes[p] + 0.0;
            double rot = flakes[(h - 1 - yy) * w + (w - 1 - xx)];
            for (int ch = 0; ch < 3; ch++) {
                float xv = x[p * 3 + ch];
                float mixed = keep * xv + add * Math.max(xv, bright);
                double v = ((double) mixed + f) + rot;
                out[p * 3 + ch] = (byte) (int) (Math.min(1.0, Math.max(0.0, v)) * 255);
            }
        }
        return out;
    }

    /** cv2.cvtColor(x, cv2.COLOR_RGB2GRAY) of a float32 H × W × 3 image, by OpenCV itself. */
    private static float[] gray(float[] x, int h, int w) {
        OpenCv.load();
        Mat rgb = new Mat(h, w, CvType.CV_32FC3);
        Mat g = new Mat();
        try {
            rgb.put(0, 0, x);
            Imgproc.cvtColor(rgb, g, Imgproc.COLOR_RGB2GRAY);
            float[] out = new float[h * w];
            g.get(0, 0, out);
            return out;
        } finally {
            rgb.release();
            g.release();
        }
    }
}
