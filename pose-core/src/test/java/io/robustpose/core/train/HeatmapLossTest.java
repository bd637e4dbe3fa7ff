package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustpose.core.model.PoseNetworks;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** JointsMSELoss(use_target_weight) and its SmoothL1 variant, against a plain per-joint loop. */
class HeatmapLossTest {

    @Test
    void matchesHrnetsPerJointFormula() {
        int n = 2;
        int j = 3;
        int hw = 4 * 5;
        SplittableRandom rng = new SplittableRandom(3);
        float[] pred = new float[n * j * hw];
        float[] target = new float[n * j * hw];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = (float) (rng.nextDouble() * 4 - 2);
            target[i] = (float) rng.nextDouble();
        }
        float[] weight = {1, 0, 1, 1, 1, 0.5f};
        for (LossKind kind : LossKind.values()) {
            // Σ_j 0.5 · mean_{n,pixels} crit(pred·w, target·w) / J
            double expected = 0;
            for (int k = 0; k < j; k++) {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < hw; i++) {
                        int at = (b * j + k) * hw + i;
                        double d = Math.abs(pred[at] * weight[b * j + k] - target[at] * weight[b * j + k]);
                        sum += kind == LossKind.MSE ? d * d : d < 1 ? 0.5 * d * d : d - 0.5;
                    }
                }
                expected += 0.5 * sum / (n * hw);
            }
            expected /= j;
            try (NDManager m = PoseNetworks.newManager()) {
                NDArray loss = HeatmapLoss.compute(m.create(pred, new Shape(n, j, 4, 5)),
                        m.create(target, new Shape(n, j, 4, 5)), m.create(weight, new Shape(n, j)), kind);
                assertThat(loss.getShape().isScalar()).isTrue();
                assertThat((double) loss.getFloat()).as(kind.name()).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void scheduleDecaysAtTheOfficialEpochsAndScalesForShortRuns() {
        LrSchedule official = LrSchedule.scaled(1e-3, 0.1, LrSchedule.OFFICIAL_MILESTONES, 210, 100);
        assertThat(official.milestoneSteps()).containsExactly(17_000L, 20_000L);
        assertThat(official.at(16_999)).isEqualTo(1e-3);
        assertThat(official.at(17_000)).isCloseTo(1e-4, within(1e-12));
        assertThat(official.at(20_999)).isCloseTo(1e-5, within(1e-13));
        LrSchedule shortRun = LrSchedule.scaled(1e-3, 0.1, LrSchedule.OFFICIAL_MILESTONES, 3, 10);
        assertThat(shortRun.milestoneSteps()).containsExactly(24L, 28L); // floor(0.8095·30), floor(0.9524·30)
        assertThat(shortRun.at(0)).isEqualTo(1e-3);
        assertThat(shortRun.at(29)).isCloseTo(1e-5, within(1e-13));
    }
}
