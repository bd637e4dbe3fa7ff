package io.robustpose.core.corruption;

import io.robustpose.core.image.Mats;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** snow, frost, fog, brightness and spatter of imagecorruptions 1.1.2 (8UC3 BGR in/out). */
final class WeatherCorruptions {
    /**
     * snow: c = [(0.1, 0.3, 3, 0.5, 10, 4, 0.8), (0.2, 0.3, 2, 0.5, 12, 4, 0.7), (0.55, 0.3, 4, 0.9, 12, 8, 0.7),
     * (0.55, 0.3, 4.5, 0.85, 12, 8, 0.65), (0.55, 0.3, 2.5, 0.85, 12, 12, 0.55)] = (noise mean, noise std, zoom,
     * threshold, motion radius, motion sigma, image weight).
     */
    static final double[][] SNOW = {{0.1, 0.3, 3, 0.5, 10, 4, 0.8}, {0.2, 0.3, 2, 0.5, 12, 4, 0.7},
        {0.55, 0.3, 4, 0.9, 12, 8, 0.7}, {0.55, 0.3, 4.5, 0.85, 12, 8, 0.65}, {0.55, 0.3, 2.5, 0.85, 12, 12, 0.55}};
    /** frost: c = [(1, 0.4), (0.8, 0.6), (0.7, 0.7), (0.65, 0.7), (0.6, 0.75)] = (image weight, frost weight). */
    static final double[][] FROST = {{1, 0.4}, {0.8, 0.6}, {0.7, 0.7}, {0.65, 0.7}, {0.6, 0.75}};
    /** fog: c = [(1.5, 2), (2., 2), (2.5, 1.7), (2.5, 1.5), (3., 1.4)] = (fog weight, plasma wibble decay). */
    static final double[][] FOG = {{1.5, 2}, {2.0, 2}, {2.5, 1.7}, {2.5, 1.5}, {3.0, 1.4}};
    /** brightness: c = [.1, .2, .3, .4, .5] added to V in HSV. */
    static final double[] BRIGHTNESS = {0.1, 0.2, 0.3, 0.4, 0.5};
    /**
     * spatter: c = [(0.65, 0.3, 4, 0.69, 0.6, 0), (0.65, 0.3, 3, 0.68, 0.6, 0), (0.65, 0.3, 2, 0.68, 0.5, 0),
     * (0.65, 0.3, 1, 0.65, 1.5, 1), (0.67, 0.4, 1, 0.65, 1.5, 1)] = (mean, std, sigma, threshold, intensity,
     * mud?).
     */
    static final double[][] SPATTER = {{0.65, 0.3, 4, 0.69, 0.6, 0}, {0.65, 0.3, 3, 0.68, 0.6, 0},
        {0.65, 0.3, 2, 0.68, 0.5, 0}, {0.65, 0.3, 1, 0.65, 1.5, 1}, {0.67, 0.4, 1, 0.65, 1.5, 1}};

    private WeatherCorruptions() {
    }

    static Mat brightness(Mat src, int severity) {
        return SkimageHsv.adjust(src, 1.0, 0.0, BRIGHTNESS[severity - 1]);
    }

