package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.StateDict;
import io.robustpose.core.train.data.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard loop: loss goes down, schedule, checkpoints and retention, validation hook, NaN abort. */
class TrainerTest {

    private static final Architecture ARCH = Architecture.SIMPLEBASELINE_RESNET18;

    @TempDir
    static Path dir;

    private static TrainingData data() {
        return TrainFixtures.sample(dir.resolve("data"), 6, 31);
    }

    private static Path init() {
        Path f = dir.resolve("init.safetensors");
        return Files.exists(f) ? f : TrainFixtures.formulaCheckpoint(f, ARCH, 17, 64, 64);
    }

    @Test
    void standardRunLearnsCheckpointsAndExportsTheModel() throws Exception {
        TrainingData data = data();
        Path out = dir.resolve("standard");
        TrainingConfig config = TrainingConfig.builder(TrainingMethod.STANDARD, ARCH, out).input(64, 64).epochs(4)
                .batchSize(4).seed(3).initCheckpoint(init()).checkpointEverySteps(2).keepCheckpoints(2)
                .loaderThreads(2).build();
        List<ProgressListener.StepProgress> steps = new ArrayList<>();
        List<Double> epochLoss = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        List<Integer> validated = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                steps.add(p);
            }

            @Override
            public void onEpochEnd(int epoch, double meanLoss) {
                epochLoss.add(meanLoss);
            }

