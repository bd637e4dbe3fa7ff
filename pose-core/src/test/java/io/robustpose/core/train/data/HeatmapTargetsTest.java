package io.robustpose.core.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** HRNet's generate_target: Gaussian σ = 2 at 1/4 resolution, weights = visibility, 0 outside. */
class HeatmapTargetsTest {

    private static final int IN_W = 64;
    private static final int IN_H = 64;
    private static final int HM = 16;

    @Test
    void gaussianPeaksAtTheRoundedJointWithHrnetValues() {
        float[] target = new float[HM * HM];
        float[] weight = new float[1];
        // 4·5 + 1.9 = 21.9 → 21.9/4 + 0.5 = 5.975 → int 5; y: 30/4 + 0.5 = 8 → 8
        HeatmapTargets.generate(new float[] {21.9f, 30f}, new float[] {1}, IN_W, IN_H, HM, HM, 2.0, target, 0,
                weight, 0);
        assertThat(weight[0]).isEqualTo(1f);
        assertThat(target[8 * HM + 5]).isEqualTo(1f);
        assertThat(target[8 * HM + 6]).isCloseTo((float) Math.exp(-1 / 8.0), within(1e-7f));
        assertThat(target[10 * HM + 7]).isCloseTo((float) Math.exp(-8 / 8.0), within(1e-7f));
        // window is 13 × 13: x in [-1, 12) clipped, y in [2, 15)
        assertThat(target[14 * HM + 11]).isCloseTo((float) Math.exp(-(36 + 36) / 8.0), within(1e-9f));
        assertThat(target[15 * HM + 5]).isZero();
        assertThat(target[1 * HM + 5]).isZero();
        assertThat(target[8 * HM + 12]).isZero();
    }

    @Test
    void weightIsVisibilityAndZeroWhenTheWindowIsOutside() {
        float[] target = new float[3 * HM * HM];
        float[] weight = new float[3];
        // joint 0 invisible; joint 1 far right (mu 16 + 6 > 15 → ul = 10 is inside!); joint 2 beyond the window
        float[] joints = {10, 10, 70, 10, 95, 10};
        HeatmapTargets.generate(joints, new float[] {0, 1, 1}, IN_W, IN_H, HM, HM, 2.0, target, 0, weight, 0);
        assertThat(weight).containsExactly(0f, 1f, 0f);
        for (int i = 0; i < HM * HM; i++) {
            assertThat(target[i]).isZero();
            assertThat(target[2 * HM * HM + i]).isZero();
        }
        // joint 1: mu_x = int(70/4 + .5) = 18, window x from 12 to 19 → columns 12..15 partly drawn
        assertThat(target[HM * HM + 3 * HM + 15]).isGreaterThan(0f);
        // negative coordinates truncate toward zero like Python's int(): -3/4 + .5 = -0.25 → 0
        HeatmapTargets.generate(new float[] {-3, 8}, new float[] {1}, IN_W, IN_H, HM, HM, 2.0, target, 0, weight, 0);
        assertThat(target[2 * HM + 0]).isEqualTo(1f);
    }
}
