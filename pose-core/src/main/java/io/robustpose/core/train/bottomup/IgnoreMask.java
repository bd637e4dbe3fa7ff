package io.robustpose.core.train.bottomup;

import io.robustpose.core.dataset.Segmentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Where HigherHRNet's loss looks away (lib/dataset/COCOKeypoints.py {@code get_mask}): the regions of crowd
 * annotations and of people annotated without any keypoint, rasterised from their segmentation. RLE masks
 * decode as pycocotools decodes them (list or string counts) and polygons are rasterised as its {@code rleFrPoly}
 * does, so the mask is the official one pixel for pixel.
 */
public final class IgnoreMask {

    private IgnoreMask() {
    }

    /** {@code height × width} row-major: 1 where ignored, 0 where the loss applies. */
    public static byte[] rasterize(List<Segmentation> regions, int height, int width) {
        byte[] mask = new byte[height * width];
        for (Segmentation s : regions) {
            if (s instanceof Segmentation.Rle rle) {
                if (rle.height() != height || rle.width() != width) {
                    throw new IllegalArgumentException("an RLE mask of " + rle.height() + "x" + rle.width()
                            + " on an image of " + height + "x" + width);
                }
                paintRuns(mask, rle.isCompressed() ? decodeCounts(rle.compressedCounts()) : rle.counts(), height, width);
            } else if (s instanceof Segmentation.Polygons polygons) {
                fillPolygons(mask, polygons.polygons(), height, width);
            }
        }
        return mask;
    }

    private static void fillPolygons(byte[] mask, List<double[]> polygons, int height, int width) {
        for (double[] poly : polygons) {
            paintRuns(mask, polygonRuns(poly, height, width), height, width);
        }
    }

    /** Sets the pixels of the odd runs (column-major run lengths, zeros first). */
    private static void paintRuns(byte[] mask, long[] counts, int height, int width) {
        long pos = 0;
        long total = (long) height * width;
        for (int i = 0; i < counts.length; i++) {
            long end = Math.min(pos + counts[i], total);
            if (i % 2 == 1) {
                for (long k = pos; k < end; k++) {
                    mask[(int) (k % height) * width + (int) (k / height)] = 1;
                }
            }
            pos = end;
        }
    }

    /**
     * The run lengths of a polygon as pycocotools' {@code rleFrPoly} rasterises it: the outline traced on a 5×
     * finer integer grid, the points where it crosses a pixel column centre kept as the first covered row of
     * that column, and the column-major boundary positions sorted into runs.
     */
    static long[] polygonRuns(double[] xy, int h, int w) {
        int k = xy.length / 2;
        double scale = 5;
        int[] x = new int[k + 1];
        int[] y = new int[k + 1];
        for (int j = 0; j < k; j++) {
            x[j] = (int) (scale * xy[2 * j] + .5); // C's cast: toward zero
            y[j] = (int) (scale * xy[2 * j + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        int m = 0;
        for (int j = 0; j < k; j++) {
            m += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
        }
        int[] u = new int[m];
        int[] v = new int[m];
        m = 0;
        for (int j = 0; j < k; j++) {
            int xs = x[j];
            int xe = x[j + 1];
            int ys = y[j];
            int ye = y[j + 1];
            int dx = Math.abs(xe - xs);
            int dy = Math.abs(ys - ye);
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                int t = xs;
                xs = xe;
                xe = t;
                t = ys;
                ys = ye;
                ye = t;
            }
            double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
            if (dx >= dy) {
                for (int d = 0; d <= dx; d++) {
                    int t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = (int) (ys + s * t + .5);
                    m++;
                }
            } else {
                for (int d = 0; d <= dy; d++) {
                    int t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = (int) (xs + s * t + .5);
                    m++;
                }
            }
        }
        long[] a = new long[m + 1];
        int n = 0;
        for (int j = 1; j < m; j++) {
            if (u[j] == u[j - 1]) {
                continue;
            }
            double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
            xd = (xd + .5) / scale - .5;
            if (Math.floor(xd) != xd || xd < 0 || xd > w - 1) {
                continue;
            }
            double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
            yd = (yd + .5) / scale - .5;
            yd = Math.ceil(yd < 0 ? 0 : Math.min(yd, h));
            a[n++] = (long) ((int) xd * h + (int) yd);
        }
        a[n++] = (long) h * w;
        long[] sorted = java.util.Arrays.copyOf(a, n);
        java.util.Arrays.sort(sorted);
        long previous = 0;
        for (int j = 0; j < n; j++) {
            long t = sorted[j];
            sorted[j] -= previous;
            previous = t;
        }
        // zero-length runs merge their neighbours
        long[] b = new long[n];
        int j = 0;
        int out = 0;
        b[out++] = sorted[j++];
        while (j < n) {
            if (sorted[j] > 0) {
                b[out++] = sorted[j++];
            } else {
                j++;
                if (j < n) {
                    b[out - 1] += sorted[j++];
                }
            }
        }
        return java.util.Arrays.copyOf(b, out);
    }

    /** pycocotools' {@code rleFrString}: 6-bit characters from '0', 5 data bits each, runs after the second delta-coded. */
    static long[] decodeCounts(String s) {
        List<Long> counts = new ArrayList<>();
        int p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) {
                    throw new IllegalArgumentException("truncated RLE string");
                }
                int c = s.charAt(p) - 48;
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            int m = counts.size();
            if (m > 2) {
                x += counts.get(m - 2);
            }
            counts.add(x);
        }
        return counts.stream().mapToLong(Long::longValue).toArray();
    }
}
