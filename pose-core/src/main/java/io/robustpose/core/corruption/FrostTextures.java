package io.robustpose.core.corruption;

import io.robustpose.core.image.OpenCv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The six frost textures frost corruption blends in (index 0..5 = frost1..frost6; the reference draws only
 * 0..4). Either the official images from a directory, or procedural ones (the default: the project ships no
 * third-party images). Textures and their rescaled versions are cached; returned Mats must not be modified.
 */
public abstract class FrostTextures {
    public static final int COUNT = 6;
    /** File names of the official textures (imagecorruptions/frost/). */
    public static final String[] OFFICIAL_FILES = {"frost1.png", "frost2.png", "frost3.png", "frost4.jpg",
        "frost5.jpg", "frost6.jpg"};

    private final Mat[] textures = new Mat[COUNT];
    private final ConcurrentHashMap<String, Mat> rescaled = new ConcurrentHashMap<>();

    /** Textures read (as cv2.imread does: BGR, alpha dropped) from {@code dir}/frost1.png .. frost6.jpg. */
    public static FrostTextures official(Path dir) {
        return new Official(dir);
    }

    /** Procedural ice-crystal textures, a fixed bank (same sizes as the official ones) derived from {@code seed}. */
    public static FrostTextures procedural(long seed) {
        return new Procedural(seed);
    }

    /** Procedural textures with the library's default bank seed. */
    public static FrostTextures procedural() {
        return procedural(PROCEDURAL_DEFAULT_SEED);
    }

    static final long PROCEDURAL_DEFAULT_SEED = 0x5EED_F205L;

    /** Whether these are the official frost images (read from a directory), not the procedural bank. */
    public boolean isOfficial() {
        return this instanceof Official;
    }