    /**
     * A Gaussian noise field zoomed (clipped_zoom, order 1), thresholded, motion-blurred with the package's kernel
     * at an angle in [-135, -45), rounded to 8 bits, cropped; added together with its 180° rotation to the
     * image brightened towards 1.5*gray + 0.5.
     */
    static Mat snow(Mat src, int severity, Draws draws, CorruptionParams params) {
        double[] c = SNOW[severity - 1];
        int h = src.rows();
        int w = src.cols();
        try (Mats.Scope s = new Mats.Scope()) {
            // clipped_zoom only reads the centre ceil(H/z) x ceil(W/z) of the H x W noise field: draw just that
            Mat noise = s.mat((int) Math.ceil(h / c[2]), (int) Math.ceil(w / c[2]), CvType.CV_32F);
            draws.seedOpenCv();
            Core.randn(noise, c[0], c[1]);
            double angle = params.realOr(CorruptionParams.ANGLE_DEG, draws.uniform(-135, -45));

            Mat layer = s.track(zoomCentreCrop(noise, c[2]));
            Imgproc.threshold(layer, layer, c[3], 0, Imgproc.THRESH_TOZERO);
            Imgproc.threshold(layer, layer, 1, 1, Imgproc.THRESH_TRUNC);
            Filters.MotionKernel k = Filters.MotionKernel.of((int) c[4], c[5], angle, layer.rows(), layer.cols());
            Mat blurred = s.mat();
            k.apply(layer, blurred);
            k.release();
            Mat flakes8 = s.mat();
            blurred.convertTo(flakes8, CvType.CV_8U, 255.0); // np.round(x*255).astype(np.uint8): half to even
            Mat flakes = s.track(flakes8.submat(new Rect(0, 0, w, h)));
            Mat rotated = s.mat();
            Core.flip(flakes, rotated, -1);
            Mat both = s.mat();
            Core.add(flakes, rotated, both, new Mat(), CvType.CV_32F);
            Mat both3 = s.mat();
            Imgproc.cvtColor(both, both3, Imgproc.COLOR_GRAY2BGR);

            Mat x = s.mat();
            src.convertTo(x, CvType.CV_32F);
            Mat gray = s.mat();
            Imgproc.cvtColor(x, gray, Imgproc.COLOR_BGR2GRAY);
            gray.convertTo(gray, -1, 1.5, 0.5 * 255);
            Mat gray3 = s.mat();
            Imgproc.cvtColor(gray, gray3, Imgproc.COLOR_GRAY2BGR);
            Core.max(x, gray3, gray3);
            Core.addWeighted(x, c[6], gray3, 1 - c[6], 0, x);
            Core.add(x, both3, x);
            return Mats.truncateToU8(x, 1.0);
        }
    }

    /**
     * The reference's clipped_zoom of an H x W single-channel float field, given only its centre crop of
     * ceil(H/z) x ceil(W/z) (all clipped_zoom reads): scipy zoom order 1 (output index o samples
     * o*(in-1)/(out-1)) to round(crop*z); returns the whole zoomed field, which may exceed H x W by a pixel.
     */
    static Mat zoomCentreCrop(Mat crop, double z) {
        int ch0 = crop.rows();
        int ch1 = crop.cols();
        int outH = (int) Math.rint(ch0 * z);
        int outW = (int) Math.rint(ch1 * z);
        Mat m = new Mat(2, 3, CvType.CV_64F);
        m.put(0, 0, outW > 1 ? (ch1 - 1.0) / (outW - 1.0) : 1.0, 0, 0,
                0, outH > 1 ? (ch0 - 1.0) / (outH - 1.0) : 1.0, 0);
        Mat out = new Mat();
        Imgproc.warpAffine(crop, out, m, new Size(outW, outH), Imgproc.INTER_LINEAR | Imgproc.WARP_INVERSE_MAP,
                Core.BORDER_REPLICATE, new Scalar(0));
        m.release();
        return out;
    }

