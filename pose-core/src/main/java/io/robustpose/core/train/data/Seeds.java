package io.robustpose.core.train.data;

import java.util.SplittableRandom;

/**
 * Seed derivation: every random draw of a training run comes from a generator seeded by a hash of
 * (run seed, epoch, sample index, stream), so a sample's augmentation does not depend on which
 * loader thread produced it, on the batch size, or on where a resumed run restarted.
 */
public final class Seeds {

    /** Independent streams of one sample. */
    public static final int STREAM_GEOMETRY = 0;
    public static final int STREAM_AUTOAUGMENT = 1;
    public static final int STREAM_GRIDMASK = 2;
    public static final int STREAM_MIX = 3;
    public static final int STREAM_CORRUPTION = 4;
    /** The per-epoch shuffle. */
    public static final int STREAM_SHUFFLE = 100;

    private Seeds() {
    }

    /** splitmix64's finalizer. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A well-mixed 64-bit seed from any number of parts (order matters). */
    public static long derive(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = mix64(h + 0x9E3779B97F4A7C15L + mix64(p));
        }
        return h;
    }

    public static SplittableRandom random(long... parts) {
        return new SplittableRandom(derive(parts));
    }
}
