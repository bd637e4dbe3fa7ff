package io.robustpose.core.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.robustpose.core.train.TrainFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples from SampleDataset: shapes, targets on the joints, determinism across threads and resumes. */
class TrainLoaderTest {

    @TempDir
    static Path dir;

    private static TrainingData data() {
        return TrainFixtures.sample(dir, 6, 11);
    }

    @Test
    void samplesHaveTheExpectedShapesAndTargetsOnTheJoints() {
        TrainingData data = data();
        assertThat(data.joints()).isEqualTo(17);
        SampleFactory f = new SampleFactory(data, AugmentationConfig.coco(), 128, 96,
                Proposals.CLEAN_AUTOAUGMENT_GRIDMASK, true, true, 5);
        for (int r = 0; r < data.size(); r++) {
            TrainSample s = f.make(r, 0);
            assertThat(s.clean()).hasSize(3 * 128 * 96);
            assertThat(s.extras()).hasNumberOfRows(2);
            assertThat(s.target()).hasSize(17 * 32 * 24);
            assertThat(s.mixWeights()[0] + s.mixWeights()[1] + s.mixWeights()[2]).isCloseTo(1f, within(1e-6f));
            for (int k = 0; k < 17; k++) {
                if (s.targetWeight()[k] > 0) {
                    int mx = (int) (s.joints()[2 * k] / 4 + 0.5);
                    int my = (int) (s.joints()[2 * k + 1] / 4 + 0.5);
                    if (mx >= 0 && mx < 24 && my >= 0 && my < 32) {
                        assertThat(s.target()[(k * 32 + my) * 24 + mx]).isEqualTo(1f);
                    }
                }
            }
            // normalized range of uint8 inputs
            for (float v : s.clean()) {
                assertThat(v).isBetween(-2.2f, 2.7f);
            }
        }
    }

    @Test
    void batchesAreIdenticalWhateverTheThreadsAndStartBatch() {
        TrainingData data = data();
        SampleFactory f = new SampleFactory(data, AugmentationConfig.coco(), 64, 64, Proposals.CLEAN_SEQUENTIAL,
                false, true, 9);
        List<TrainBatch> one = new ArrayList<>();
        List<TrainBatch> three = new ArrayList<>();
        try (TrainLoader a = new TrainLoader(f, 4, 9, 1, 1, true);
                TrainLoader b = new TrainLoader(f, 4, 9, 3, 4, true)) {
            assertThat(a.batchesPerEpoch()).isEqualTo((data.size() + 3) / 4);
            a.epoch(2, 0).forEachRemaining(one::add);
            b.epoch(2, 0).forEachRemaining(three::add);
            Iterator<TrainBatch> resumed = b.epoch(2, 1);
            TrainBatch second = resumed.next();
            assertThat(second.clean()).isEqualTo(one.get(1).clean());
            assertThat(b.order(3)).isNotEqualTo(b.order(2));
        }
        assertThat(three).hasSameSizeAs(one);
        int total = 0;
        for (int i = 0; i < one.size(); i++) {
            assertThat(three.get(i).records()).isEqualTo(one.get(i).records());
            assertThat(three.get(i).clean()).isEqualTo(one.get(i).clean());
            assertThat(three.get(i).extras()[0]).isEqualTo(one.get(i).extras()[0]);
            assertThat(three.get(i).target()).isEqualTo(one.get(i).target());
            total += one.get(i).size();
        }
        assertThat(total).isEqualTo(data.size());
    }
}
