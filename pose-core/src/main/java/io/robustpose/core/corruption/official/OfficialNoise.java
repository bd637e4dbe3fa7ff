package io.robustpose.core.corruption.official;

/**
 * The noise corruptions exactly as the authors' {@code make_datasets.py} produced them: imagecorruptions
 * v1.1.2 (the PyPI release of 2021) after {@code np.random.seed(1)}, in float64, the result truncated by
 * {@code np.uint8}. Impulse noise is scikit-image ≤ 0.18's {@code random_noise(mode='s&p')}, which drew from
 * the global numpy generator (0.19 moved to its own, which {@code np.random.seed} does not reach).
 *
 * <p>Images are H×W×3 RGB bytes in C order, as {@code np.asarray(Image.open(f))}; the draws fill arrays of
 * the same shape in the same order.
 */
public final class OfficialNoise {
    /** imagecorruptions v1.1.2 parameters, by severity 1..5. */
    static final double[] GAUSSIAN = {.08, .12, 0.18, 0.26, 0.38};
    static final double[] SHOT = {60, 25, 12, 5, 3};
    static final double[] IMPULSE = {.03, .06, .09, 0.17, 0.27};
    static final double[] SPECKLE = {.15, .2, 0.35, 0.45, 0.6};

    private OfficialNoise() {
    }

    /** {@code np.clip(x/255. + np.random.normal(size=x.shape, scale=c), 0, 1) * 255}, truncated to uint8. */
    public static byte[] gaussianNoise(byte[] rgb, int severity, NumpyRandomState r) {
        double c = GAUSSIAN[severity - 1];
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            double x = (rgb[i] & 0xFF) / 255.;
            out[i] = toUint8(clip01(x + (0.0 + c * r.nextGaussian())) * 255);
        }
        return out;
    }

    /** {@code np.clip(np.random.poisson(x * c) / float(c), 0, 1) * 255} with x = image / 255. */
    public static byte[] shotNoise(byte[] rgb, int severity, NumpyRandomState r) {
        double c = SHOT[severity - 1];
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            double x = (rgb[i] & 0xFF) / 255.;
            out[i] = toUint8(clip01(r.poisson(x * c) / c) * 255);
        }
        return out;
    }

    /**
     * skimage 0.18 {@code random_noise(x/255., mode='s&p', amount=c)}: {@code flipped = choice([True, False],
     * p=[c, 1−c])} over the whole image, then {@code salted = choice(..., p=[.5, .5])}; flipped and salted → 1,
     * flipped and not salted → 0; then {@code np.clip(x, 0, 1) * 255}.
     */
    public static byte[] impulseNoise(byte[] rgb, int severity, NumpyRandomState r) {
        double c = IMPULSE[severity - 1];
        boolean[] flipped = r.choiceTrueWithProbability(c, rgb.length);
        boolean[] salted = r.choiceTrueWithProbability(0.5, rgb.length);
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            double x = flipped[i] ? (salted[i] ? 1.0 : 0.0) : (rgb[i] & 0xFF) / 255.;
            out[i] = toUint8(clip01(x) * 255);
        }
        return out;
    }

    /** {@code np.clip(x + x * np.random.normal(size=x.shape, scale=c), 0, 1) * 255} with x = image / 255. */
    public static byte[] speckleNoise(byte[] rgb, int severity, NumpyRandomState r) {
        double c = SPECKLE[severity - 1];
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            double x = (rgb[i] & 0xFF) / 255.;
            out[i] = toUint8(clip01(x + x * (0.0 + c * r.nextGaussian())) * 255);
        }
        return out;
    }

    static double clip01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /** {@code np.uint8} of a value in [0, 255]: truncation toward zero. */
    static byte toUint8(double v) {
        return (byte) (int) v;
    }
}