    /** The texture, 8UC3 BGR. */
    public final Mat texture(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("frost index must be in 0..5, got " + index);
        }
        Mat t = textures[index];
        if (t == null) {
            synchronized (this) {
                t = textures[index];
                if (t == null) {
                    OpenCv.load();
                    t = load(index);
                    textures[index] = t;
                }
            }
        }
        return t;
    }

    Size size(int index) {
        return texture(index).size();
    }

    /** cv2.resize(texture, (width, height), interpolation=cv2.INTER_CUBIC), cached per size. */
    Mat rescaled(int index, int width, int height) {
        String key = index + ":" + width + "x" + height;
        Mat m = rescaled.get(key);
        if (m != null) {
            return m;
        }
        if (rescaled.size() > 64) { // many distinct image sizes larger than the textures: keep memory bounded
            rescaled.clear();
        }
        return rescaled.computeIfAbsent(key, k -> {
            Mat out = new Mat();
            Imgproc.resize(texture(index), out, new Size(width, height), 0, 0, Imgproc.INTER_CUBIC);
            return out;
        });
    }

    protected abstract Mat load(int index);

    private static final class Official extends FrostTextures {
        private final Path dir;

        Official(Path dir) {
            this.dir = dir;
        }

        @Override
        protected Mat load(int index) {
            Path file = dir.resolve(OFFICIAL_FILES[index]);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("frost texture " + file
                        + " not found (the frost directory must hold " + String.join(", ", OFFICIAL_FILES) + ")");
            }
            Mat m = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
            if (m.empty()) {
                throw new IllegalArgumentException("frost texture " + file + " could not be decoded");
            }
            return m;
        }
    }

    /**
     * Ice crystals drawn as branching needles (dendrites with side branches at about ±60°, as frost ferns grow)
     * over a soft cloudy base, then mapped per channel to the mean and standard deviation of the official
     * texture with the same index (numbers measured on frost1..6, BGR), at the same size, so that blending
     * weights and crop ranges behave as in the reference.
     */
    private static final class Procedural extends FrostTextures {
        /** {rows, cols, meanB, meanG, meanR, stdB, stdG, stdR} of the official frost1..frost6. */
        private static final double[][] OFFICIAL_STATS = {
            {600, 900, 165.7, 149.1, 77.7, 15.3, 16.5, 26.9},
            {315, 560, 214.5, 205.4, 200.8, 22.6, 22.1, 21.4},
            {315, 560, 214.5, 205.4, 200.8, 22.6, 22.1, 21.4},
            {350, 527, 165.2, 152.8, 137.6, 29.9, 28.5, 28.5},
            {495, 660, 134.8, 123.4, 112.4, 41.7, 43.3, 44.4},
            {323, 485, 104.5, 95.4, 71.4, 47.4, 42.7, 35.2}};
        private final long seed;

        Procedural(long seed) {
            this.seed = seed;
        }

        @Override
        protected Mat load(int index) {
            double[] st = OFFICIAL_STATS[index];
            int rows = (int) st[0];
            int cols = (int) st[1];
            SplittableRandom rng = new SplittableRandom(seed * 31 + index);
            Mat crystals = Mat.zeros(rows, cols, CvType.CV_8U);
            int count = rows * cols / 900;
            for (int i = 0; i < count; i++) {
                Point p = new Point(rng.nextDouble() * cols, rng.nextDouble() * rows);
                double angle = rng.nextDouble() * 2 * Math.PI;
                double length = 15 + rng.nextDouble() * 60;
                int intensity = 90 + rng.nextInt(166);
                dendrite(crystals, p, angle, length, intensity, 2, rng);
            }
            Mat crystalsF = new Mat();
            crystals.convertTo(crystalsF, CvType.CV_32F, 1 / 255.0);
            Imgproc.GaussianBlur(crystalsF, crystalsF, new Size(3, 3), 0.6);
            Mat haze = new Mat();
            Imgproc.GaussianBlur(crystalsF, haze, new Size(0, 0), 6);

            Mat base = smoothNoise(rows, cols, 24, rng);
            Mat grain = smoothNoise(rows, cols, 1, rng);
            Mat gray = new Mat();
            Core.addWeighted(crystalsF, 1.0, haze, 1.5, 0, gray);
            Core.scaleAdd(base, 0.25, gray, gray);
            Core.scaleAdd(grain, 0.06, gray, gray);

            MatOfDouble mean = new MatOfDouble();
            MatOfDouble std = new MatOfDouble();
            Core.meanStdDev(gray, mean, std);
            Mat channels = new Mat(rows, cols, CvType.CV_32FC3);
            Mat tint = smoothNoise(rows, cols, 48, rng);
            java.util.List<Mat> planes = new java.util.ArrayList<>();
            for (int ch = 0; ch < 3; ch++) {
                Mat plane = new Mat();
                double a = st[5 + ch] / std.get(0, 0)[0];
                // per-channel tint variation so colours drift slightly across the texture
                Core.scaleAdd(tint, 0.08 * (ch - 1) * std.get(0, 0)[0], gray, plane);
                plane.convertTo(plane, -1, a, st[2 + ch] - a * mean.get(0, 0)[0]);
                planes.add(plane);
            }
            Core.merge(planes, channels);
            Mat out = new Mat();
            channels.convertTo(out, CvType.CV_8U);
            for (Mat m : planes) {
                m.release();
            }
            for (Mat m : new Mat[] {crystals, crystalsF, haze, base, grain, gray, mean, std, channels, tint}) {
                m.release();
            }
            return out;
        }

        /** A needle with side branches, recursively; segments jitter a little so needles are not ruler-straight. */
        private static void dendrite(Mat canvas, Point start, double angle, double length, int intensity, int depth,
                SplittableRandom rng) {
            double step = 3 + rng.nextDouble() * 2;
            Point p = start;
            double travelled = 0;
            int side = rng.nextBoolean() ? 1 : -1;
            while (travelled < length) {
                angle += (rng.nextDouble() - 0.5) * 0.15;
                Point q = new Point(p.x + step * Math.cos(angle), p.y + step * Math.sin(angle));
                Imgproc.line(canvas, p, q, new Scalar(intensity), 1, Imgproc.LINE_AA);
                travelled += step;
                if (depth > 0 && rng.nextDouble() < 0.55) {
                    double remaining = length - travelled;
                    double branchAngle = angle + side * (Math.PI / 3 + (rng.nextDouble() - 0.5) * 0.3);
                    side = -side;
                    dendrite(canvas, q, branchAngle, remaining * (0.25 + 0.35 * rng.nextDouble()),
                            (int) (intensity * 0.85), depth - 1, rng);
                }
                p = q;
            }
        }

        /** Unit-variance Gaussian noise smoothed at the given scale (a cheap cloud field). */
        private static Mat smoothNoise(int rows, int cols, int scale, SplittableRandom rng) {
            int r = Math.max(2, rows / Math.max(1, scale));
            int c = Math.max(2, cols / Math.max(1, scale));
            Mat small = new Mat(r, c, CvType.CV_32F);
            float[] v = new float[r * c];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) gaussian(rng);
            }
            small.put(0, 0, v);
            Mat out = new Mat();
            Imgproc.resize(small, out, new Size(cols, rows), 0, 0, Imgproc.INTER_CUBIC);
            small.release();
            MatOfDouble mean = new MatOfDouble();
            MatOfDouble std = new MatOfDouble();
            Core.meanStdDev(out, mean, std);
            out.convertTo(out, -1, 1 / Math.max(1e-6, std.get(0, 0)[0]), -mean.get(0, 0)[0] / Math.max(1e-6,
                    std.get(0, 0)[0]));
            return out;
        }

        private static double gaussian(SplittableRandom rng) {
            double u1 = 1 - rng.nextDouble();
            double u2 = rng.nextDouble();
            return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
