package io.robustpose.core.corruption;

import io.robustpose.core.corruption.official.NumpyRandomState;
import io.robustpose.core.corruption.official.OfficialDefocusBlur;
import io.robustpose.core.corruption.official.OfficialElastic;
import io.robustpose.core.corruption.official.OfficialGlassBlur;
import io.robustpose.core.corruption.official.OfficialMotionBlur;
import io.robustpose.core.corruption.official.OfficialNoise;
import io.robustpose.core.corruption.official.OfficialSnow;
import io.robustpose.core.corruption.official.OfficialSpatter;
import io.robustpose.core.corruption.official.OfficialZoomBlur;
import io.robustpose.core.image.Mats;
import io.robustpose.core.image.OpenCv;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Applies the corruptions of imagecorruptions 1.1.2 to whole images. Thread-safe; one instance can serve a
 * worker pool (frost textures are loaded once and shared).
 *
 * <p>Input: any OpenCV image at least 32 px on each side, 8 or 16 bit, 1, 3 or 4 channels. Grayscale is stacked
 * to 3 channels, as the reference's {@code corrupt()} does; an alpha channel is dropped (the reference rejects
 * 4 channels; callers that need it can re-attach the source alpha, which the corruptions never move). Output:
 * a new 8UC3 Mat in the input's channel order, values {@code np.uint8(np.clip(x, 0, 255))} of the reference's
 * float result (truncation).
 *
 * <p>Randomness: every draw derives from {@link #drawSeed(long, String, Corruption, int)}, so the output is
 * byte-identical whatever the thread, worker or retry. {@code params} pins individual draws (see
 * {@link CorruptionParams#allowed(Corruption)}).
 */
public final class Corruptor {
    /** The smallest side the reference accepts. */
    public static final int MIN_SIDE = 32;

    /** Channel order of the Mats passed in and returned. */
    public enum ChannelOrder { BGR, RGB }

    private final FrostTextures frost;

    private Corruptor(FrostTextures frost) {
        this.frost = frost;
    }

    /** Frost uses the procedural texture bank (the default: no third-party images needed). */
    public static Corruptor withProceduralFrost() {
        return new Corruptor(FrostTextures.procedural());
    }

    /** Frost uses the official frost1.png..frost6.jpg in {@code frostDir}, exactly as the reference. */
    public static Corruptor withFrostDirectory(Path frostDir) {
        return new Corruptor(FrostTextures.official(Objects.requireNonNull(frostDir, "frostDir")));
    }

    public static Corruptor withFrostTextures(FrostTextures textures) {
        return new Corruptor(Objects.requireNonNull(textures, "textures"));
    }

    /** The seed behind every draw for one (global seed, image, corruption, severity). */
    public static long drawSeed(long globalSeed, String imageId, Corruption corruption, int severity) {
        return Draws.derive(globalSeed, Objects.requireNonNull(imageId, "imageId"), corruption, severity);
    }

    /** Whether frost uses the official texture images (required by the official seeding). */
    public boolean officialFrost() {
        return frost.isOfficial();
    }

    /**
     * Corrupts as the authors' {@code tools/make_datasets.py} made COCO-C: a fresh numpy {@code RandomState(1)} for
     * this corruption of this image (so every image of a size gets the same draws) and imagecorruptions v1.1.2's
     * arithmetic — numpy's and scipy's float64 (and float32 where the reference casts), the OpenCV calls it makes
     * run by OpenCV without IPP (the reference's build has none; IPP's resize and filters round differently),
     * numpy's exp where a kernel weight needs its last bit ({@code NumpyExp}). {@code OfficialSeedingTest}: all
     * 19 × 5 arrays of the four golden images bit-identical. Frost needs the official texture images.
     */
    public Mat applyOfficial(Mat image, ChannelOrder order, Corruption corruption, int severity) {
        if (corruption == Corruption.FROST && !officialFrost()) {
            throw new IllegalArgumentException("frost under the official seeding needs the official frost images "
                    + "(a frost directory), not the procedural textures");
        }
        NumpyRandomState numpy = new NumpyRandomState(1); // make_datasets.py: np.random.seed(1) before corrupt()
        return withoutIpp(() -> switch (corruption) {
            case GAUSSIAN_NOISE -> onRgbArray(image, order, (px, h, w) -> OfficialNoise.gaussianNoise(px, severity, numpy));
            case SHOT_NOISE -> onRgbArray(image, order, (px, h, w) -> OfficialNoise.shotNoise(px, severity, numpy));
            case IMPULSE_NOISE -> onRgbArray(image, order, (px, h, w) -> OfficialNoise.impulseNoise(px, severity, numpy));
            case SPECKLE_NOISE -> onRgbArray(image, order, (px, h, w) -> OfficialNoise.speckleNoise(px, severity, numpy));
            case ELASTIC_TRANSFORM -> onRgbArray(image, order,
                    (px, h, w) -> OfficialElastic.elasticTransform(px, h, w, severity, numpy));
            case GLASS_BLUR -> onRgbArray(image, order,
                    (px, h, w) -> OfficialGlassBlur.glassBlur(px, h, w, severity, numpy));
            case DEFOCUS_BLUR -> onRgbArray(image, order,
                    (px, h, w) -> OfficialDefocusBlur.defocusBlur(px, h, w, severity));
            case ZOOM_BLUR -> onRgbArray(image, order, (px, h, w) -> OfficialZoomBlur.zoomBlur(px, h, w, severity));
            case GAUSSIAN_BLUR -> onRgbArray(image, order,
                    (px, h, w) -> OfficialGlassBlur.gaussianBlur(px, h, w, severity));
            case MOTION_BLUR -> onRgbArray(image, order,
                    (px, h, w) -> OfficialMotionBlur.motionBlur(px, h, w, severity, numpy));
            case SNOW -> onRgbArray(image, order, (px, h, w) -> OfficialSnow.snow(px, h, w, severity, numpy));
            case SPATTER -> onRgbArray(image, order, (px, h, w) -> OfficialSpatter.spatter(px, h, w, severity, numpy));
            case FOG -> onRgbArray(image, order,
                    (px, h, w) -> WeatherCorruptions.officialFog(px, h, w, severity, numpy::nextDouble));
            default -> applyWith(image, order, corruption, severity, new Draws(numpy), CorruptionParams.of(corruption,
                    Map.of()));
        });
    }

    /**
     * Runs OpenCV without Intel IPP on this thread: the reference's OpenCV (Debian's) has no IPP, and IPP's
     * resize and filters round differently from OpenCV's own code.
     */
    private static Mat withoutIpp(java.util.function.Supplier<Mat> work) {
        OpenCv.load();
        boolean before = org.opencv.core.Core.useIPP();
        org.opencv.core.Core.setUseIPP(false);
        try {
            return work.get();
        } finally {
            org.opencv.core.Core.setUseIPP(before);
        }
    }

    /** A corruption of the official package, written over an RGB uint8 array (H × W × 3, C order). */
    private interface RgbArrayCorruption {
        byte[] apply(byte[] rgb, int height, int width);
    }

    private static Mat onRgbArray(Mat image, ChannelOrder order, RgbArrayCorruption corruption) {
        OpenCv.load();
        Mat rgb = Mats.toThreeChannelU8(image);
        try {
            if (order == ChannelOrder.BGR) {
                Imgproc.cvtColor(rgb, rgb, Imgproc.COLOR_BGR2RGB);
            }
            byte[] px = new byte[(int) (rgb.total() * 3)];
            rgb.get(0, 0, px);
            byte[] out = corruption.apply(px, rgb.rows(), rgb.cols());
            Mat result = new Mat(rgb.rows(), rgb.cols(), org.opencv.core.CvType.CV_8UC3);
            result.put(0, 0, out);
            if (order == ChannelOrder.BGR) {
                Imgproc.cvtColor(result, result, Imgproc.COLOR_RGB2BGR);
            }
            return result;
        } finally {
            rgb.release();
        }
    }

    /** Corrupts a BGR image (OpenCV's order). */
    public Mat apply(Mat bgr, Corruption corruption, int severity, long seed, String imageId,
            Map<String, String> params) {
        return apply(bgr, ChannelOrder.BGR, corruption, severity, seed, imageId, params);
    }

    /** Corrupts an image in the given channel order; the result has the same order. */
    public Mat apply(Mat image, ChannelOrder order, Corruption corruption, int severity, long seed, String imageId,
            Map<String, String> params) {
        return applyWithDrawSeed(image, order, corruption, severity,
                drawSeed(seed, imageId, corruption, severity), params);
    }

    /** Corrupts with an explicit draw seed (e.g. one recorded earlier), bypassing the derivation. */
    public Mat applyWithDrawSeed(Mat image, ChannelOrder order, Corruption corruption, int severity, long drawSeed,
            Map<String, String> params) {
        return applyWith(image, order, corruption, severity, new Draws(drawSeed), CorruptionParams.of(corruption,
                params));
    }

    private Mat applyWith(Mat image, ChannelOrder order, Corruption corruption, int severity, Draws draws,
            CorruptionParams pinned) {
        OpenCv.load();
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(corruption, "corruption");
        if (severity < Corruption.MIN_SEVERITY || severity > Corruption.MAX_SEVERITY) {
            throw new IllegalArgumentException("severity must be in 1..5, got " + severity);
        }
        if (image.empty()) {
            throw new IllegalArgumentException("empty image");
        }
        if (image.rows() < MIN_SIDE || image.cols() < MIN_SIDE) {
            throw new IllegalArgumentException("image must be at least " + MIN_SIDE + " px on each side, got "
                    + image.cols() + "x" + image.rows());
        }
        Mat bgr = Mats.toThreeChannelU8(image);
        try {
            if (order == ChannelOrder.RGB) {
                Imgproc.cvtColor(bgr, bgr, Imgproc.COLOR_RGB2BGR);
            }
            Mat out = corrupt(bgr, corruption, severity, draws, pinned);
            if (order == ChannelOrder.RGB) {
                Imgproc.cvtColor(out, out, Imgproc.COLOR_BGR2RGB);
            }
            return out;
        } finally {
            bgr.release();
        }
    }

    private Mat corrupt(Mat bgr, Corruption c, int severity, Draws draws, CorruptionParams params) {
        return switch (c) {
            case GAUSSIAN_NOISE -> NoiseCorruptions.gaussianNoise(bgr, severity, draws);
            case SHOT_NOISE -> NoiseCorruptions.shotNoise(bgr, severity, draws);
            case IMPULSE_NOISE -> NoiseCorruptions.impulseNoise(bgr, severity, draws);
            case SPECKLE_NOISE -> NoiseCorruptions.speckleNoise(bgr, severity, draws);
            case DEFOCUS_BLUR -> BlurCorruptions.defocusBlur(bgr, severity);
            case GLASS_BLUR -> BlurCorruptions.glassBlur(bgr, severity, draws);
            case MOTION_BLUR -> BlurCorruptions.motionBlur(bgr, severity, draws, params);
            case ZOOM_BLUR -> BlurCorruptions.zoomBlur(bgr, severity);
            case GAUSSIAN_BLUR -> BlurCorruptions.gaussianBlur(bgr, severity);
            case SNOW -> WeatherCorruptions.snow(bgr, severity, draws, params);
            case FROST -> WeatherCorruptions.frost(bgr, severity, draws, params, frost);
            case FOG -> WeatherCorruptions.fog(bgr, severity, draws);
            case BRIGHTNESS -> WeatherCorruptions.brightness(bgr, severity);
            case SPATTER -> WeatherCorruptions.spatter(bgr, severity, draws);
            case CONTRAST -> DigitalCorruptions.contrast(bgr, severity);
            case ELASTIC_TRANSFORM -> DigitalCorruptions.elasticTransform(bgr, severity, draws);
            case PIXELATE -> DigitalCorruptions.pixelate(bgr, severity);
            case JPEG_COMPRESSION -> DigitalCorruptions.jpegCompression(bgr, severity);
            case SATURATE -> DigitalCorruptions.saturate(bgr, severity);
        };
    }
}
