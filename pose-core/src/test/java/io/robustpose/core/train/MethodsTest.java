package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.train.augment.ProceduralStylization;
import io.robustpose.core.train.data.AugmentationConfig;
import io.robustpose.core.train.data.PersonRecord;
import io.robustpose.core.train.data.Proposals;
import io.robustpose.core.train.data.SampleFactory;
import io.robustpose.core.train.data.TrainSample;
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
        // Table 4: one corruption per category, or the four mixed; Table 5: FPD distils with FPD's α 0.5
        assertThat(TrainingMethod.byId("transfer-gaussian_noise")).contains(TrainingMethod.TRANSFER_GAUSSIAN_NOISE);
        assertThat(TrainingMethod.TRANSFER_SNOW.trainingCorruptions()).containsExactly(Corruption.SNOW);
        assertThat(TrainingMethod.TRANSFER_MIXED.trainingCorruptions()).containsExactly(Corruption.GAUSSIAN_NOISE,
                Corruption.DEFOCUS_BLUR, Corruption.SNOW, Corruption.CONTRAST);
        assertThat(TrainingMethod.TRANSFER_MIXED.trainingCorruptions()).allMatch(Corruption::isBenchmark)
                .extracting(Corruption::category).doesNotHaveDuplicates();
        assertThat(TrainingMethod.STANDARD.trainingCorruptions()).isEmpty();
        assertThat(TrainingMethod.FPD.usesTeacher()).isTrue();
        assertThat(TrainingMethod.FPD.usesGenerator()).isFalse();
        assertThat(TrainingMethod.FPD.defaultKdAlpha()).isEqualTo(0.5);
        assertThat(TrainingMethod.ADVMIX.defaultKdAlpha()).isEqualTo(0.1);
        assertThat(TrainingConfig.builder(TrainingMethod.FPD, ARCH, dir).build().kdAlpha()).isEqualTo(0.5);
        assertThat(TrainingMethod.ADVMIX_STYLIZED.usesStylizedSource()).isTrue();
        assertThat(TrainingMethod.ADVMIX_STYLIZED.usesGenerator()).isTrue();
    }

    @Test
    void transferCorruptsTheWholeImageBeforeTheCropAtARandomSeverity() {
        TrainingData data = TrainFixtures.sample(dir.resolve("data"), 3, 51);
        AugmentationConfig none = AugmentationConfig.none();
        SampleFactory clean = new SampleFactory(data, none, 64, 64, Proposals.CLEAN, false, false, 3);
        SampleFactory noisy = new SampleFactory(data, none, 64, 64, Proposals.CLEAN, false, false, 3,
                List.of(Corruption.GAUSSIAN_NOISE), false);
        SampleFactory contrast = new SampleFactory(data, none, 64, 64, Proposals.CLEAN, false, false, 3,
                List.of(Corruption.CONTRAST), false);
        java.util.Set<Double> contrastLevels = new java.util.TreeSet<>();
        for (int epoch = 0; epoch < 12; epoch++) {
            TrainSample c = clean.make(0, epoch);
            TrainSample n = noisy.make(0, epoch);
            TrainSample k = contrast.make(0, epoch);
            // same crop and targets, other pixels
            assertThat(n.target()).containsExactly(c.target());
            assertThat(n.clean()).isNotEqualTo(c.clean());
            // contrast pulls every pixel toward the image mean: a lower spread, by a severity-dependent factor
            double ratio = std(k.clean()) / std(c.clean());
            assertThat(ratio).isLessThan(0.75);
            contrastLevels.add(Math.round(ratio * 100) / 100.0);
        }
        // severities are drawn (imagecorruptions' contrast c = .4, .3, .2, .1, .05): several distinct factors
        assertThat(contrastLevels.size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void stylizedSourceDoublesTheDataAndSkipsTheAugmentationsOnIt() throws Exception {
        TrainingData data = TrainFixtures.sample(dir.resolve("data"), 3, 51);
        Path styled = dir.resolve("data-stylized");
        ProceduralStylization.writeCopy(dir.resolve("data/images"),
                data.records().stream().map(r -> r.image().getFileName().toString()).distinct().toList(), styled, 1);
        TrainingData both = data.withStylized(dir.resolve("data/images"), styled);
        assertThat(both.size()).isEqualTo(2 * data.size());
        assertThat(both.records().subList(data.size(), both.size())).allMatch(PersonRecord::stylized);
        assertThat(both.records().subList(0, data.size())).noneMatch(PersonRecord::stylized);
        SampleFactory skip = new SampleFactory(both, AugmentationConfig.coco(), 64, 64,
                Proposals.CLEAN_AUTOAUGMENT_GRIDMASK, false, true, 3, List.of(), false);
        SampleFactory augment = new SampleFactory(both, AugmentationConfig.coco(), 64, 64,
                Proposals.CLEAN_AUTOAUGMENT_GRIDMASK, false, true, 3, List.of(), true);
        int styledRecord = data.size();
        boolean augmentedSomewhere = false;
        for (int epoch = 0; epoch < 6; epoch++) {
            TrainSample s = skip.make(styledRecord, epoch);
            assertThat(s.extras()[0]).containsExactly(s.clean());
            assertThat(s.extras()[1]).containsExactly(s.clean());
            TrainSample a = augment.make(styledRecord, epoch);
            augmentedSomewhere |= !java.util.Arrays.equals(a.extras()[1], a.clean())
                    || !java.util.Arrays.equals(a.extras()[0], a.clean());
            // the original images keep their augmentations
            TrainSample o = skip.make(0, epoch);
            assertThat(o.clean()).isNotEqualTo(s.clean());
        }
        assertThat(augmentedSomewhere).isTrue();
        assertThatThrownBy(() -> data.withStylized(dir.resolve("data/images"), dir.resolve("nowhere")))
                .hasMessageContaining("stylized images missing");
        TrainingConfig c = TrainingConfig.builder(TrainingMethod.ADVMIX_STYLIZED, ARCH, dir.resolve("x")).input(64, 64)
                .build();
        assertThatThrownBy(() -> Trainer.sampleFactory(c, data)).hasMessageContaining("stylized copy");
    }

    @Test
    void fpdDistilsFromATeacherOfAnotherArchitecture() throws Exception {
        TrainingData data = TrainFixtures.sample(dir.resolve("data"), 3, 51);
        Path teacher = TrainFixtures.formulaCheckpoint(dir.resolve("teacher-r50.safetensors"),
                Architecture.SIMPLEBASELINE_RESNET50, 17, 64, 64);
        TrainingConfig config = TrainingConfig.builder(TrainingMethod.FPD, ARCH, dir.resolve("fpd-r50")).input(64, 64)
                .epochs(1).batchSize(2).seed(5).teacherCheckpoint(teacher)
                .teacherArchitecture(Architecture.SIMPLEBASELINE_RESNET50).build();
        List<ProgressListener.StepProgress> steps = new ArrayList<>();
        TrainingResult r = Trainer.train(config, data, new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                steps.add(p);
            }
        });
        assertThat(r.completed()).isTrue();
        // loss = 0.5·L_hm + 0.5·L_kd
        for (ProgressListener.StepProgress p : steps) {
            assertThat(p.loss()).isCloseTo(0.5 * p.heatmapLoss() + 0.5 * p.kdLoss(),
                    org.assertj.core.api.Assertions.within(1e-6 * Math.abs(p.loss()) + 1e-12));
            assertThat(p.kdLoss()).isPositive();
        }
        // P is an R18 (no init: its own random start, not the R50 teacher's weights)
        assertThat(Checkpoints.readInfo(r.model()).architecture()).isEqualTo(ARCH);
    }

    private static double std(float[] v) {
        double s = 0;
        double ss = 0;
        for (float x : v) {
            s += x;
            ss += x * x;
        }
        double m = s / v.length;
        return Math.sqrt(ss / v.length - m * m);
    }

    @ParameterizedTest
    @EnumSource(TrainingMethod.class)
    void everyMethodTrains(TrainingMethod method) throws Exception {
        TrainingData data = TrainFixtures.sample(dir.resolve("data"), 3, 51);
        if (method.usesStylizedSource()) {
            Path styled = dir.resolve("data-stylized");
            ProceduralStylization.writeCopy(dir.resolve("data/images"),
                    data.records().stream().map(r -> r.image().getFileName().toString()).distinct().toList(), styled, 1);
            data = data.withStylized(dir.resolve("data/images"), styled);
        }
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
