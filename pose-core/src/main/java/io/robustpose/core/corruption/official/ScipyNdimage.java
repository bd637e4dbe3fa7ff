package io.robustpose.core.corruption.official;

import io.robustpose.core.eval.NumpySum;

/**
 * The pieces of {@code scipy.ndimage} (1.10) the official corruptions use, in float64 with scipy's order of
 * operations, so that results agree bit for bit: {@code gaussian_filter} (what {@code skimage.filters.gaussian}
 * calls) and {@code map_coordinates} with {@code order=1}.
 */
public final class ScipyNdimage {

    /** Border modes (scipy's names). */
    public enum Mode {
        /** d c b a | a b c d | d c b a (half-sample symmetric). */
        REFLECT,
        /** a a a a | a b c d | d d d d. */
        NEAREST
    }

    private ScipyNdimage() {
    }

    /**
     * {@code _gaussian_kernel1d(sigma, 0, radius)}: {@code exp(-0.5 / sigma² · x²)} for x in −radius..radius,
     * divided by its (pairwise) sum.
     */
    static double[] gaussianKernel(double sigma, int radius) {
        double sigma2 = sigma * sigma;
        double[] phi = new double[2 * radius + 1];
        double factor = -0.5 / sigma2;
        for (int i = 0; i < phi.length; i++) {
            long x = i - radius;
            phi[i] = NumpyExp.exp(factor * (double) (x * x));
        }
        double sum = NumpySum.sum(phi, 0, phi.length);
        for (int i = 0; i < phi.length; i++) {
            phi[i] = phi[i] / sum;
        }
        return phi;
    }

    /**
     * {@code gaussian_filter(a, (sigmaY, sigmaX), mode=mode, truncate=truncate)} of a row-major h × w float64
     * image: a 1-D correlation along axis 0, then along axis 1, each with radius {@code int(truncate·σ + 0.5)}.
     */
    public static double[] gaussianFilter(double[] a, int h, int w, double sigmaY, double sigmaX, Mode mode,
                                          double truncate) {
        return gaussianFilter(a, h, w, sigmaY, sigmaX, mode, truncate, false);
    }

    /**
     * As {@link #gaussianFilter(double[], int, int, double, double, Mode, double)}; with {@code float32} the array
     * is a float32 one (its values in the doubles) and each pass's output is stored as float32, as scipy does for
     * a float32 input (the output takes the input's dtype).
     */
    public static double[] gaussianFilter(double[] a, int h, int w, double sigmaY, double sigmaX, Mode mode,
                                          double truncate, boolean float32) {
        double[] out = a.clone();
        if (sigmaY > 1e-15) {
            out = correlateAxis(out, h, w, gaussianKernel(sigmaY, (int) (truncate * sigmaY + 0.5)), true, mode);
            roundToFloat(out, float32);
        }
        if (sigmaX > 1e-15) {
            out = correlateAxis(out, h, w, gaussianKernel(sigmaX, (int) (truncate * sigmaX + 0.5)), false, mode);
            roundToFloat(out, float32);
        }
        return out;
    }

