package io.robustpose.core.corruption.official;

import io.robustpose.core.eval.NumpySum;
import io.robustpose.core.image.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * imagecorruptions v1.1.2's {@code defocus_blur}: the aliased disk (float32, divided by its numpy pairwise sum)
 * smoothed by {@code cv2.GaussianBlur}, then {@code cv2.filter2D} of each float64 channel of {@code x/255} — OpenCV
 * runs both here as in the reference — clipped, ×255 and truncated.
 */
public final class OfficialDefocusBlur {
    /** (radius, alias_blur) per severity. */
    private static final double[][] DEFOCUS = {{3, 0.1}, {4, 0.5}, {6, 0.5}, {8, 0.5}, {10, 0.5}};

    private OfficialDefocusBlur() {
    }

    public static byte[] defocusBlur(byte[] rgb, int h, int w, int severity) {
        OpenCv.load();
        Mat kernel = disk((int) DEFOCUS[severity - 1][0], DEFOCUS[severity - 1][1]);
        Mat plane = new Mat(h, w, CvType.CV_64FC1);
        Mat filtered = new Mat();
        byte[] out = new byte[rgb.length];
        try {
            double[] x = new double[h * w];
            double[] y = new double[h * w];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < x.length; p++) {
                    x[p] = (rgb[p * 3 + c] & 0xff) / 255.;
                }
                plane.put(0, 0, x);
                Imgproc.filter2D(plane, filtered, -1, kernel);
                filtered.get(0, 0, y);
                for (int p = 0; p < y.length; p++) {
                    out[p * 3 + c] = (byte) (int) (Math.min(1.0, Math.max(0.0, y[p])) * 255);
                }
            }
        } finally {
            kernel.release();
            plane.release();
            filtered.release();
        }
        return out;
    }

    /** {@code disk(radius, alias_blur)}: float32 indicator of x² + y² ≤ r² over L = −8..8 (or −r..r), normalised. */
    private static Mat disk(int radius, double aliasBlur) {
        int half = radius <= 8 ? 8 : radius;
        int ksize = radius <= 8 ? 3 : 5;
        int n = 2 * half + 1;
        float[] disk = new float[n * n];
        for (int yy = 0; yy < n; yy++) {
            for (int xx = 0; xx < n; xx++) {
                long dx = xx - half;
                long dy = yy - half;
                disk[yy * n + xx] = dx * dx + dy * dy <= (long) radius * radius ? 1f : 0f;
            }
        }
        float sum = NumpySum.sum(disk, 0, disk.length);
        for (int i = 0; i < disk.length; i++) {
            disk[i] = disk[i] / sum;
        }
        Mat m = new Mat(n, n, CvType.CV_32FC1);
        m.put(0, 0, disk);
        Mat blurred = new Mat();
        Imgproc.GaussianBlur(m, blurred, new Size(ksize, ksize), aliasBlur);
        m.release();
        return blurred;
    }
}
