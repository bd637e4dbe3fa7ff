package io.robustpose.core.corruption;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
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

    Draws(long seed) {
        this.random = new SplittableRandom(seed);
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
        return low + (high - low) * random.nextDouble();
    }

    /** numpy's {@code randint(low, high)}: [low, high). */
    int randint(int low, int highExclusive) {
        return random.nextInt(low, highExclusive);
    }

    /** A seed for a Java generator that fills a large field. */
    long nextSeed() {
        return random.nextLong();
    }

    /** Re-seeds OpenCV's RNG of the calling thread before a {@code randn}/{@code randu} fill. */
    void seedOpenCv() {
        Core.setRNGSeed(random.nextInt());
    }
}
