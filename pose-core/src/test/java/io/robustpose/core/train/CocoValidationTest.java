package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.eval.coco.CocoStats;
import io.robustpose.core.inference.DjlPoseModel;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.data.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trained models go through the evaluation code: validation AP during training (the live network)
 * and the exported checkpoint opened as an evaluation model.
 */
class CocoValidationTest {

    @TempDir
    static Path dir;

    @Test
    void validationApDuringTrainingAndExportedModelEvaluates() throws Exception {
        Path dataDir = dir.resolve("data");
        TrainingData data = TrainFixtures.sample(dataDir, 4, 61);
        CocoDataset gt = CocoReader.readCoco(dataDir.resolve("annotations.json"));
        Path init = TrainFixtures.formulaCheckpoint(dir.resolve("init.safetensors"),
                Architecture.SIMPLEBASELINE_RESNET18, 17, 64, 64);
        TrainingConfig config = TrainingConfig.builder(TrainingMethod.STANDARD, Architecture.SIMPLEBASELINE_RESNET18,
                dir.resolve("run")).input(64, 64).epochs(2).batchSize(4).seed(1).initCheckpoint(init).build();
        List<Map<String, Double>> metrics = new ArrayList<>();
        TrainingResult r = new Trainer(config).train(data, new ProgressListener() {
            @Override
            public void onValidation(int epoch, Map<String, Double> m) {
                metrics.add(m);
            }
        }, new CocoValidation(gt, dataDir.resolve("images"), 1, 0));
        assertThat(metrics).hasSize(2);
        for (Map<String, Double> m : metrics) {
            assertThat(m.keySet()).containsAll(CocoStats.NAMES);
            assertThat(m.get("AP")).isBetween(0.0, 1.0);
        }
        // the exported model opens as an evaluation model and evaluates the same way
        try (DjlPoseModel model = DjlPoseModel.fromCheckpoint(r.model(), 8)) {
            assertThat(model.descriptor().joints()).isEqualTo(17);
            assertThat(model.descriptor().inputHeight()).isEqualTo(64);
        }
        assertThat(io.robustpose.core.model.Checkpoints.readInfo(r.model()).metadata()).containsKey("val_AP");
    }
}
