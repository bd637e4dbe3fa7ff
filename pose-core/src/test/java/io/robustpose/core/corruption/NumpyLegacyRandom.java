package io.robustpose.core.corruption;

/**
 * numpy's legacy global generator ({@code np.random.seed(s)}: MT19937 seeded with init_genrand, doubles from
 * two 32-bit draws with 53 bits), enough to replay the reference's {@code uniform} draws in tests.
 */
final class NumpyLegacyRandom {
    private final int[] mt = new int[624];
    private int index = 624;

    NumpyLegacyRandom(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < 624; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
    }

    int nextInt32() {
        if (index >= 624) {
            for (int i = 0; i < 624; i++) {
                int y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
                mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** {@code np.random.random_sample()}: [0, 1) with 53 random bits. */
    double nextDouble() {
        long a = (nextInt32() & 0xffffffffL) >>> 5;
        long b = (nextInt32() & 0xffffffffL) >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }
}