    /**
     * Blend with a frost texture: one of frost1..frost5 (randint(5)), rescaled by 1.1 (times the factor that
     * makes it cover the image when it is smaller) with bicubic interpolation, randomly cropped.
     */
    static Mat frost(Mat src, int severity, Draws draws, CorruptionParams params, FrostTextures textures) {
        double[] c = FROST[severity - 1];
        int h = src.rows();
        int w = src.cols();
        int index = params.integerOr(CorruptionParams.FROST_INDEX, draws.randint(0, 5), 0, FrostTextures.COUNT);
        Size base = textures.size(index);
        int fh = (int) base.height;
        int fw = (int) base.width;
        double scale;
        if (fh >= h && fw >= w) {
            scale = 1;
        } else if (fh < h && fw >= w) {
            scale = (double) h / fh;
        } else if (fh >= h) {
            scale = (double) w / fw;
        } else {
            scale = Math.max((double) h / fh, (double) w / fw);
        }
        scale *= 1.1;
        int newW = (int) Math.ceil(fw * scale);
        int newH = (int) Math.ceil(fh * scale);
        Mat rescaled = textures.rescaled(index, newW, newH);
        int row = params.integerOr(CorruptionParams.CROP_ROW_START, draws.randint(0, newH - h), 0, newH - h);
        int col = params.integerOr(CorruptionParams.CROP_COL_START, draws.randint(0, newW - w), 0, newW - w);
        try (Mats.Scope s = new Mats.Scope()) {
            Mat crop = s.track(rescaled.submat(new Rect(col, row, w, h)).clone());
            byte[] x = new byte[h * w * 3];
            byte[] f = new byte[x.length];
            src.get(0, 0, x);
            crop.get(0, 0, f);
            // np.uint8(np.clip(c0 * x + c1 * frost, 0, 255)) in float64 and truncated exactly: a float32 blend or a
            // rounding-based truncation moves sums like 99.99999999999999 to 100 (±1 on up to 3 % of the values)
            for (int i = 0; i < x.length; i++) {
                double v = c[0] * (x[i] & 0xff) + c[1] * (f[i] & 0xff);
                x[i] = (byte) (int) Math.min(255.0, Math.max(0.0, v));
            }
            Mat out = new Mat(h, w, CvType.CV_8UC3);
            out.put(0, 0, x);
            return out;
        }
    }

    /** Adds a diamond-square plasma fractal (the size of the next power of two) and rescales by max/(max + c). */
    static Mat fog(Mat src, int severity, Draws draws) {
        SplittableRandom rng = new SplittableRandom(draws.nextSeed());
        return fog(src, severity, rng::nextDouble);
    }

    /**
     * imagecorruptions v1.1.2's fog on an RGB uint8 array, in float64 as numpy computes it: {@code x = img/255},
     * {@code x += c0 · plasma} (plasma in float64, drawn from {@code uniform01} in numpy's order),
     * {@code clip(x · max / (max + c0), 0, 1) · 255}, truncated to uint8.
     */
    static byte[] officialFog(byte[] rgb, int h, int w, int severity, DoubleSupplier uniform01) {
        double[] c = FOG[severity - 1];
        // next_power_of_2(max(shape)) over (H, W, 3)
        double[] plasma = PlasmaFractal.cropDouble(nextPowerOfTwo(Math.max(3, Math.max(h, w))), c[1], h, w, uniform01);
        double max = 0;
        for (byte b : rgb) {
            max = Math.max(max, (b & 0xff) / 255.);
        }
        byte[] out = new byte[rgb.length];
        for (int p = 0; p < h * w; p++) {
            double add = c[0] * plasma[p];
            for (int ch = 0; ch < 3; ch++) {
                double x = (rgb[p * 3 + ch] & 0xff) / 255. + add;
                double v = Math.min(1.0, Math.max(0.0, x * max / (max + c[0]))) * 255;
                out[p * 3 + ch] = (byte) (int) v;
            }
        }
        return out;
    }

    /** fog driven by an explicit uniform source (numpy's stream reproduces the reference exactly). */
    static Mat fog(Mat src, int severity, DoubleSupplier uniform01) {
        double[] c = FOG[severity - 1];
        int h = src.rows();
        int w = src.cols();
        int mapSize = nextPowerOfTwo(Math.max(3, Math.max(h, w)));
        float[] plasma = PlasmaFractal.crop(mapSize, c[1], h, w, uniform01);
        try (Mats.Scope s = new Mats.Scope()) {
            Mat fog = s.mat(h, w, CvType.CV_32F);
            fog.put(0, 0, plasma);
            Mat fog3 = s.mat();
            Imgproc.cvtColor(fog, fog3, Imgproc.COLOR_GRAY2BGR);
            Mat x = s.mat();
            src.convertTo(x, CvType.CV_32F);
            Core.scaleAdd(fog3, c[0] * 255.0, x, x);
            double max = Core.minMaxLoc(s.track(src.reshape(1))).maxVal / 255.0;
            return Mats.truncateToU8(x, max / (max + c[0]));
        }
    }

