package io.robustpose.core.corruption;

import io.robustpose.core.image.Mats;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** contrast, elastic_transform, pixelate, jpeg_compression and saturate of imagecorruptions 1.1.2 (8UC3 BGR). */
final class DigitalCorruptions {
    /** contrast: c = [0.4, .3, .2, .1, .05]; (x - channel mean) * c + channel mean. */
    static final double[] CONTRAST = {0.4, 0.3, 0.2, 0.1, 0.05};
    /** elastic_transform: alpha = [250 * 0.05, 250 * 0.065, 250 * 0.085, 250 * 0.1, 250 * 0.12]. */
    static final double[] ELASTIC_ALPHA = {250 * 0.05, 250 * 0.065, 250 * 0.085, 250 * 0.1, 250 * 0.12};
    /** pixelate: c = [0.6, 0.5, 0.4, 0.3, 0.25] = size factor of the BOX downscale. */
    static final double[] PIXELATE = {0.6, 0.5, 0.4, 0.3, 0.25};
    /** jpeg_compression: c = [25, 18, 15, 10, 7] = JPEG quality. */
    static final int[] JPEG_QUALITY = {25, 18, 15, 10, 7};
    /** saturate (extra): c = [(0.3, 0), (0.1, 0), (2, 0), (5, 0.1), (20, 0.2)]; S' = clip(S*c0 + c1). */
    static final double[][] SATURATE = {{0.3, 0}, {0.1, 0}, {2, 0}, {5, 0.1}, {20, 0.2}};

    private DigitalCorruptions() {
    }

    static Mat saturate(Mat src, int severity) {
        return SkimageHsv.adjust(src, SATURATE[severity - 1][0], SATURATE[severity - 1][1], 0.0);
    }

    /** Pointwise per channel once the means are known: a 256-entry LUT per channel computed in float64. */
    static Mat contrast(Mat src, int severity) {
        double c = CONTRAST[severity - 1];
        Scalar sums = Core.sumElems(src);
        double n = (double) src.total();
        byte[] lut = new byte[256 * 3];
        for (int ch = 0; ch < 3; ch++) {
            double mean = sums.val[ch] / n / 255.0;
            for (int k = 0; k < 256; k++) {
                double v = (k / 255.0 - mean) * c + mean;
                lut[k * 3 + ch] = (byte) (int) (Math.min(Math.max(v, 0), 1) * 255);
            }
        }
        Mat table = new Mat(1, 256, CvType.CV_8UC3);
        table.put(0, 0, lut);
        Mat out = new Mat();
        Core.LUT(src, table, out);
        table.release();
        return out;
    }

    /**
     * Displacements dx, dy ~ uniform(-0.005 H, 0.005 H) per pixel, smoothed by a Gaussian of sigma (0.01 H,
     * 0.01 W) (skimage, mode 'reflect', truncate 3), scaled by alpha; bilinear resampling at (y + dy, x + dx)
     * with reflected borders (scipy map_coordinates order 1, mode 'reflect' = BORDER_REFLECT).
     */
    static Mat elasticTransform(Mat src, int severity, Draws draws) {
        int h = src.rows();
        int w = src.cols();
        double maxDisplacement = h * 0.005;
        try (Mats.Scope s = new Mats.Scope()) {
            Mat d = s.mat(h, w, CvType.CV_32FC2);
            draws.seedOpenCv();
            Core.randu(d, -maxDisplacement, maxDisplacement);
            Filters.skimageGaussian(d, d, h * 0.01, w * 0.01, 3.0, Core.BORDER_REFLECT);
            float[] grid = new float[h * w * 2];
            for (int y = 0, i = 0; y < h; y++) {
                for (int x = 0; x < w; x++, i += 2) {
                    grid[i] = x;
                    grid[i + 1] = y;
                }
            }
            Mat map = s.mat(h, w, CvType.CV_32FC2);
            map.put(0, 0, grid);
            Core.scaleAdd(d, ELASTIC_ALPHA[severity - 1], map, map);
            Mat f = s.mat();
            src.convertTo(f, CvType.CV_32F);
            Mat out = s.mat();
            Imgproc.remap(f, out, map, new Mat(), Imgproc.INTER_LINEAR, Core.BORDER_REFLECT, new Scalar(0));
            return Mats.truncateToU8(out, 1.0);
        }
    }

