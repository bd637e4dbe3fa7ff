package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.train.data.Proposals;
import io.robustpose.core.train.data.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every method id trains a few steps and exports a model; the losses it reports fit the method. */
class MethodsTest {

    private static final Architecture ARCH = Architecture.SIMPLEBASELINE_RESNET18;

    @TempDir
    static Path dir;

    @Test
    void idsAndTraits() {
        assertThat(TrainingMethod.byId("advmix-image")).contains(TrainingMethod.ADVMIX_IMAGE);
        assertThat(TrainingMethod.byId(" KD-only ")).contains(TrainingMethod.KD_ONLY);
        assertThat(TrainingMethod.byId("mixup")).isEmpty();
        assertThat(TrainingMethod.ADVMIX.usesGenerator()).isTrue();
        assertThat(TrainingMethod.ADVMIX_NOKD.usesTeacher()).isFalse();
        assertThat(TrainingMethod.KD_ONLY.proposals()).isEqualTo(Proposals.CLEAN);
        assertThat(TrainingMethod.SEQUENTIALMIX.proposals()).isEqualTo(Proposals.CLEAN_SEQUENTIAL);
        assertThat(TrainingMethod.EQUALMIX.proposals()).isEqualTo(Proposals.CLEAN_AUTOAUGMENT_GRIDMASK);
    }

    @ParameterizedTest
    @EnumSource(TrainingMethod.class)
    void everyMethodTrains(TrainingMethod method) throws Exception {
        TrainingData data = TrainFixtures.sample(dir.resolve("data"), 3, 51);
        Path init = dir.resolve("init.safetensors");
        if (!Files.exists(init)) {
            TrainFixtures.formulaCheckpoint(init, ARCH, 17, 64, 64);
        }
        TrainingConfig config = TrainingConfig.builder(method, ARCH, dir.resolve(method.id())).input(64, 64)
                .epochs(1).batchSize(2).seed(5).initCheckpoint(init).generatorLevels(5).build();
        List<ProgressListener.StepProgress> steps = new ArrayList<>();
        TrainingResult r = Trainer.train(config, data, new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                steps.add(p);
            }
        });
        assertThat(r.completed()).isTrue();
        assertThat(Checkpoints.readInfo(r.model()).metadata()).containsEntry("training_method", method.id());
        assertThat(steps).isNotEmpty();
        for (ProgressListener.StepProgress p : steps) {
            assertThat(p.loss()).isFinite();
            assertThat(Double.isFinite(p.kdLoss())).isEqualTo(method.usesTeacher());
            assertThat(Double.isFinite(p.generatorLoss())).isEqualTo(method.usesGenerator());
        }
        boolean hasGenerator = Files.exists(r.lastCheckpoint().resolve(TrainingCheckpoint.GENERATOR));
        assertThat(hasGenerator).isEqualTo(method.usesGenerator());
    }
}
