package io.robustpose.core.corruption;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.image.Mats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.opencv.core.Mat;

/**
 * The shared reference fixtures (outputs of imagecorruptions 1.1.2 on a 256×192 image), read in place from
 * {@code ${robustpose.shared}/reference} (default /work/shared); tests are skipped when they are absent.
 */
final class ReferenceFixtures {
    static final Path SHARED = Paths.get(System.getProperty("robustpose.shared", "/work/shared"));
    static final Path CHELSEA = SHARED.resolve("reference/corruptions/chelsea_256x192");
    static final Path FROST_DIR = SHARED.resolve("reference/frost");

    private static JsonNode stats;

    private ReferenceFixtures() {
    }

    static void assumePresent() {
        assumeTrue(Files.isRegularFile(CHELSEA.resolve("stats.json"))
                && Files.isRegularFile(CHELSEA.resolve("input.png")), "reference fixtures not found under " + CHELSEA
                + " (set -Drobustpose.shared=DIR): skipping golden tests");
    }

    static void assumeFrostPresent() {
        assumeTrue(Files.isRegularFile(FROST_DIR.resolve("frost1.png")),
                "official frost textures not found under " + FROST_DIR + ": skipping");
    }

    static synchronized JsonNode stats() {
        if (stats == null) {
            try {
                stats = new ObjectMapper().readTree(CHELSEA.resolve("stats.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stats;
    }

    static JsonNode result(Corruption c, int severity) {
        return stats().path("results").path(c.id()).path(String.valueOf(severity));
    }

    static Mat input() {
        return ImageIo.read(CHELSEA.resolve("input.png"));
    }

    static Mat reference(Corruption c, int severity) {
        return ImageIo.read(CHELSEA.resolve(c.id() + "_s" + severity + ".png"));
    }

    /** Per-channel statistics of an 8UC3 BGR image, reported in RGB order like stats.json. */
    record ImageStats(double[] mean, double[] std, double[] madToInput) {
    }

    static ImageStats stats(Mat bgr, Mat input) {
        byte[] o = Mats.bytes(bgr);
        byte[] x = Mats.bytes(input);
        double[] sum = new double[3];
        double[] sq = new double[3];
        double[] mad = new double[3];
        for (int i = 0; i < o.length; i++) {
            int v = o[i] & 0xff;
            int rgb = 2 - i % 3;
            sum[rgb] += v;
            sq[rgb] += (double) v * v;
            mad[rgb] += Math.abs(v - (x[i] & 0xff));
        }
        double n = o.length / 3.0;
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = sum[c] / n;
            std[c] = Math.sqrt(Math.max(0, sq[c] / n - mean[c] * mean[c]));
            mad[c] /= n;
        }
        return new ImageStats(mean, std, mad);
    }

    /** Mean absolute difference and 99.9th percentile of |a - b| over all channel values. */
    record Difference(double mean, int p999) {
    }

    static Difference difference(Mat a, Mat b) {
        byte[] x = Mats.bytes(a);
        byte[] y = Mats.bytes(b);
        long[] hist = new long[256];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            int d = Math.abs((x[i] & 0xff) - (y[i] & 0xff));
            hist[d]++;
            sum += d;
        }
        long acc = 0;
        int p = 0;
        for (int d = 0; d < 256; d++) {
            acc += hist[d];
            if (acc >= Math.ceil(0.999 * x.length)) {
                p = d;
                break;
            }
        }
        return new Difference(sum / x.length, p);
    }

    static double[] array(JsonNode node) {
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = node.get(i).asDouble();
        }
        return v;
    }
}
