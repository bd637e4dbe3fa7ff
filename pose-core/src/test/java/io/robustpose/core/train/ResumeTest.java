package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.StateDict;
import io.robustpose.core.train.data.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped mid-epoch and resumed from its checkpoint ends with the same weights as an
 * uninterrupted run with the same seed. Everything that determines the trajectory is restored
 * (weights, BN statistics, generator, both Adam states, position; data randomness is a function of
 * (seed, epoch, person)), so the result is bit-identical on the same machine and thread count.
 */
class ResumeTest {

    private static final Architecture ARCH = Architecture.SIMPLEBASELINE_RESNET18;

    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(value = TrainingMethod.class, names = {"STANDARD", "ADVMIX"})
    void resumedRunEndsWithTheUninterruptedWeights(TrainingMethod method) throws Exception {
        TrainingData data = TrainFixtures.sample(dir.resolve("data"), 5, 41);
        Path init = dir.resolve("init.safetensors");
        if (!Files.exists(init)) {
            TrainFixtures.formulaCheckpoint(init, ARCH, 17, 64, 64);
        }
        TrainingConfig.Builder base = TrainingConfig.builder(method, ARCH, dir).input(64, 64).epochs(2).batchSize(2)
                .seed(77).initCheckpoint(init).checkpointEverySteps(0).loaderThreads(2).generatorLevels(5);
        TrainingConfig straight = base.outputDir(dir.resolve(method.id() + "-straight")).build();
        TrainingResult a = Trainer.train(straight, data, ProgressListener.NONE);
        assertThat(a.completed()).isTrue();

        int perEpoch = (data.size() + 1) / 2;
        assertThat(perEpoch).isGreaterThanOrEqualTo(3);
        long stopAt = perEpoch + 2L; // after the second step of the second epoch: mid-epoch
        TrainingConfig interrupted = base.outputDir(dir.resolve(method.id() + "-interrupted")).build();
        Trainer first = new Trainer(interrupted);
        AtomicReference<Trainer> self = new AtomicReference<>(first);
        TrainingResult stopped = first.train(data, new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                if (p.globalStep() == stopAt) {
                    self.get().requestStop();
                }
            }
        }, ValidationHook.NONE);
        assertThat(stopped.completed()).isFalse();
        assertThat(stopped.globalStep()).isEqualTo(stopAt);
        TrainingCheckpoint.State s = TrainingCheckpoint.readState(stopped.lastCheckpoint());
        assertThat(s.nextEpoch()).isEqualTo(1);
        assertThat(s.nextBatch()).isEqualTo(2);
        if (method.usesGenerator()) {
            assertThat(stopped.lastCheckpoint().resolve(TrainingCheckpoint.GENERATOR)).exists();
            assertThat(stopped.lastCheckpoint().resolve(TrainingCheckpoint.GENERATOR_OPTIMIZER)).exists();
        }
        // the stopped run's checkpoint is itself a usable model
        try (NDManager m = PoseNetworks.newManager()) {
            assertThat(Checkpoints.load(stopped.model(), m).joints()).isEqualTo(17);
        }

        TrainingResult b = Trainer.train(interrupted, data, ProgressListener.NONE);
        assertThat(b.completed()).isTrue();
        assertThat(b.globalStep()).isEqualTo(a.globalStep());

        try (NDManager m = PoseNetworks.newManager()) {
            PoseNet na = Checkpoints.load(a.model(), m);
            PoseNet nb = Checkpoints.load(b.model(), m);
            int compared = 0;
            for (StateDict.Entry e : na.stateDict().entries()) {
                if (e.stored()) {
                    float[] va = e.readOfficial();
                    float[] vb = nb.stateDict().get(e.key()).orElseThrow().readOfficial();
                    assertThat(Arrays.equals(va, vb)).as("%s identical after resume", e.key()).isTrue();
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(100);
        }
    }

    /**
     * A checkpoint written before the networks used libtorch's transposed convolution (its state has no
     * {@code deconv}; P's optimizer moments are in the phase emulation's kernel layout) resumes: the network is built
     * the way the checkpoint's was, and the checkpoints after it say so.
     */
    @org.junit.jupiter.api.Test
    void aCheckpointOfThePhaseEmulationResumesWithIt() throws Exception {
        TrainingData data = TrainFixtures.sample(dir.resolve("data"), 5, 41);
        Path init = dir.resolve("init.safetensors");
        if (!Files.exists(init)) {
            TrainFixtures.formulaCheckpoint(init, ARCH, 17, 64, 64);
        }
        Path out = dir.resolve("phase-resume");
        TrainingConfig c = TrainingConfig.builder(TrainingMethod.STANDARD, ARCH, out).input(64, 64).epochs(1)
                .batchSize(2).seed(77).initCheckpoint(init).checkpointEverySteps(0).loaderThreads(1).build();
        try (NDManager m = PoseNetworks.newManager()) {
            PoseNet phase = PoseNetworks.create(m, ARCH, 17, 64, 64, io.robustpose.core.model.DeconvMethod.PHASE_CONV_2X2);
            Checkpoints.loadInto(init, phase);
            try (AdamOptimizer adam = new AdamOptimizer(phase, m)) {
                // a state.json as written before the field existed
                TrainingCheckpoint.State old = new TrainingCheckpoint.State(TrainingCheckpoint.FORMAT_VERSION,
                        "standard", ARCH.id(), null, 17, 64, 64, 2, 77, 1, data.size(), 0, 1, 1, 0.5, Map.of(), "then");
                TrainingCheckpoint.write(out.resolve("checkpoints"), old, phase, adam, null, null, 2);
            }
        }
        TrainingResult resumed = Trainer.train(c, data, ProgressListener.NONE);
        assertThat(resumed.completed()).isTrue();
        assertThat(resumed.globalStep()).isEqualTo((data.size() + 1) / 2);
        TrainingCheckpoint.State last = TrainingCheckpoint.readState(resumed.lastCheckpoint());
        assertThat(last.deconv()).isEqualTo("PHASE_CONV_2X2");
    }
}
