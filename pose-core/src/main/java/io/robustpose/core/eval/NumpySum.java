package io.robustpose.core.eval;

/**
 * Floating point sums in the order numpy adds them, so that results match the Python reference
 * implementations bit for bit. numpy reduces a contiguous float64 array with pairwise summation:
 * fewer than 8 values are added left to right; up to 128 values go into 8 interleaved partial
 * sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) before the remainder is added; longer
 * arrays are split at a multiple of 8 near the middle (numpy's {@code pairwise_sum},
 * PW_BLOCKSIZE 128).
 */
public final class NumpySum {
    private static final int BLOCK = 128;

    private NumpySum() {
    }

    /** {@code np.sum(a[from:from+n])} for float64. */
    public static double sum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double r0 = a[from];
            double r1 = a[from + 1];
            double r2 = a[from + 2];
            double r3 = a[from + 3];
            double r4 = a[from + 4];
            double r5 = a[from + 5];
            double r6 = a[from + 6];
            double r7 = a[from + 7];
            int i = 8;
            int blocked = n - n % 8;
            for (; i < blocked; i += 8) {
                r0 += a[from + i];
                r1 += a[from + i + 1];
                r2 += a[from + i + 2];
                r3 += a[from + i + 3];
                r4 += a[from + i + 4];
                r5 += a[from + i + 5];
                r6 += a[from + i + 6];
                r7 += a[from + i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return sum(a, from, half) + sum(a, from + half, n - half);
    }

    /** {@code np.sum} of a float32 array: the same pairwise order, every addition in float32. */
    public static float sum(float[] a, int from, int n) {
        if (n < 8) {
            float res = 0f;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            float[] r = new float[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int k = 0; k < 8; k++) {
                    r[k] += a[from + i + k];
                }
            }
            float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return sum(a, from, half) + sum(a, from + half, n - half);
    }

    /** {@code float32_array.mean()}: the pairwise float32 sum divided by the count in float32. */
    public static float mean(float[] a) {
        return sum(a, 0, a.length) / a.length;
    }

    public static double sum(double[] a) {
        return sum(a, 0, a.length);
    }

    /** {@code np.mean(a[:n])}: the pairwise sum divided by the count. */
    public static double mean(double[] a, int n) {
        return sum(a, 0, n) / n;
    }
}
