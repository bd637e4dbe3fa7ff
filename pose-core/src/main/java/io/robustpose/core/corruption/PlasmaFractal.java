package io.robustpose.core.corruption;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * The reference's plasma_fractal (diamond-square, a modification of FLHerne/mapgen's diamondsquare.py): a
 * toroidal height map of side {@code mapSize} (a power of two); at each level the new points get the mean of
 * their four neighbours plus wibble * uniform(-wibble, wibble), wibble starting at 100 and divided by
 * {@code wibbleDecay} per level; finally shifted to min 0 and divided by the max over the whole map.
 */
final class PlasmaFractal {
    private PlasmaFractal() {
    }

    /** The normalized map's top-left rows x cols, row-major. */
    static float[] crop(int mapSize, double wibbleDecay, int rows, int cols, SplittableRandom rng) {
        return crop(mapSize, wibbleDecay, rows, cols, rng::nextDouble);
    }

    /**
     * With an explicit source of uniforms in [0, 1), consumed in numpy's order (each level: the square centres,
     * then the two diamond sets, each in row-major order); sums are grouped as numpy's roll-and-add does.
     */
    static float[] crop(int mapSize, double wibbleDecay, int rows, int cols, DoubleSupplier uniform01) {
        double[] map = cropDouble(mapSize, wibbleDecay, rows, cols, uniform01);
        float[] out = new float[map.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) map[i];
        }
        return out;
    }

    /** As {@link #crop(int, double, int, int, DoubleSupplier)} in float64 (imagecorruptions v1.1.2's np.float_). */
    static double[] cropDouble(int mapSize, double wibbleDecay, int rows, int cols, DoubleSupplier uniform01) {
        int n = mapSize;
        int mask = n - 1;
        double[] m = new double[n * n];
        int step = n;
        double wibble = 100;
        while (step >= 2) {
            int half = step / 2;
            for (int y = 0; y < n; y += step) { // squares: centre = mean of 4 corners
                int y2 = (y + step) & mask;
                for (int x = 0; x < n; x += step) {
                    int x2 = (x + step) & mask;
                    double sum = (m[y * n + x] + m[y2 * n + x]) + (m[y * n + x2] + m[y2 * n + x2]);
                    m[(y + half) * n + x + half] = sum / 4 + wibbled(wibble, uniform01);
                }
            }
            for (int y = 0; y < n; y += step) { // diamonds on the rows of the corners
                int yUp = (y - half) & mask;
                for (int x = 0; x < n; x += step) {
                    int x2 = (x + step) & mask;
                    double sum = (m[(y + half) * n + x + half] + m[yUp * n + x + half]) + (m[y * n + x] + m[y * n + x2]);
                    m[y * n + x + half] = sum / 4 + wibbled(wibble, uniform01);
                }
            }
            for (int y = 0; y < n; y += step) { // diamonds on the columns of the corners
                int y2 = (y + step) & mask;
                for (int x = 0; x < n; x += step) {
                    int xLeft = (x - half) & mask;
                    double sum = (m[(y + half) * n + x + half] + m[(y + half) * n + xLeft])
                            + (m[y * n + x] + m[y2 * n + x]);
                    m[(y + half) * n + x] = sum / 4 + wibbled(wibble, uniform01);
                }
            }
            step = half;
            wibble /= wibbleDecay;
        }
        return normalizedCrop(m, n, rows, cols);
    }

    /** numpy's {@code wibble * uniform(-wibble, wibble)}: low + (high - low) * u, then scaled. */
    private static double wibbled(double wibble, DoubleSupplier uniform01) {
        return wibble * (-wibble + (2 * wibble) * uniform01.getAsDouble());
    }

    private static double[] normalizedCrop(double[] m, int n, int rows, int cols) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : m) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min;
        double[] out = new double[rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                out[y * cols + x] = (m[y * n + x] - min) / range;
            }
        }
        return out;
    }
}
