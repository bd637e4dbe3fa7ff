package io.robustpose.core.train.bottomup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.core.train.ProgressListener;
import io.robustpose.core.train.Trainer;
import io.robustpose.core.train.TrainingConfig;
import io.robustpose.core.train.TrainingMethod;
import io.robustpose.core.train.TrainingResult;
import io.robustpose.core.train.data.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HigherHRNet trains through the common trainer on whole synthetic images (64×64 input, so outputs 16×16 and 32×32:
 * the same code as 512, at a cost a test can pay): standard training lowers the loss, a stopped run resumes to the
 * weights of an uninterrupted one, and AdvMix (generator, teacher KD on both heatmaps) steps both networks.
 */
class BottomUpTrainerTest {

    @TempDir
    static Path tmp;
    static TrainingData data;

    @BeforeAll
    static void data() throws Exception {
        SyntheticPeople.writeSplit(tmp.resolve("d"), "train", 4, 5, new SyntheticPeople.Options(96, 64, 2, 2, 60, 0));
        data = TrainingData.cocoImages(CocoReader.readCoco(tmp.resolve("d/annotations.json")), tmp.resolve("d/images"));
    }

    private static TrainingConfig.Builder config(TrainingMethod method, String out, int epochs) {
        return TrainingConfig.builder(method, Architecture.HIGHERHRNET_W32, tmp.resolve(out)).input(64, 64)
                .epochs(epochs).batchSize(2).seed(3).loaderThreads(1).learningRate(1e-3);
    }

    @Test
    void standardTrainingLowersTheLossAndResumesBitIdentically() throws Exception {
        assertThat(data.bottomUp()).isTrue();
        assertThat(data.size()).as("images, not persons").isEqualTo(4);
        List<Double> losses = new ArrayList<>();
        TrainingResult straight = Trainer.train(config(TrainingMethod.STANDARD, "straight", 4).build(), data,
                new ProgressListener() {
                    @Override
                    public void onStep(StepProgress p) {
                        losses.add(p.loss());
                    }
                });
        assertThat(straight.completed()).isTrue();
        assertThat(losses).hasSize(8).allSatisfy(l -> assertThat(l).isFinite().isPositive());
        assertThat(losses.get(7)).as("last step's loss vs the first").isLessThan(losses.get(0));
        assertThat(Checkpoints.readInfo(straight.model()).architecture()).isEqualTo(Architecture.HIGHERHRNET_W32);

        // stopped after the 3rd step, resumed: the same weights as the run that did not stop
        Trainer first = new Trainer(config(TrainingMethod.STANDARD, "resumed", 4).build());
        TrainingResult stopped = first.train(data, new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                if (p.globalStep() == 3) {
                    first.requestStop();
                }
            }
        }, null);
        assertThat(stopped.completed()).isFalse();
        TrainingResult resumed = Trainer.train(config(TrainingMethod.STANDARD, "resumed", 4).build(), data,
                ProgressListener.NONE);
        assertThat(resumed.completed()).isTrue();
        assertThat(maxDifference(weights(straight.model()), weights(resumed.model()))).isZero();
    }

    @Test
    void advMixStepsThePoseNetworkAndTheGeneratorWithKdOnBothHeatmaps() throws Exception {
        Path init = Trainer.train(config(TrainingMethod.STANDARD, "init", 1).build(), data, ProgressListener.NONE).model();
        List<ProgressListener.StepProgress> steps = new ArrayList<>();
        TrainingResult r = Trainer.train(config(TrainingMethod.ADVMIX, "advmix", 1).initCheckpoint(init).build(), data,
                new ProgressListener() {
                    @Override
                    public void onStep(StepProgress p) {
                        steps.add(p);
                    }
                });
        assertThat(r.completed()).isTrue();
        assertThat(steps).hasSize(2);
        for (ProgressListener.StepProgress p : steps) {
            assertThat(p.kdLoss()).as("KD against the teacher's heatmaps").isFinite().isPositive();
            assertThat(p.generatorLoss()).as("−w·(the network's whole loss)").isFinite().isNegative();
            assertThat(p.mixShares()).hasSize(3);
        }
        assertThat(maxDifference(weights(init), weights(r.model()))).as("P moved").isPositive();
        assertThat(Files.list(r.lastCheckpoint()).map(f -> f.getFileName().toString()))
                .contains("generator.safetensors");
    }

    @Test
    void aBottomUpNetworkRefusesPersonCropsAndNonSquareInputs() {
        assertThatThrownBy(() -> config(TrainingMethod.STANDARD, "x", 1).input(64, 96).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
        TrainingData persons = TrainingData.coco(CocoReader.readCoco(tmp.resolve("d/annotations.json")),
                tmp.resolve("d/images"));
        assertThatThrownBy(() -> Trainer.train(config(TrainingMethod.STANDARD, "y", 1).build(), persons,
                ProgressListener.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bottom-up: it trains on whole images");
    }

    private static Map<String, float[]> weights(Path model) throws Exception {
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = Checkpoints.load(model, manager);
            Map<String, float[]> out = new LinkedHashMap<>();
            net.getParameters().forEach(p -> out.put(p.getKey(), p.getValue().getArray().toFloatArray()));
            return out;
        }
    }

    private static double maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
        assertThat(a.keySet()).isEqualTo(b.keySet());
        double max = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k);
            float[] y = b.get(k);
            assertThat(x.length).isEqualTo(y.length);
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }
}
