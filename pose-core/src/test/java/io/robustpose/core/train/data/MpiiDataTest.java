package io.robustpose.core.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.inference.Skeleton;
import io.robustpose.core.train.TrainFixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MPII persons as HRNet's mpii.py reads them, and their 16-joint samples. */
class MpiiDataTest {

    @TempDir
    Path dir;

    @Test
    void centerScaleAndJointsFollowHrnet() {
        TrainFixtures.sample(dir, 1, 3); // provides images/000001.jpg
        StringBuilder joints = new StringBuilder();
        for (int k = 0; k < 16; k++) {
            joints.append(k == 0 ? "" : ",").append("[").append(60 + k).append(",").append(40 + 3 * k).append("]");
        }
        String json = "[{\"image\": \"000001.jpg\", \"center\": [70, 60], \"scale\": 0.4, \"joints\": [" + joints
                + "], \"joints_vis\": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0]},"
                + "{\"image\": \"000001.jpg\", \"center\": [70, 60], \"scale\": 0.4}]";
        MpiiDataset ds = MpiiDataset.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json");
        TrainingData data = TrainingData.mpii(ds, dir.resolve("images"));
        assertThat(data.size()).isEqualTo(1); // the person without joints is skipped
        assertThat(data.format()).isEqualTo(DatasetFormat.MPII);
        assertThat(data.skeleton()).isEqualTo(Skeleton.MPII);
        PersonRecord r = data.records().get(0);
        assertThat(r.centerX()).isEqualTo(69.0);
        assertThat(r.centerY()).isCloseTo(60 + 15 * 0.4 - 1, within(1e-12));
        assertThat(r.scale()).isCloseTo(0.5, within(1e-12));
        assertThat(r.joints()[0]).isEqualTo(59f);
        assertThat(r.visibility()[15]).isZero();

        CropGeometry g = CropGeometry.draw(r, data, AugmentationConfig.mpii(), 64, 64, 200, new SplittableRandom(1),
                false);
        assertThat(g.transform().scaleX()).isCloseTo(0.5, within(1e-12));
        SampleFactory f = new SampleFactory(data, AugmentationConfig.mpii(), 64, 64, Proposals.CLEAN, false, false, 1);
        TrainSample s = f.make(0, 0);
        assertThat(s.targetWeight()).hasSize(16);
        assertThat(s.target()).hasSize(16 * 16 * 16);
        assertThat(s.targetWeight()[15]).isZero();
    }
}
