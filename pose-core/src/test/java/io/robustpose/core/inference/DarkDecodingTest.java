package io.robustpose.core.inference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DARK recovers a Gaussian heatmap's sub-pixel centre, where the quarter-pixel shift cannot. */
class DarkDecodingTest {

    private static float[][][] gaussian(double cx, double cy, double sigma, int w, int h) {
        float[][][] hm = new float[1][h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                hm[0][y][x] = (float) Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * sigma * sigma));
            }
        }
        return hm;
    }

    @Test
    void recoversSubPixelCentres() {
        double darkWorst = 0;
        double quarterWorst = 0;
        for (double cx = 20; cx < 21; cx += 0.1) {
            for (double cy = 30.05; cy < 31; cy += 0.15) {
                float[][][] hm = gaussian(cx, cy, 2.0, 48, 64);
                Heatmaps.Peak dark = Heatmaps.decodeDark(hm)[0];
                Heatmaps.Peak quarter = Heatmaps.decode(hm)[0];
                darkWorst = Math.max(darkWorst, Math.hypot(dark.x() - cx, dark.y() - cy));
                quarterWorst = Math.max(quarterWorst, Math.hypot(quarter.x() - cx, quarter.y() - cy));
                assertEquals(quarter.score(), dark.score(), 0.0, "DARK keeps the plain maximum as the confidence");
            }
        }
        assertTrue(darkWorst < 0.02, "DARK worst error " + darkWorst);
        assertTrue(quarterWorst > 0.2, "the quarter shift's worst error " + quarterWorst + " (sanity of the comparison)");
    }

    @Test
    void peaksNearTheBorderKeepTheArgmax() {
        float[][][] hm = gaussian(1.3, 30.4, 2.0, 48, 64);
        Heatmaps.Peak dark = Heatmaps.decodeDark(hm)[0];
        assertEquals(1.0, dark.x(), 0.0);
        assertEquals(30.0, dark.y(), 0.0);
    }
}
