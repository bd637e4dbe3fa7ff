package io.robustpose.core.corruption;

import io.robustpose.core.image.Mats;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** defocus_blur, glass_blur, motion_blur, zoom_blur and gaussian_blur of imagecorruptions 1.1.2 (8UC3 in/out). */
final class BlurCorruptions {
    /** defocus_blur: c = [(3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5), (10, 0.5)] = (disk radius, alias_blur). */
    static final double[][] DEFOCUS = {{3, 0.1}, {4, 0.5}, {6, 0.5}, {8, 0.5}, {10, 0.5}};
    /** glass_blur: c = [(0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2)] = (sigma, max_delta, iters). */
    static final double[][] GLASS = {{0.7, 1, 2}, {0.9, 2, 1}, {1, 2, 3}, {1.1, 3, 2}, {1.5, 4, 2}};
    /** motion_blur: c = [(10, 3), (15, 5), (15, 8), (15, 12), (20, 15)] = (radius, sigma); angle ~ uniform(-45, 45). */
    static final int[][] MOTION = {{10, 3}, {15, 5}, {15, 8}, {15, 12}, {20, 15}};
    /** zoom_blur: np.arange(1, 1.11, 0.01), (1, 1.16, 0.01), (1, 1.21, 0.02), (1, 1.26, 0.02), (1, 1.31, 0.03). */
    static final double[][] ZOOM_ARANGE = {{1, 1.11, 0.01}, {1, 1.16, 0.01}, {1, 1.21, 0.02}, {1, 1.26, 0.02},
        {1, 1.31, 0.03}};
    /** gaussian_blur (extra): c = [1, 2, 3, 4, 6] = sigma. */
    static final double[] GAUSSIAN_SIGMA = {1, 2, 3, 4, 6};

    private BlurCorruptions() {
    }

    static Mat gaussianBlur(Mat src, int severity) {
        try (Mats.Scope s = new Mats.Scope()) {
            Mat f = s.mat();
            Filters.skimageGaussianToFloat(src, f, GAUSSIAN_SIGMA[severity - 1]);
            return Mats.truncateToU8(f, 1.0);
        }
    }

    /** The reference's disk(): an aliased disk normalized to 1, then cv2.GaussianBlur(ksize 3 or 5, alias_blur). */
    static Mat diskKernel(double radius, double aliasBlur) {
        int half = radius <= 8 ? 8 : (int) radius;
        int ksize = radius <= 8 ? 3 : 5;
        int n = 2 * half + 1;
        float[] k = new float[n * n];
        int count = 0;
        for (int y = -half; y <= half; y++) {
            for (int x = -half; x <= half; x++) {
                if (x * x + y * y <= radius * radius) {
                    k[(y + half) * n + x + half] = 1f;
                    count++;
                }
            }
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= count;
        }
        Mat kernel = new Mat(n, n, CvType.CV_32F);
        kernel.put(0, 0, k);
        Imgproc.GaussianBlur(kernel, kernel, new Size(ksize, ksize), aliasBlur);
        return kernel;
    }

    /** cv2.filter2D(x, -1, disk) per channel, default border (reflect-101), clip, truncate. */
    static Mat defocusBlur(Mat src, int severity) {
        try (Mats.Scope s = new Mats.Scope()) {
            Mat kernel = s.track(diskKernel(DEFOCUS[severity - 1][0], DEFOCUS[severity - 1][1]));
            Mat f = s.mat();
            Imgproc.filter2D(src, f, CvType.CV_32F, kernel, new Point(-1, -1), 0, Core.BORDER_REFLECT_101);
            return Mats.truncateToU8(f, 1.0);
        }
    }

    static Mat motionBlur(Mat src, int severity, Draws draws, CorruptionParams params) {
        double angle = params.realOr(CorruptionParams.ANGLE_DEG, draws.uniform(-45, 45));
        Filters.MotionKernel k = Filters.MotionKernel.of(MOTION[severity - 1][0], MOTION[severity - 1][1], angle,
                src.rows(), src.cols());
        try (Mats.Scope s = new Mats.Scope()) {
            Mat f = s.mat();
            k.apply(src, f);
            return Mats.truncateToU8(f, 1.0);
        } finally {
            k.release();
        }
    }

