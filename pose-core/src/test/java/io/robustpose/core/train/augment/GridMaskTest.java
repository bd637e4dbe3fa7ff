package io.robustpose.core.train.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** GridMask against its definition: stripe width, kept fraction, inversion, probability. */
class GridMaskTest {

    @Test
    void stripeWidthIsClampedHalfPeriod() {
        assertThat(GridMask.stripeWidth(2, 0.5)).isEqualTo(1);
        assertThat(GridMask.stripeWidth(3, 0.5)).isEqualTo(2);   // int(2.0) = 2 ≤ d − 1
        assertThat(GridMask.stripeWidth(10, 0.5)).isEqualTo(5);
        assertThat(GridMask.stripeWidth(11, 0.5)).isEqualTo(6);  // int(6.0)
        assertThat(GridMask.stripeWidth(100, 0.5)).isEqualTo(50);
    }

    @Test
    void invertedMaskKeepsTheStripesExactly() {
        // h = w = 64, d = 16, offsets 0: canvas 96, crop offset 16; l = 8.
        // Row stripes at [16i, 16i + 8) on the canvas, i < 6 → in the crop rows y with (y + 16) % 16 < 8.
        byte[] m = GridMask.mask(64, 64, 16, 0, 0, 0.5, 1);
        int kept = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean stripe = (y % 16) < 8 || (x % 16) < 8;
                assertThat(m[y * 64 + x]).as("(%d,%d)", x, y).isEqualTo((byte) (stripe ? 1 : 0));
                kept += m[y * 64 + x];
            }
        }
        // kept fraction of mode 1 = 1 − (1 − l/d)² = 0.75
        assertThat(kept / (64.0 * 64)).isEqualTo(0.75);
        byte[] mode0 = GridMask.mask(64, 64, 16, 0, 0, 0.5, 0);
        for (int i = 0; i < m.length; i++) {
            assertThat(mode0[i] + m[i]).isEqualTo(1);
        }
    }

    @Test
    void keptFractionMatchesTheGridGeometryForManyPeriods() {
        int h = 128;
        int w = 96;
        for (int d = 2; d < 96; d += 7) {
            for (int st = 0; st < d; st += Math.max(1, d / 3)) {
                byte[] m = GridMask.mask(h, w, d, st, st, 0.5, 1);
                int l = GridMask.stripeWidth(d, 0.5);
                // expected from the stripe sets themselves, rows and columns independently
                double rowsStriped = stripedFraction(h, d, st, l);
                double colsStriped = stripedFraction(w, d, st, l);
                double expected = 1 - (1 - rowsStriped) * (1 - colsStriped);
                double kept = 0;
                for (byte b : m) {
                    kept += b;
                }
                assertThat(kept / (h * w)).as("d=%d st=%d", d, st).isCloseTo(expected, within(1e-12));
                // and close to the ideal 1 − (1 − l/d)² when the period is small
                if (d <= 16) {
                    double ideal = 1 - Math.pow(1 - l / (double) d, 2);
                    assertThat(kept / (h * w)).isCloseTo(ideal, within(0.06));
                }
            }
        }
    }

    private static double stripedFraction(int size, int d, int st, int l) {
        int canvas = (int) (1.5 * size);
        int off = (canvas - size) / 2;
        int striped = 0;
        for (int y = 0; y < size; y++) {
            int c = y + off;
            boolean in = false;
            for (int i = 0; i < canvas / d; i++) {
                int s = d * i + st;
                if (c >= s && c < Math.min(s + l, canvas)) {
                    in = true;
                }
            }
            striped += in ? 1 : 0;
        }
        return striped / (double) size;
    }

    @Test
    void applyZeroesDroppedPixelsInAllChannelsWithProbability07() {
        int h = 32;
        int w = 24;
        SplittableRandom rng = new SplittableRandom(4);
        int applied = 0;
        int n = 3000;
        for (int t = 0; t < n; t++) {
            float[] img = new float[3 * h * w];
            Arrays.fill(img, 1.5f);
            byte[] m = GridMask.apply(img, 3, h, w, rng);
            if (m == null) {
                for (float v : img) {
                    assertThat(v).isEqualTo(1.5f);
                }
                continue;
            }
            applied++;
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < h * w; i++) {
                    assertThat(img[c * h * w + i]).isEqualTo(m[i] == 1 ? 1.5f : 0f);
                }
            }
        }
        assertThat(applied / (double) n).isCloseTo(0.7, within(0.03));
    }
}
