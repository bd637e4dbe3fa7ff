package io.robustpose.core.replication;

/**
 * A paired comparison over seeds: the differences {@code d_i = method_i − reference_i} (same seed,
 * same base, same corruption draws), their mean, sample standard deviation and the two-sided 95 %
 * Student-t confidence interval {@code mean ± t(0.975, n−1)·sd/√n}. With one seed there is no
 * interval (NaN bounds).
 */
public record PairedDifference(double[] differences, double mean, double sd, double low, double high) {

    /** t(0.975, df) for df = 1..30 (standard tables); beyond, the normal quantile's t approximation. */
    private static final double[] T975 = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622,
        2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739,
        2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

    public static PairedDifference of(double[] method, double[] reference) {
        if (method.length != reference.length || method.length == 0) {
            throw new IllegalArgumentException("paired samples need the same, positive count");
        }
        int n = method.length;
        double[] d = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            d[i] = method[i] - reference[i];
            sum += d[i];
        }
        double mean = sum / n;
        if (n == 1) {
            return new PairedDifference(d, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = t975(n - 1) * sd / Math.sqrt(n);
        return new PairedDifference(d, mean, sd, mean - half, mean + half);
    }

    static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("df must be positive");
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959964;
        // Cornish-Fisher expansion of t in terms of z (error < 1e-4 for df > 30)
        return z + (z * z * z + z) / (4 * df) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96.0 * df * df);
    }

    /** Whether the whole interval lies above 0. */
    public boolean positive() {
        return low > 0;
    }
}
