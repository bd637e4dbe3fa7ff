package io.robustpose.core.corruption.official;

/**
 * numpy's legacy {@code np.random.RandomState} — the generator behind {@code np.random.seed(1)} in the
 * authors' {@code tools/make_datasets.py} — draw for draw: MT19937 seeded with {@code init_genrand}, 53-bit
 * doubles from two 32-bit words, the polar Gaussian that caches its second value, masked rejection for
 * {@code randint}, {@code choice} through the normalised CDF, and {@code poisson} by multiplication below
 * λ = 10 and Hörmann's PTRS above. Written from the algorithm as documented in
 * {@code shared/reference/cococ-official/README.md} and checked against numpy's own draws there.
 *
 * <p>Not thread-safe: one instance per image and corruption, as the official loop seeds before each.
 */
public final class NumpyRandomState {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /** {@code np.random.seed(seed)} for an integer seed in [0, 2^32). */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("seed must be in [0, 2^32): " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        pos = N;
    }

    /** The next 32-bit output of MT19937, as an unsigned value. */
    public long nextUint32() {
        if (pos >= N) {
            generate();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void generate() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            int v = mt[(i + M) % N] ^ (y >>> 1);
            mt[i] = (y & 1) != 0 ? v ^ 0x9908b0df : v;
        }
        pos = 0;
    }

    /** {@code random_sample()}: [0, 1) with 53 random bits. */
    public double nextDouble() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code standard_normal()}: the polar method, returning f·x2 and keeping f·x1 for the next call. */
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        // numpy calls C's log: Math.log differs from glibc's in the last bit for about 1 in 1,300 r2 values
        double f = Math.sqrt(-2.0 * NumpyMath.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code normal(loc, scale, n)}: n values in C order. */
    public double[] normal(double loc, double scale, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = loc + scale * nextGaussian();
        }
        return out;
    }

    /** {@code uniform(low, high)}. */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** {@code uniform(low, high, n)}: n values in C order. */
    public double[] uniform(double low, double high, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = uniform(low, high);
        }
        return out;
    }

    /** {@code randint(low, high)} (int64, high exclusive): masked rejection, one 32-bit word per try. */
    public long randint(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: low >= high (" + low + ", " + high + ")");
        }
        long range = high - 1 - low;
        if (range == 0) {
            return low;
        }
        if (range > 0xFFFFFFFFL) {
            throw new UnsupportedOperationException("randint ranges beyond 2^32 are not needed by the corruptions");
        }
        long mask = range;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = nextUint32() & mask;
        } while (v > range);
        return low + v;
    }

    /** {@code randint(high)}. */
    public long randint(long high) {
        return randint(0, high);
    }

    /**
     * {@code choice([True, False], n, p=[p, 1 − p])}: True where a uniform draw falls below the first entry of the
     * normalised CDF, {@code p / (p + (1 − p))}, computed in doubles as numpy does.
     */
    public boolean[] choiceTrueWithProbability(double p, int n) {
        double q = 1 - p;
        double total = p + q;
        double cdf0 = p / total;
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = nextDouble() < cdf0;
        }
        return out;
    }

    /** {@code poisson(lam)}: 0 for λ = 0, multiplication below 10, PTRS (Hörmann 1993) from 10 on. */
    public long poisson(double lam) {
        if (lam < 0 || Double.isNaN(lam)) {
            throw new IllegalArgumentException("poisson: lam must be >= 0, not " + lam);
        }
        if (lam >= 10) {
            return poissonPtrs(lam);
        }
        if (lam == 0) {
            return 0;
        }
        double enlam = Math.exp(-lam);
        long x = 0;
        double prod = 1.0;
        while (true) {
            prod *= nextDouble();
            if (prod > enlam) {
                x++;
            } else {
                return x;
            }
        }
    }

    private long poissonPtrs(double lam) {
        double slam = Math.sqrt(lam);
        double loglam = NumpyMath.log(lam);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = nextDouble() - 0.5;
            double v = nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lam + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (NumpyMath.log(v) + NumpyMath.log(invalpha) - NumpyMath.log(a / (us * us) + b)
                    <= -lam + k * loglam - logGamma(k + 1)) {
                return k;
            }
        }
    }

    /** log Γ(x) as numpy's {@code random_loggam}: Stirling's series after shifting x up to at least 7. */
    static double logGamma(double x) {
        final double[] a = {8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
                -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03,
                -2.955065359477124e-02, 1.796443723688307e-01, -1.39243221690590e+00};
        if (x == 1.0 || x == 2.0) {
            return 0.0;
        }
        long n = x < 7.0 ? (long) (7 - x) : 0;
        double x0 = x + n;
        double x2 = 1.0 / (x0 * x0);
        double xp = 2 * Math.PI;
        double gl0 = a[9];
        for (int k = 8; k >= 0; k--) {
            gl0 *= x2;
            gl0 += a[k];
        }
        double gl = gl0 / x0 + 0.5 * NumpyMath.log(xp) + (x0 - 0.5) * NumpyMath.log(x0) - x0;
        if (x < 7.0) {
            for (long k = 1; k <= n; k++) {
                gl -= NumpyMath.log(x0 - 1.0);
                x0 -= 1.0;
            }
        }
        return gl;
    }
}
