package io.robustpose.core.corruption;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** The reference's filtering helpers (skimage/scipy/numpy semantics) mapped onto OpenCV calls. */
final class Filters {
    private Filters() {
    }

    /**
     * skimage.filters.gaussian(x, sigma, multichannel=True) on float data: scipy's gaussian_filter with
     * truncate=4 (radius {@code int(4*sigma + 0.5)}) and mode 'nearest' (= BORDER_REPLICATE), channel axis unblurred.
     */
    static void skimageGaussian(Mat src, Mat dst, double sigma) {
        skimageGaussian(src, dst, sigma, sigma, 4.0, Core.BORDER_REPLICATE);
    }

    /**
     * {@link #skimageGaussian(Mat, Mat, double)} of an 8-bit image straight into float32 (sepFilter2D reads the
     * bytes itself, saving a conversion pass; same kernel as GaussianBlur's).
     */
    static void skimageGaussianToFloat(Mat src8u, Mat dst, double sigma) {
        int r = (int) (4.0 * sigma + 0.5);
        Mat k = Imgproc.getGaussianKernel(2 * r + 1, sigma, CvType.CV_32F);
        Imgproc.sepFilter2D(src8u, dst, CvType.CV_32F, k, k, new Point(-1, -1), 0, Core.BORDER_REPLICATE);
        k.release();
    }

    /** scipy gaussian_filter with per-axis sigmas, a truncate factor and an OpenCV border mode. */
    static void skimageGaussian(Mat src, Mat dst, double sigmaRows, double sigmaCols, double truncate, int border) {
        int rx = (int) (truncate * sigmaCols + 0.5);
        int ry = (int) (truncate * sigmaRows + 0.5);
        Imgproc.GaussianBlur(src, dst, new Size(2 * rx + 1, 2 * ry + 1), sigmaCols, sigmaRows, border);
    }

    /**
     * The values of {@code np.arange(start, stop, step)} for floats: length ceil((stop-start)/step), values
     * start + i*delta with delta = (start+step) - start, as numpy's fill does.
     */
    static double[] numpyArange(double start, double stop, double step) {
        int n = (int) Math.ceil((stop - start) / step);
        double[] v = new double[n];
        double delta = (start + step) - start;
        for (int i = 0; i < n; i++) {
            v[i] = start + i * delta;
        }
        return v;
    }

    /**
     * The package's own motion blur ({@code _motion_blur}): width = 2*radius+1 copies of the image, the i-th
     * shifted by (-ceil(i*sin(a) - 0.5), -ceil(i*cos(a) - 0.5)) with edge replication and weighted by a
     * half-Gaussian exp(-i²/2σ²) normalized to 1; copies whose shift reaches the image size are dropped (the
     * reference breaks out of its loop, without renormalizing). Expressed as one sparse correlation kernel for
     * filter2D with BORDER_REPLICATE, which applies the same per-axis clamping as the reference's shift().
     */
    static final class MotionKernel {
        final Mat kernel;
        final Point anchor;

        private MotionKernel(Mat kernel, Point anchor) {
            this.kernel = kernel;
            this.anchor = anchor;
        }

        static MotionKernel of(int radius, double sigma, double angleDeg, int rows, int cols) {
            int width = 2 * radius + 1;
            double[] weights = new double[width];
            double z = 0;
            for (int i = 0; i < width; i++) {
                weights[i] = Math.exp(-(double) (i * i) / (2 * (sigma * sigma))) / (Math.sqrt(2 * Math.PI) * sigma);
                z += weights[i];
            }
            double rad = Math.toRadians(angleDeg);
            double py = width * Math.sin(rad);
            double px = width * Math.cos(rad);
            double hypot = Math.hypot(py, px);
            int[] du = new int[width];
            int[] dv = new int[width];
            int taps = 0;
            int minU = 0, maxU = 0, minV = 0, maxV = 0;
            for (int i = 0; i < width; i++) {
                int dy = -(int) Math.ceil(i * py / hypot - 0.5);
                int dx = -(int) Math.ceil(i * px / hypot - 0.5);
                if (Math.abs(dy) >= rows || Math.abs(dx) >= cols) {
                    break; // "simulated motion exceeded image borders"
                }
                du[i] = -dy;
                dv[i] = -dx;
                minU = Math.min(minU, du[i]);
                maxU = Math.max(maxU, du[i]);
                minV = Math.min(minV, dv[i]);
                maxV = Math.max(maxV, dv[i]);
                taps++;
            }
            int kRows = maxU - minU + 1;
            int kCols = maxV - minV + 1;
            float[] k = new float[kRows * kCols];
            for (int i = 0; i < taps; i++) {
                k[(du[i] - minU) * kCols + (dv[i] - minV)] += (float) (weights[i] / z);
            }
            Mat kernel = new Mat(kRows, kCols, CvType.CV_32F);
            kernel.put(0, 0, k);
            return new MotionKernel(kernel, new Point(-minV, -minU));
        }

        /**
         * Correlates src (8U or 32F, 1 or 3 channels) into a float32 dst, edges replicated. The image is padded
         * and filtered as a region of interest of the padded copy: every read lands on real (replicated)
         * pixels, and OpenCV filters an ROI directly (only the non-zero taps, at most 41) instead of through a
         * DFT of the whole kernel box, which for these sparse kernels is several times faster.
         */
        void apply(Mat src, Mat dst) {
            int rows = src.rows();
            int cols = src.cols();
            int pad = Math.max(kernel.rows(), kernel.cols());
            Mat padded = new Mat();
            Core.copyMakeBorder(src, padded, pad, pad, pad, pad, Core.BORDER_REPLICATE);
            if (padded.depth() != CvType.CV_32F) { // the 8U->32F direct filter path is not vectorized
                padded.convertTo(padded, CvType.CV_32F);
            }
            Mat roi = padded.submat(pad, pad + rows, pad, pad + cols);
            Imgproc.filter2D(roi, dst, CvType.CV_32F, kernel, anchor, 0, Core.BORDER_REPLICATE);
            roi.release();
            padded.release();
        }

        void release() {
            kernel.release();
        }
    }
}