            @Override
            public void onCheckpoint(Path d, int epoch, long step) {
                written.add(d);
            }
        };
        TrainingResult result = new Trainer(config).train(data, listener, (net, epoch) -> {
            validated.add(epoch);
            assertThat(net.joints()).isEqualTo(17);
            return Map.of("val_loss", 1.0 / (epoch + 1));
        });

        int perEpoch = (data.size() + 3) / 4;
        assertThat(result.completed()).isTrue();
        assertThat(result.globalStep()).isEqualTo(4L * perEpoch);
        assertThat(steps).hasSize(4 * perEpoch);
        assertThat(validated).containsExactly(0, 1, 2, 3);
        assertThat(epochLoss.get(3)).as("mean loss of the last epoch vs the first").isLessThan(epochLoss.get(0) * 0.5);
        assertThat(steps.get(0).learningRate()).isEqualTo(1e-3);
        assertThat(steps.get(steps.size() - 1).learningRate()).isCloseTo(1e-5, within(1e-12));
        for (ProgressListener.StepProgress p : steps) {
            assertThat(p.loss()).isFinite();
            assertThat(p.imagesPerSecond()).isPositive();
            assertThat(p.kdLoss()).isNaN();
            assertThat(p.generatorLoss()).isNaN();
        }
        // retention: two step directories at most, the latest at the end of the run
        try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("step-")).count()).isEqualTo(2);
        }
        assertThat(result.lastCheckpoint()).isEqualTo(written.get(written.size() - 1));
        TrainingCheckpoint.State state = TrainingCheckpoint.readState(result.lastCheckpoint());
        assertThat(state.nextEpoch()).isEqualTo(4);
        assertThat(state.nextBatch()).isZero();
        assertThat(state.validation()).containsKey("val_loss");
        assertThat(Files.list(result.lastCheckpoint()).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("model.safetensors", "optimizer.safetensors", "state.json");

        // the exported model is a plain network checkpoint: same weights as the last training checkpoint
        assertThat(result.model()).isEqualTo(out.resolve("model.safetensors"));
        assertThat(Checkpoints.readInfo(result.model()).metadata()).containsEntry("training_method", "standard")
                .containsKey("val_val_loss");
        try (NDManager m = PoseNetworks.newManager()) {
            PoseNet exported = Checkpoints.load(result.model(), m);
            PoseNet last = Checkpoints.load(result.lastCheckpoint().resolve(TrainingCheckpoint.MODEL), m);
            for (StateDict.Entry e : exported.stateDict().entries()) {
                if (e.stored()) {
                    assertThat(e.readOfficial()).isEqualTo(last.stateDict().get(e.key()).orElseThrow().readOfficial());
                }
            }
        }

        // a completed run re-delivered resumes at the end and only re-exports
        List<ProgressListener.StepProgress> again = new ArrayList<>();
        TrainingResult rerun = Trainer.train(config, data, new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                again.add(p);
            }
        });
        assertThat(rerun.completed()).isTrue();
        assertThat(again).isEmpty();
        assertThat(rerun.globalStep()).isEqualTo(result.globalStep());
    }

    /** The best validated weights are kept apart, as HRNet's model_best.pth: by COCO AP, compared across epochs. */
    @Test
    void theBestValidatedEpochIsKept() throws Exception {
        Path out = dir.resolve("best");
        TrainingConfig config = TrainingConfig.builder(TrainingMethod.STANDARD, ARCH, out).input(64, 64).epochs(3)
                .batchSize(4).seed(3).initCheckpoint(init()).loaderThreads(1).build();
        double[] ap = {0.2, 0.5, 0.4};
        new Trainer(config).train(data(), ProgressListener.NONE, (net, epoch) -> Map.of("AP", ap[epoch], "AR", 0.9));
        Map<String, String> meta = Checkpoints.readInfo(out.resolve(Trainer.BEST_MODEL)).metadata();
        assertThat(meta).containsEntry("best_metric", "AP").containsEntry("best_score", "0.5")
                .containsEntry("best_epoch", "1");
        assertThat(Files.exists(out.resolve(Trainer.BEST_MODEL + ".tmp"))).isFalse();
    }

    @Test
    void nonFiniteLossAbortsAndKeepsTheLastCheckpoint() {
        TrainingData data = data();
        Path out = dir.resolve("nan");
        // an absurd learning rate: the weights blow up after the first update
        TrainingConfig config = TrainingConfig.builder(TrainingMethod.STANDARD, ARCH, out).input(64, 64).epochs(2)
                .batchSize(4).seed(3).initCheckpoint(init()).learningRate(1e30).checkpointEverySteps(1).build();
        assertThatThrownBy(() -> Trainer.train(config, data, ProgressListener.NONE))
                .isInstanceOfSatisfying(NonFiniteLossException.class, e -> {
                    assertThat(e.getMessage()).contains("loss is").contains("aborted");
                    assertThat(e.lastCheckpoint()).isNotNull();
                    assertThat(e.lastCheckpoint().getFileName().toString())
                            .isEqualTo(String.format("step-%09d", e.step() - 1));
                    assertThat(Files.exists(e.lastCheckpoint().resolve(TrainingCheckpoint.STATE))).isTrue();
                    assertThat(Files.exists(out.resolve("checkpoints")
                            .resolve(String.format("step-%09d", e.step())))).isFalse();
                });
    }

    @Test
    void interruptWritesACheckpointAndKeepsTheFlag() throws Exception {
        TrainingData data = data();
        Path out = dir.resolve("interrupt");
        TrainingConfig config = TrainingConfig.builder(TrainingMethod.STANDARD, ARCH, out).input(64, 64).epochs(3)
                .batchSize(2).seed(3).initCheckpoint(init()).checkpointEverySteps(0).build();
        java.util.concurrent.atomic.AtomicReference<TrainingResult> result = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flagAfter = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            result.set(Trainer.train(config, data, new ProgressListener() {
                @Override
                public void onStep(StepProgress p) {
                    if (p.globalStep() == 2) {
                        Thread.currentThread().interrupt(); // as a worker's cancel would
                    }
                }
            }));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        t.join(120_000);
        assertThat(result.get()).isNotNull();
        assertThat(result.get().completed()).isFalse();
        assertThat(result.get().globalStep()).isEqualTo(2);
        assertThat(flagAfter.get()).isTrue();
        TrainingCheckpoint.State s = TrainingCheckpoint.readState(result.get().lastCheckpoint());
        assertThat(s.globalStep()).isEqualTo(2);
        assertThat(s.nextEpoch() * ((data.size() + 1) / 2) + s.nextBatch()).isEqualTo(2);
        // a re-delivered task continues from there
        List<Long> resumedSteps = new ArrayList<>();
        TrainingResult done = Trainer.train(config, data, new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                resumedSteps.add(p.globalStep());
            }
        });
        assertThat(done.completed()).isTrue();
        assertThat(resumedSteps.get(0)).isEqualTo(3L);
    }

    @Test
    void checkpointOfAnotherRunIsRejected() {
        TrainingData data = data();
        Path out = dir.resolve("other");
        TrainingConfig a = TrainingConfig.builder(TrainingMethod.STANDARD, ARCH, out).input(64, 64).epochs(1)
                .batchSize(4).seed(3).initCheckpoint(init()).build();
        Trainer.train(a, data, ProgressListener.NONE);
        TrainingConfig b = a.toBuilder().seed(4).build();
        assertThatThrownBy(() -> Trainer.train(b, data, ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed 3 != 4");
        TrainingConfig kd = a.toBuilder().method(TrainingMethod.KD_ONLY).initCheckpoint(null)
                .outputDir(dir.resolve("kd")).build();
        assertThatThrownBy(() -> Trainer.train(kd, data, ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teacher");
    }
}
