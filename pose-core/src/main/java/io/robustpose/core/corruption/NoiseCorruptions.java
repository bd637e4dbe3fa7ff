package io.robustpose.core.corruption;

import io.robustpose.core.image.Mats;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** gaussian_noise, shot_noise, impulse_noise and speckle_noise of imagecorruptions 1.1.2. Inputs are 8UC3. */
final class NoiseCorruptions {
    /** gaussian_noise: c = [.08, .12, 0.18, 0.26, 0.38], std of N(0, c) added to x/255. */
    static final double[] GAUSSIAN_STD = {0.08, 0.12, 0.18, 0.26, 0.38};
    /** shot_noise: c = [60, 25, 12, 5, 3]; output poisson(x/255 * c) / c. */
    static final int[] SHOT_PHOTONS = {60, 25, 12, 5, 3};
    /** impulse_noise: c = [.03, .06, .09, 0.17, 0.27], skimage random_noise(mode='s&p', amount=c), salt:pepper 1:1. */
    static final double[] IMPULSE_AMOUNT = {0.03, 0.06, 0.09, 0.17, 0.27};
    /** speckle_noise: c = [.15, .2, 0.35, 0.45, 0.6]; x + x * N(0, c). */
    static final double[] SPECKLE_STD = {0.15, 0.2, 0.35, 0.45, 0.6};

    private NoiseCorruptions() {
    }

    static Mat gaussianNoise(Mat src, int severity, Draws draws) {
        try (Mats.Scope s = new Mats.Scope()) {
            Mat noisy = s.mat(src.rows(), src.cols(), CvType.CV_32FC3);
            draws.seedOpenCv();
            Core.randn(noisy, 0, GAUSSIAN_STD[severity - 1] * 255.0);
            Core.add(noisy, src, noisy, new Mat(), CvType.CV_32F);
            return Mats.truncateToU8(noisy, 1.0);
        }
    }

    static Mat speckleNoise(Mat src, int severity, Draws draws) {
        try (Mats.Scope s = new Mats.Scope()) {
            Mat noise = s.mat(src.rows(), src.cols(), CvType.CV_32FC3);
            draws.seedOpenCv();
            Core.randn(noise, 0, SPECKLE_STD[severity - 1]);
            Mat product = s.mat();
            Core.multiply(noise, src, product, 1.0, CvType.CV_32F);
            Core.add(product, src, product, new Mat(), CvType.CV_32F);
            return Mats.truncateToU8(product, 1.0);
        }
    }

    /**
     * Salt and pepper per channel value: with probability p a value is replaced, by 255 or 0 with equal odds
     * (skimage draws "flipped" and "salted" independently; one uniform below p/2 or in [p/2, p) is the same law).
     * Untouched values pass through {@code np.uint8(x/255*255)}, which is the identity for all 256 values.
     */
    static Mat impulseNoise(Mat src, int severity, Draws draws) {
        double p = IMPULSE_AMOUNT[severity - 1];
        try (Mats.Scope s = new Mats.Scope()) {
            Mat out = src.clone();
            Mat flat = s.track(out.reshape(1));
            Mat u = s.mat(flat.rows(), flat.cols(), CvType.CV_32F);
            draws.seedOpenCv();
            Core.randu(u, 0, 1);
            Mat flipped = s.mat();
            Core.compare(u, new Scalar(p), flipped, Core.CMP_LT);
            Mat salted = s.mat();
            Core.compare(u, new Scalar(p / 2), salted, Core.CMP_LT);
            flat.setTo(new Scalar(0), flipped);
            flat.setTo(new Scalar(255), salted);
            return out;
        }
    }

    /**
     * Poisson counts by inverse-CDF lookup: x is 8-bit, so the rate x/255*c takes only 256 values and each gets a
     * precomputed CDF and the output byte {@code np.uint8(np.clip(n/c, 0, 1)*255)} for every count n.
     */
    static Mat shotNoise(Mat src, int severity, Draws draws) {
        PoissonTable table = PoissonTable.of(SHOT_PHOTONS[severity - 1]);
        byte[] px = Mats.bytes(src);
        SplittableRandom rng = new SplittableRandom(draws.nextSeed());
        double[] cdf = table.cdf;
        byte[] outByte = table.outByte;
        int[] guide = table.guide;
        int stride = table.stride;
        for (int i = 0; i < px.length; i++) {
            int k = px[i] & 0xff;
            double u = rng.nextDouble();
            int base = k * stride;
            int n = guide[k * PoissonTable.GUIDE + (int) (u * PoissonTable.GUIDE)];
            while (cdf[base + n] <= u && n < stride - 1) {
                n++;
            }
            px[i] = outByte[base + n];
        }
        Mat out = new Mat(src.rows(), src.cols(), CvType.CV_8UC3);
        out.put(0, 0, px);
        return out;
    }

    /** Per intensity k in 0..255: the CDF of Poisson(k/255*c) over counts 0..stride-1, a guide table, output bytes. */
    static final class PoissonTable {
        static final int GUIDE = 256;
        private static final ConcurrentHashMap<Integer, PoissonTable> CACHE = new ConcurrentHashMap<>();
        final int stride;
        final double[] cdf;
        final byte[] outByte;
        final int[] guide;

        private PoissonTable(int photons) {
            double maxRate = photons;
            stride = (int) Math.ceil(maxRate + 12 * Math.sqrt(maxRate) + 20);
            cdf = new double[256 * stride];
            outByte = new byte[256 * stride];
            guide = new int[256 * GUIDE];
            for (int k = 0; k < 256; k++) {
                double rate = (k / 255.0) * photons;
                double pmf = Math.exp(-rate);
                double acc = 0;
                int base = k * stride;
                for (int n = 0; n < stride; n++) {
                    if (n > 0) {
                        pmf *= rate / n;
                    }
                    acc += pmf;
                    cdf[base + n] = n == stride - 1 ? 1.0 : Math.min(acc, 1.0);
                    double v = Math.min(Math.max(n / (double) photons, 0), 1) * 255;
                    outByte[base + n] = (byte) (int) v;
                }
                int n = 0;
                for (int g = 0; g < GUIDE; g++) {
                    double threshold = g / (double) GUIDE;
                    while (cdf[base + n] <= threshold && n < stride - 1) {
                        n++;
                    }
                    guide[k * GUIDE + g] = n;
                }
            }
        }

        static PoissonTable of(int photons) {
            return CACHE.computeIfAbsent(photons, PoissonTable::new);
        }
    }
}