    /** Pillow's save(JPEG, quality) + open, through OpenCV's libjpeg-turbo with the same 4:2:0 defaults. */
    static Mat jpegCompression(Mat src, int severity) {
        MatOfByte buf = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY[severity - 1]);
        try {
            Imgcodecs.imencode(".jpg", src, buf, params);
            return Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
        } finally {
            buf.release();
            params.release();
        }
    }

    /**
     * Pillow's resize((int(W*c), int(H*c)), BOX) then resize((W, H), NEAREST), reproduced bit for bit: BOX
     * averages the input pixels whose centres fall in each output pixel's footprint, horizontally then
     * vertically, each pass rounded to 8 bits with Pillow's 22-bit fixed-point coefficients; NEAREST samples
     * int(offset + (i + 0.5) * scale), the position accumulated as Pillow's ImagingScaleAffine does.
     */
    static Mat pixelate(Mat src, int severity) {
        double c = PIXELATE[severity - 1];
        int h = src.rows();
        int w = src.cols();
        int smallW = Math.max(1, (int) (w * c));
        int smallH = Math.max(1, (int) (h * c));
        byte[] in = Mats.bytes(src);
        BoxCoefficients cx = new BoxCoefficients(w, smallW);
        BoxCoefficients cy = new BoxCoefficients(h, smallH);
        byte[] horizontal = new byte[h * smallW * 3];
        for (int y = 0; y < h; y++) {
            for (int ox = 0; ox < smallW; ox++) {
                int start = cx.start[ox];
                int count = cx.count[ox];
                for (int ch = 0; ch < 3; ch++) {
                    long acc = 1L << (BoxCoefficients.PRECISION_BITS - 1);
                    for (int k = 0; k < count; k++) {
                        acc += (long) (in[(y * w + start + k) * 3 + ch] & 0xff) * cx.weight[ox * cx.maxCount + k];
                    }
                    horizontal[(y * smallW + ox) * 3 + ch] = BoxCoefficients.clip8(acc);
                }
            }
        }
        byte[] small = new byte[smallH * smallW * 3];
        for (int oy = 0; oy < smallH; oy++) {
            int start = cy.start[oy];
            int count = cy.count[oy];
            for (int x = 0; x < smallW * 3; x++) {
                long acc = 1L << (BoxCoefficients.PRECISION_BITS - 1);
                for (int k = 0; k < count; k++) {
                    acc += (long) (horizontal[(start + k) * smallW * 3 + x] & 0xff) * cy.weight[oy * cy.maxCount + k];
                }
                small[oy * smallW * 3 + x] = BoxCoefficients.clip8(acc);
            }
        }
        int[] colIndex = nearestIndex(smallW, w);
        int[] rowIndex = nearestIndex(smallH, h);
        byte[] out = new byte[h * w * 3];
        byte[] row = new byte[w * 3];
        int lastRow = -1;
        for (int y = 0; y < h; y++) {
            int sy = rowIndex[y];
            if (sy != lastRow) {
                for (int x = 0; x < w; x++) {
                    int sx = colIndex[x];
                    int si = (sy * smallW + sx) * 3;
                    row[x * 3] = small[si];
                    row[x * 3 + 1] = small[si + 1];
                    row[x * 3 + 2] = small[si + 2];
                }
                lastRow = sy;
            }
            System.arraycopy(row, 0, out, y * w * 3, w * 3);
        }
        Mat m = new Mat(h, w, CvType.CV_8UC3);
        m.put(0, 0, out);
        return m;
    }

    /** Pillow's ImagingScaleAffine source indices for a NEAREST resize from {@code in} to {@code out} samples. */
    static int[] nearestIndex(int in, int out) {
        double scale = (double) in / out;
        double pos = scale * 0.5;
        int[] idx = new int[out];
        for (int i = 0; i < out; i++) {
            int v = pos < 0 ? 0 : (int) pos;
            idx[i] = Math.min(v, in - 1);
            pos += scale;
        }
        return idx;
    }

    /** Pillow's precompute_coeffs for the BOX filter plus normalize_coeffs_8bpc. */
    static final class BoxCoefficients {
        static final int PRECISION_BITS = 32 - 8 - 2;
        final int[] start;
        final int[] count;
        final int[] weight;
        final int maxCount;

        BoxCoefficients(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = 0.5 * filterScale;
            maxCount = (int) Math.ceil(support) * 2 + 1;
            start = new int[outSize];
            count = new int[outSize];
            weight = new int[outSize * maxCount];
            double[] k = new double[maxCount];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                double ww = 0;
                for (int x = 0; x < xmax; x++) {
                    double arg = (x + xmin - center + 0.5) * ss;
                    double wgt = arg > -0.5 && arg <= 0.5 ? 1.0 : 0.0;
                    k[x] = wgt;
                    ww += wgt;
                }
                for (int x = 0; x < xmax; x++) {
                    double v = ww != 0 ? k[x] / ww : k[x];
                    weight[xx * maxCount + x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS)
                            : 0.5 + v * (1 << PRECISION_BITS));
                }
                start[xx] = xmin;
                count[xx] = xmax;
            }
        }

        static byte clip8(long acc) {
            if (acc <= 0) {
                return 0;
            }
            long v = acc >> PRECISION_BITS;
            return (byte) (v > 255 ? 255 : v);
        }
    }
}