    /**
     * Average of the image and its clipped zooms (scipy.ndimage.zoom, order 1, of the centred crop of size
     * ceil(H/z) x ceil(W/z), output size round(crop*z), cropped to H x W). scipy's order-1 zoom maps output
     * index o to input coordinate o*(in-1)/(out-1); each layer is one warpAffine with exactly that map (OpenCV
     * quantizes the sample position to 1/32 px and rounds the layer to 8 bits; averaged over 11-16 layers the
     * difference to the float reference stays well below one grey level: mean |Δ| 0.07 on the reference image).
     */
    /**
     * scipy's zoom (mode 'constant') reads output index k at {@code k·(n−1)/(m−1)}; where that product rounds past
     * the last input pixel (n − 1), the output is the constant 0, not the edge. It happens to the last row or column
     * of some layers (on 400×600: the last column, up to 18 grey levels once averaged); the
     * warp above repeats the edge there, so such a row or column is zeroed here.
     */
    private static void zeroPastTheLastPixel(Mat layer, double[] map, int r0) {
        int outW = (int) map[4];
        int outH = (int) map[5];
        int ch1 = (int) map[6];
        int ch0 = (int) map[7];
        int lastCol = outW - 1;
        if (lastCol < layer.cols() && (double) lastCol * map[0] > ch1 - 1) {
            layer.colRange(lastCol, lastCol + 1).setTo(new Scalar(0, 0, 0));
        }
        int lastRow = outH - 1 - r0;
        if (lastRow >= 0 && lastRow < layer.rows() && (double) (outH - 1) * map[2] > ch0 - 1) {
            layer.rowRange(lastRow, lastRow + 1).setTo(new Scalar(0, 0, 0));
        }
    }

    static Mat zoomBlur(Mat src, int severity) {
        double[] t = ZOOM_ARANGE[severity - 1];
        double[] factors = Filters.numpyArange(t[0], t[1], t[2]);
        int h = src.rows();
        int w = src.cols();
        List<double[]> maps = new ArrayList<>(); // {sx, offsetX, sy, offsetY} per non-identity layer
        int identityLayers = 0;
        boolean smallLayer = false;
        for (double z : factors) {
            int ch0 = (int) Math.ceil(h / z);
            int ch1 = (int) Math.ceil(w / z);
            int outH = (int) Math.rint(ch0 * z);
            int outW = (int) Math.rint(ch1 * z);
            if (ch0 == h && ch1 == w && outH == h && outW == w) {
                identityLayers++; // zoom 1: scipy returns the input
                continue;
            }
            smallLayer |= outH < h || outW < w;
            maps.add(new double[] {outW > 1 ? (ch1 - 1.0) / (outW - 1.0) : 1.0, (w - ch1) / 2,
                outH > 1 ? (ch0 - 1.0) / (outH - 1.0) : 1.0, (h - ch0) / 2, outW, outH, ch1, ch0});
        }
        try (Mats.Scope s = new Mats.Scope()) {
            Mat acc = s.mat();
            src.convertTo(acc, CvType.CV_32F, 1 + identityLayers);
            Mat m = s.mat(2, 3, CvType.CV_64F);
            // Output tiles of ZOOM_TILE_ROWS rows keep the accumulator and each layer in cache across layers.
            int tileRows = smallLayer ? h : ZOOM_TILE_ROWS;
            Mat layer = s.mat();
            for (int r0 = 0; r0 < h; r0 += tileRows) {
                int th = Math.min(tileRows, h - r0);
                for (double[] map : maps) {
                    int lh = (int) Math.min(th, map[5] - r0);
                    int lw = (int) Math.min(w, map[4]);
                    if (lh <= 0) {
                        continue; // the reference's ValueError branch: a smaller layer only covers the top-left
                    }
                    m.put(0, 0, map[0], 0, map[1], 0, map[2], map[3] + map[2] * r0);
                    Imgproc.warpAffine(src, layer, m, new Size(lw, lh),
                            Imgproc.INTER_LINEAR | Imgproc.WARP_INVERSE_MAP, Core.BORDER_REPLICATE, new Scalar(0));
                    zeroPastTheLastPixel(layer, map, r0);
                    Mat tile = acc.submat(r0, r0 + lh, 0, lw);
                    Imgproc.accumulate(layer, tile); // 8U into float, faster than add with a type change
                    tile.release();
                }
            }
            return Mats.truncateToU8(acc, 1.0 / (factors.length + 1));
        }
    }