    /** The reference's next_power_of_2: 2 ** (x - 1).bit_length(). */
    static int nextPowerOfTwo(int x) {
        return x <= 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
    }

    static Mat spatter(Mat src, int severity, Draws draws) {
        double[] c = SPATTER[severity - 1];
        int h = src.rows();
        int w = src.cols();
        try (Mats.Scope s = new Mats.Scope()) {
            Mat liquid = s.mat(h, w, CvType.CV_32F);
            draws.seedOpenCv();
            Core.randn(liquid, c[0], c[1]);
            Filters.skimageGaussian(liquid, liquid, c[2]);
            Imgproc.threshold(liquid, liquid, c[3], 0, Imgproc.THRESH_TOZERO);
            Mat x = s.mat();
            src.convertTo(x, CvType.CV_32F, 1 / 255.0);
            if (c[5] == 0) { // water: pale turquoise (175, 238, 238) RGB
                Mat liquid8 = s.track(Mats.truncateToU8(liquid, 255.0));
                Mat edges = s.mat();
                Imgproc.Canny(liquid8, edges, 50, 150);
                Core.bitwise_not(edges, edges);
                Mat dist = s.mat();
                Imgproc.distanceTransform(edges, dist, Imgproc.DIST_L2, 5);
                Imgproc.threshold(dist, dist, 20, 20, Imgproc.THRESH_TRUNC);
                Imgproc.blur(dist, dist, new Size(3, 3));
                Mat dist8 = s.track(Mats.truncateToU8(dist, 1.0));
                Imgproc.equalizeHist(dist8, dist8);
                Mat ker = s.mat(3, 3, CvType.CV_32F);
                ker.put(0, 0, -2, -1, 0, -1, 1, 1, 0, 1, 2);
                Imgproc.filter2D(dist8, dist8, CvType.CV_8U, ker);
                Imgproc.blur(dist8, dist8, new Size(3, 3));
                Mat m = s.mat();
                Core.multiply(liquid8, dist8, m, 1.0, CvType.CV_32F);
                double max = Core.minMaxLoc(m).maxVal;
                double scale = max > 0 ? c[4] / max : 0;
                Mat m3 = s.mat();
                Imgproc.cvtColor(m, m3, Imgproc.COLOR_GRAY2BGR);
                Core.multiply(m3, new Scalar(scale * 238 / 255.0, scale * 238 / 255.0, scale * 175 / 255.0), m3);
                Core.add(x, m3, x);
            } else { // mud: brown (63, 42, 20) RGB where the smoothed liquid mask is >= 0.8
                Mat mask = s.mat();
                Imgproc.threshold(liquid, mask, c[3], 1, Imgproc.THRESH_BINARY);
                Filters.skimageGaussian(mask, mask, c[4]);
                Imgproc.threshold(mask, mask, Math.nextDown(0.8f), 0, Imgproc.THRESH_TOZERO);
                Mat keep = s.mat();
                mask.convertTo(keep, -1, -1, 1);
                Mat keep3 = s.mat();
                Imgproc.cvtColor(keep, keep3, Imgproc.COLOR_GRAY2BGR);
                Core.multiply(x, keep3, x);
                Mat mud = s.mat();
                Imgproc.cvtColor(mask, mud, Imgproc.COLOR_GRAY2BGR);
                Core.multiply(mud, new Scalar(20 / 255.0, 42 / 255.0, 63 / 255.0), mud);
                Core.add(x, mud, x);
            }
            return Mats.truncateToU8(x, 255.0);
        }
    }

}
