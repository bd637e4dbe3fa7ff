package io.robustpose.core.corruption.official;

import io.robustpose.core.image.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * imagecorruptions v1.1.2's {@code spatter} on an RGB uint8 array. A {@code normal(loc, scale)} liquid layer
 * (float64) smoothed by skimage's Gaussian (mode 'nearest', truncate 4) and thresholded; then, for water
 * (severities 1–3), the reference's OpenCV chain on that layer — Canny, L2 distance transform (5×5 mask),
 * truncation at 20, 3×3 box blurs, histogram equalisation, the emboss kernel — run by OpenCV here too, with
 * numpy's dtype rules around it (uint8 truncations, float32 products), and the layer added in pale turquoise;
 * for mud (severities 4–5) a float32 Gaussian of the mask (stored as float32 after each pass) below 0.8 cut,
 * the image darkened by it and mud brown added in float64.
 */
public final class OfficialSpatter {
    /** (loc, scale, sigma, threshold, intensity or mud sigma, mud?) per severity. */
    private static final double[][] SPATTER = {{0.65, 0.3, 4, 0.69, 0.6, 0}, {0.65, 0.3, 3, 0.68, 0.6, 0},
        {0.65, 0.3, 2, 0.68, 0.5, 0}, {0.65, 0.3, 1, 0.65, 1.5, 1}, {0.67, 0.4, 1, 0.65, 1.5, 1}};

    private OfficialSpatter() {
    }

    public static byte[] spatter(byte[] rgb, int h, int w, int severity, NumpyRandomState r) {
        double[] c = SPATTER[severity - 1];
        float[] x = new float[rgb.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (rgb[i] & 0xff) / 255f;
        }
        double[] liquid = ScipyNdimage.gaussianFilter(r.normal(c[0], c[1], h * w), h, w, c[2], c[2],
                ScipyNdimage.Mode.NEAREST, 4.0);
        for (int i = 0; i < liquid.length; i++) {
            if (liquid[i] < c[3]) {
                liquid[i] = 0;
            }
        }
        return c[5] == 0 ? water(x, liquid, h, w, (float) c[4]) : mud(rgb, x, liquid, h, w, c[3], c[4]);
    }

    private static byte[] water(float[] x, double[] liquid, int h, int w, float intensity) {
        OpenCv.load();
        byte[] liquidU8 = new byte[h * w];
        for (int i = 0; i < liquidU8.length; i++) {
            liquidU8[i] = (byte) (int) (liquid[i] * 255); // .astype(np.uint8): truncation (wraps above 255)
        }
        float[] distance;
        Mat layer = new Mat(h, w, CvType.CV_8UC1);
        Mat edges = new Mat();
        Mat dist = new Mat();
        Mat tmp = new Mat();
        Mat kernel = new Mat(3, 3, CvType.CV_32F);
        try {
            layer.put(0, 0, liquidU8);
            Imgproc.Canny(layer, edges, 50, 150);
            Core.subtract(new Mat(h, w, CvType.CV_8UC1, new org.opencv.core.Scalar(255)), edges, edges);
            Imgproc.distanceTransform(edges, dist, Imgproc.DIST_L2, 5);
            Imgproc.threshold(dist, dist, 20, 20, Imgproc.THRESH_TRUNC);
            Imgproc.blur(dist, tmp, new Size(3, 3));
            float[] blurred = new float[h * w];
            tmp.get(0, 0, blurred);
            byte[] u8 = new byte[h * w];
            for (int i = 0; i < u8.length; i++) {
                u8[i] = (byte) (int) blurred[i]; // .astype(np.uint8)
            }
            Mat d8 = new Mat(h, w, CvType.CV_8UC1);
            d8.put(0, 0, u8);
            Imgproc.equalizeHist(d8, d8);
            kernel.put(0, 0, -2, -1, 0, -1, 1, 1, 0, 1, 2);
            Imgproc.filter2D(d8, d8, CvType.CV_8U, kernel);
            Imgproc.blur(d8, d8, new Size(3, 3));
            d8.get(0, 0, u8);
            d8.release();
            distance = new float[h * w];
            for (int i = 0; i < u8.length; i++) {
                distance[i] = u8[i] & 0xff;
            }
        } finally {
            layer.release();
            edges.release();
            dist.release();
            tmp.release();
            kernel.release();
        }
        // m = liquid_u8 * dist (float32), over its maximum, times the intensity; the colour channels alike
        float[] m = new float[h * w];
        float max = 0;
        for (int i = 0; i < m.length; i++) {
            m[i] = (liquidU8[i] & 0xff) * distance[i];
            max = Math.max(max, m[i]);
        }
        float[] color = {(float) (175 / 255.), (float) (238 / 255.), (float) (238 / 255.)};
        byte[] out = new byte[x.length];
        for (int p = 0; p < m.length; p++) {
            float mp = m[p] / max * intensity;
            for (int ch = 0; ch < 3; ch++) {
                float v = x[p * 3 + ch] + mp * color[ch];
                v = Math.min(1f, Math.max(0f, v)) * 255f;
                out[p * 3 + ch] = (byte) (int) v;
            }
        }
        return out;
    }

    private static byte[] mud(byte[] rgb, float[] x, double[] liquid, int h, int w, double threshold, double sigma) {
        double[] mask = new double[h * w];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = liquid[i] > threshold ? 1f : 0f;
        }
        double[] m = ScipyNdimage.gaussianFilter(mask, h, w, sigma, sigma, ScipyNdimage.Mode.NEAREST, 4.0, true);
        double[] brown = {63 / 255., 42 / 255., 20 / 255.};
        byte[] out = new byte[x.length];
        for (int p = 0; p < m.length; p++) {
            float mp = (float) m[p];
            if (mp < 0.8f) {
                mp = 0;
            }
            float keep = 1 - mp;
            for (int ch = 0; ch < 3; ch++) {
                float xv = x[p * 3 + ch] * keep;
                double colour = brown[ch] * (double) mp; // float64 colour *= float32 mask
                double v = (double) xv + colour;
                out[p * 3 + ch] = (byte) (int) (Math.min(1.0, Math.max(0.0, v)) * 255);
            }
        }
        return out;
    }
}