    /** Rows per output tile of zoom_blur: 48 rows of a 640-px image (~0.3 MB of accumulator and layer). */
    static final int ZOOM_TILE_ROWS = 48;

    /**
     * Blur, locally "shuffle", blur again. The reference's shuffle reads
     * {@code x[h, w], x[h', w'] = x[h', w'], x[h, w]} on (3,)-element views: the first store overwrites the
     * view the second one copies from, so the statement is a copy {@code x[h, w] = x[h', w']}, not a swap
     * (numba keeps numpy's view semantics). Its statistics depend on that: pixels are duplicated, and chains
     * form through the already-visited pixels (simulating a true swap on the reference input gives an 18% lower
     * mean absolute difference at severity 3). So this runs the same sequential copy loop (for each iteration,
     * rows H-d down to d+1, columns W-d down to d+1, source offset randint(-d, d) on each axis) over packed
     * bytes with a fast generator; it is cheap enough to keep exact.
     */
    static Mat glassBlur(Mat src, int severity, Draws draws) {
        double sigma = GLASS[severity - 1][0];
        int delta = (int) GLASS[severity - 1][1];
        int iterations = (int) GLASS[severity - 1][2];
        int h = src.rows();
        int w = src.cols();
        try (Mats.Scope s = new Mats.Scope()) {
            Mat f = s.mat();
            Filters.skimageGaussianToFloat(src, f, sigma);
            Mat first = s.track(Mats.truncateToU8(f, 1.0));
            byte[] px = Mats.bytes(first);
            shuffle(px, h, w, delta, iterations, new SplittableRandom(draws.nextSeed()));
            first.put(0, 0, px);
            Filters.skimageGaussianToFloat(first, f, sigma);
            return Mats.truncateToU8(f, 1.0);
        }
    }

    /** The copy loop on packed pixels; offsets come 16 bits at a time from a 64-bit draw. */
    static void shuffle(byte[] px, int h, int w, int d, int iterations, SplittableRandom rng) {
        int[] packed = new int[h * w];
        for (int i = 0, j = 0; i < packed.length; i++, j += 3) {
            packed[i] = (px[j] & 0xff) | (px[j + 1] & 0xff) << 8 | (px[j + 2] & 0xff) << 16;
        }
        int span = 2 * d;
        long bits = 0;
        int available = 0;
        for (int it = 0; it < iterations; it++) {
            for (int y = h - d; y > d; y--) {
                int rowStart = y * w;
                for (int x = w - d; x > d; x--) {
                    if (available == 0) {
                        bits = rng.nextLong();
                        available = 2;
                    }
                    int dx = (int) (((bits & 0xffff) * span) >>> 16) - d;
                    int dy = (int) ((((bits >>> 16) & 0xffff) * span) >>> 16) - d;
                    bits >>>= 32;
                    available--;
                    packed[rowStart + x] = packed[rowStart + x + dy * w + dx];
                }
            }
        }
        for (int i = 0, j = 0; i < packed.length; i++, j += 3) {
            int v = packed[i];
            px[j] = (byte) v;
            px[j + 1] = (byte) (v >> 8);
            px[j + 2] = (byte) (v >> 16);
        }
    }
}
