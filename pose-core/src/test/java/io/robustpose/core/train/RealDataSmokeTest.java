package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.data.AugmentationConfig;
import io.robustpose.core.train.data.SampleFactory;
import io.robustpose.core.train.data.TrainSample;
import io.robustpose.core.train.data.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke runs on the real images of {@code <shared>/realdata} (COCO, OCHuman, MPII): samples are
 * built from all three formats, and standard + AdvMix runs on the COCO images complete with a
 * decreasing loss. Skipped when the shared fixtures are absent.
 */
class RealDataSmokeTest {

    @TempDir
    Path dir;

    private static Path realdata() {
        Path p = TrainFixtures.shared().resolve("realdata");
        Assumptions.assumeTrue(Files.isDirectory(p), "shared fixtures not found at " + p
                + " (set -Drobustpose.shared): skipping the real-data smoke test");
        return p;
    }

    @Test
    void samplesFromCocoOchumanAndMpii() {
        Path real = realdata();
        TrainingData coco = TrainingData.coco(CocoReader.readCoco(real.resolve("coco/test_coco.json")),
                real.resolve("coco"));
        TrainingData och = TrainingData.coco(CocoReader.ochuman().read(real.resolve("ochuman/test_ochuman.json")),
                real.resolve("ochuman"));
        TrainingData mpii = TrainingData.mpii(MpiiDataset.read(real.resolve("mpii/test_mpii.json")), real.resolve("mpii"));
        assertThat(coco.size()).isEqualTo(12); // 14 annotations, 12 non-crowd with keypoints
        assertThat(och.size()).isEqualTo(5);
        assertThat(mpii.size()).isEqualTo(5);
        for (TrainingData d : List.of(coco, och, mpii)) {
            SampleFactory f = new SampleFactory(d, AugmentationConfig.forFormat(d.format()), 256, 192,
                    TrainingMethod.ADVMIX.proposals(), false, true, 1);
            for (int i = 0; i < d.size(); i++) {
                TrainSample s = f.make(i, 0);
                float sum = 0;
                for (float w : s.targetWeight()) {
                    sum += w;
                }
                assertThat(sum).as("%s person %d has labelled joints in its crop", d.format(), i).isPositive();
                assertThat(s.extras()).hasNumberOfRows(2);
            }
        }
    }

    @Test
    void standardAndAdvmixRunOnRealImages() {
        Path real = realdata();
        CocoDataset gt = CocoReader.readCoco(real.resolve("coco/test_coco.json"));
        TrainingData data = TrainingData.coco(gt, real.resolve("coco"));
        Path init = TrainFixtures.formulaCheckpoint(dir.resolve("init.safetensors"),
                Architecture.SIMPLEBASELINE_RESNET18, 17, 128, 96);
        for (TrainingMethod method : new TrainingMethod[] {TrainingMethod.STANDARD, TrainingMethod.ADVMIX}) {
            TrainingConfig config = TrainingConfig.builder(method, Architecture.SIMPLEBASELINE_RESNET18,
                    dir.resolve(method.id())).input(128, 96).epochs(method == TrainingMethod.STANDARD ? 4 : 2)
                    .batchSize(4).seed(2).initCheckpoint(init).build();
            List<Double> epochLoss = new ArrayList<>();
            TrainingResult r = Trainer.train(config, data, new ProgressListener() {
                @Override
                public void onEpochEnd(int epoch, double meanLoss) {
                    epochLoss.add(meanLoss);
                }
            });
            assertThat(r.completed()).isTrue();
            assertThat(epochLoss.get(epochLoss.size() - 1)).as(method.id()).isLessThan(epochLoss.get(0));
        }
    }
}
