package io.robustpose.core.corruption.official;

/**
 * The natural logarithm rounded to the nearest double, from a double-double (≈ 106-bit) evaluation:
 * glibc's {@code log}, which numpy calls, is accurate to about half an ulp, while {@code Math.log} is
 * allowed a whole one — measured in {@code shared/reference/cococ-official}, they disagree in the last bit
 * on 316 of the 408,000 values behind one gaussian_noise draw, which changes the Gaussians numpy produces.
 *
 * <p>ln x = e·ln 2 + ln m with m ∈ [√½, √2], ln m = 2·atanh(s) = 2·(s + s³/3 + s⁵/5 + …), s = (m − 1)/(m + 1),
 * |s| ≤ 0.172, summed in double-double until the terms fall below 2^-110 of the sum.
 */
final class CorrectlyRoundedLog {
    private static final double LN2_HI = 0.6931471805599453;
    private static final double LN2_LO = 2.3190468138462996e-17;
    private static final double SQRT2 = 1.4142135623730951;

    private CorrectlyRoundedLog() {
    }

    static double log(double x) {
        if (!(x > 0) || Double.isInfinite(x) || x < Double.MIN_NORMAL) {
            return Math.log(x); // NaN, ±0, negative, infinite and subnormal inputs: not drawn by the corruptions
        }
        if (x == 1.0) {
            return 0.0;
        }
        int e = Math.getExponent(x);
        double m = Math.scalb(x, -e); // [1, 2), exact
        if (m > SQRT2) {
            m *= 0.5; // exact
            e++;
        }
        // s = (m − 1) / (m + 1) as a double-double; m − 1 is exact (Sterbenz), m + 1 may round: keep its error
        double num = m - 1;
        double[] den = twoSum(m, 1.0);
        double denHi = den[0];
        double denLo = den[1];
        double sHi = num / denHi;
        double r = Math.fma(-sHi, denHi, num) - sHi * denLo;
        double sLo = r / denHi;
        double[] s = quickTwoSum(sHi, sLo);
        double[] s2 = mul(s, s);
        double[] term = s.clone();
        double[] sum = s.clone();
        for (int k = 1; k < 40; k++) {
            term = mul(term, s2);
            double[] t = div(term, 2 * k + 1);
            sum = add(sum, t);
            if (Math.abs(t[0]) < Math.abs(sum[0]) * 0x1p-110) {
                break;
            }
        }
        double[] lnM = {2 * sum[0], 2 * sum[1]};
        // e·ln 2 as a double-double
        double p = e * LN2_HI;
        double pErr = Math.fma(e, LN2_HI, -p) + e * LN2_LO;
        double[] eLn2 = quickTwoSum(p, pErr);
        double[] total = add(eLn2, lnM);
        return total[0] + total[1];
    }

    private static double[] quickTwoSum(double a, double b) {
        double s = a + b;
        return new double[] {s, b - (s - a)};
    }

    private static double[] twoSum(double a, double b) {
        double s = a + b;
        double bb = s - a;
        return new double[] {s, (a - (s - bb)) + (b - bb)};
    }

    private static double[] add(double[] a, double[] b) {
        double[] s = twoSum(a[0], b[0]);
        double[] t = twoSum(a[1], b[1]);
        double lo = s[1] + t[0];
        double[] u = quickTwoSum(s[0], lo);
        return quickTwoSum(u[0], u[1] + t[1]);
    }

    private static double[] mul(double[] a, double[] b) {
        double p = a[0] * b[0];
        double err = Math.fma(a[0], b[0], -p) + (a[0] * b[1] + a[1] * b[0]);
        return quickTwoSum(p, err);
    }

    private static double[] div(double[] a, double d) {
        double q1 = a[0] / d;
        double r = Math.fma(-q1, d, a[0]) + a[1];
        return quickTwoSum(q1, r / d);
    }
}