    private static void roundToFloat(double[] a, boolean float32) {
        if (float32) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) a[i];
            }
        }
    }

    /**
     * {@code NI_Correlate1D} with a symmetric kernel: {@code out = in[0]·w[0] + Σ_{j=-r..-1} (in[j] + in[-j])·w[j]},
     * the outermost pair first, the line extended at its borders by {@code mode}.
     */
    private static double[] correlateAxis(double[] a, int h, int w, double[] kernel, boolean alongRows, Mode mode) {
        int radius = kernel.length / 2;
        int length = alongRows ? h : w;
        int lines = alongRows ? w : h;
        double[] out = new double[a.length];
        double[] line = new double[length + 2 * radius];
        for (int l = 0; l < lines; l++) {
            for (int k = 0; k < line.length; k++) {
                int src = extend(k - radius, length, mode);
                line[k] = alongRows ? a[src * w + l] : a[l * w + src];
            }
            for (int i = 0; i < length; i++) {
                int c = i + radius;
                double v = line[c] * kernel[radius];
                for (int j = -radius; j < 0; j++) {
                    v += (line[c + j] + line[c - j]) * kernel[radius + j];
                }
                if (alongRows) {
                    out[i * w + l] = v;
                } else {
                    out[l * w + i] = v;
                }
            }
        }
        return out;
    }

    /** The in-range index a border mode gives position {@code i} of a line of {@code n}. */
    static int extend(int i, int n, Mode mode) {
        if (i >= 0 && i < n) {
            return i;
        }
        if (mode == Mode.NEAREST) {
            return i < 0 ? 0 : n - 1;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    /**
     * {@code map_coordinates(input, coords, order=1, mode='reflect')} for one point of a 3-D float32 array
     * (dims d0 × d1 × d2, row-major): the coordinate of each axis mapped into range, the 2×2×2 corners in
     * scipy's order (last axis fastest) accumulated from 0, weights {@code 1 − t} and {@code 1 − (1 − t)}.
     */
    public static double linearReflect(float[] input, int d0, int d1, int d2, double c0, double c1, double c2) {
        int[] dims = {d0, d1, d2};
        double[] cs = {c0, c1, c2};
        int[][] index = new int[3][2];
        double[][] weight = new double[3][2];
        for (int a = 0; a < 3; a++) {
            double cc = mapCoordinateReflect(cs[a], dims[a]);
            if (!(cc > -1.0)) {
                return 0.0; // the constant border: unreachable for reflect, kept as scipy has it
            }
            long start = (long) Math.floor(cc);
            for (int k = 0; k < 2; k++) {
                long idx = start + k;
                index[a][k] = (int) (idx < 0 || idx >= dims[a] ? (long) mapCoordinateReflect(idx, dims[a]) : idx);
            }
            double x = cc - Math.floor(cc);
            weight[a][0] = 1.0 - x;
            weight[a][1] = 1.0 - weight[a][0];
        }
        double t = 0.0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    double coeff = input[(index[0][i] * d1 + index[1][j]) * d2 + index[2][k]];
                    coeff *= weight[0][i];
                    coeff *= weight[1][j];
                    coeff *= weight[2][k];
                    t += coeff;
                }
            }
        }
        return t;
    }

    /** scipy's {@code map_coordinate(in, len, NI_EXTEND_REFLECT)} (ni_interpolation.c). */
    static double mapCoordinateReflect(double in, int len) {
        if (in < 0) {
            if (len <= 1) {
                return 0;
            }
            long sz2 = 2L * len;
            if (in < -sz2) {
                in = sz2 * (long) (-in / sz2) + in;
            }
            return in < -len ? in + sz2 : (in > -1e-15 ? 1e-15 : -in) - 1;
        } else if (in > len - 1) {
            if (len <= 1) {
                return 0;
            }
            long sz2 = 2L * len;
            in -= sz2 * (long) (in / sz2);
            if (in >= len) {
                in = sz2 - in - 1;
            }
        }
        return in;
    }

    /**
     * {@code zoom(input, (z0, z1, 1), order=1)} (mode 'constant', not grid mode) of a row-major d0 × d1 × d2 array:
     * the output shape {@code round(d·z)} (half to even), the factors {@code (d − 1)/(out − 1)}, each output index
     * k read at {@code k·factor} — past the last input index (rounding) it is the constant 0 — with the corners
     * in scipy's order and the out-of-range neighbour mirrored (its weight is 0 there). Returns the values as
     * double; a float32 caller casts them.
     *
     * @return {out0, out1, d2} in {@code shape}, values in the result
     */
    public static double[] zoomLinear(double[] input, int d0, int d1, int d2, double z0, double z1, int[] shape) {
        int[] in = {d0, d1, d2};
        int[] out = {(int) Math.rint(d0 * z0), (int) Math.rint(d1 * z1), d2};
        System.arraycopy(out, 0, shape, 0, 3);
        int[][] i0 = new int[3][];
        int[][] i1 = new int[3][];
        double[][] w0 = new double[3][];
        double[][] w1 = new double[3][];
        boolean[][] zero = new boolean[3][];
        for (int a = 0; a < 3; a++) {
            int n = out[a];
            double factor = n - 1 != 0 ? (double) (in[a] - 1) / (double) (n - 1) : 1.0;
            i0[a] = new int[n];
            i1[a] = new int[n];
            w0[a] = new double[n];
            w1[a] = new double[n];
            zero[a] = new boolean[n];
            for (int k = 0; k < n; k++) {
                double cc = (double) k * factor;
                if (cc < 0 || cc > in[a] - 1) {
                    zero[a][k] = true; // map_coordinate(…, NI_EXTEND_CONSTANT) gives -1: the constant
                    continue;
                }
                long start = (long) Math.floor(cc);
                i0[a][k] = (int) (start >= in[a] ? mirror(start, in[a]) : start);
                i1[a][k] = (int) (start + 1 >= in[a] ? mirror(start + 1, in[a]) : start + 1);
                double x = cc - Math.floor(cc);
                w0[a][k] = 1.0 - x;
                w1[a][k] = 1.0 - w0[a][k];
            }
        }
        double[] result = new double[out[0] * out[1] * out[2]];
        for (int p = 0; p < out[0]; p++) {
            for (int q = 0; q < out[1]; q++) {
                for (int r = 0; r < out[2]; r++) {
                    if (zero[0][p] || zero[1][q] || zero[2][r]) {
                        continue; // cval 0
                    }
                    double t = 0.0;
                    for (int a = 0; a < 2; a++) {
                        int y = a == 0 ? i0[0][p] : i1[0][p];
                        double wy = a == 0 ? w0[0][p] : w1[0][p];
                        for (int b = 0; b < 2; b++) {
                            int x = b == 0 ? i0[1][q] : i1[1][q];
                            double wx = b == 0 ? w0[1][q] : w1[1][q];
                            for (int c = 0; c < 2; c++) {
                                int z = c == 0 ? i0[2][r] : i1[2][r];
                                double wz = c == 0 ? w0[2][r] : w1[2][r];
                                double coeff = input[(y * d1 + x) * d2 + z];
                                coeff *= wy;
                                coeff *= wx;
                                coeff *= wz;
                                t += coeff;
                            }
                        }
                    }
                    result[(p * out[1] + q) * out[2] + r] = t;
                }
            }
        }
        return result;
    }

    /** scipy's map_coordinate(idx, len, NI_EXTEND_MIRROR) for an integer index (constant mode's spline mode). */
    private static long mirror(long in, int len) {
        if (len <= 1) {
            return 0;
        }
        long sz2 = 2L * len - 2;
        if (in < 0) {
            in = sz2 * (-in / sz2) + in;
            return in <= 1 - len ? in + sz2 : -in;
        }
        in -= sz2 * (in / sz2);
        return in >= len ? sz2 - in : in;
    }
}
