package io.robustpose.core.corruption;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import io.robustpose.core.corruption.official.NumpyRandomState;
import org.opencv.core.Core;

/**
 * The random source of one corruption of one image. Every draw derives from a single 64-bit seed, itself a hash
 * of (global seed, image id, corruption, severity), so any worker, thread or retry reproduces the same output.
 * Scalar draws (angles, indexes) come from a {@link SplittableRandom}; large random fields come either from a
 * Java generator seeded here or from OpenCV's thread-local RNG, re-seeded here right before each fill (the fill
 * itself is sequential, so it does not depend on OpenCV's thread count).
 */
final class Draws {
    private final SplittableRandom random;
    /** The official seeding's source (numpy's legacy generator), or null. */
    private final NumpyRandomState numpy;

    Draws(long seed) {
        this.random = new SplittableRandom(seed);
        this.numpy = null;
    }

    /**
     * Scalar draws from numpy's legacy generator, as the authors' {@code make_datasets.py} makes them (one
     * {@code np.random.seed(1)} before each corruption); large fields are not drawn this way (yet).
     */
    Draws(NumpyRandomState numpy) {
        this.random = null;
        this.numpy = numpy;
    }

    /** SHA-256 of the canonical tuple, first 8 bytes: stable across JVMs, platforms and enum reorderings. */
    static long derive(long globalSeed, String imageId, Corruption corruption, int severity) {
        String key = "robustpose/corruption/v1|" + globalSeed + "|" + imageId + "|" + corruption.id() + "|" + severity;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** numpy's {@code uniform(low, high)}: [low, high). */
    double uniform(double low, double high) {
        return numpy != null ? numpy.uniform(low, high) : low + (high - low) * random.nextDouble();
    }

    /** numpy's {@code randint(low, high)}: [low, high). */
    int randint(int low, int highExclusive) {
        return numpy != null ? (int) numpy.randint(low, highExclusive) : random.nextInt(low, highExclusive);
    }

    /** A seed for a Java generator that fills a large field. */
    long nextSeed() {
        requireOwnSource();
        return random.nextLong();
    }

    /** Re-seeds OpenCV's RNG of the calling thread before a {@code randn}/{@code randu} fill. */
    void seedOpenCv() {
        requireOwnSource();
        Core.setRNGSeed(random.nextInt());
    }

    /** Random fields drawn numpy's way exist only for the noises ({@code OfficialNoise}); the rest is refused. */
    private void requireOwnSource() {
        if (numpy != null) {
            throw new UnsupportedOperationException("this corruption's random field is not drawn as numpy draws it");
        }
    }
}
