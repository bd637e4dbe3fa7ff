package io.robustpose.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.WeightFormula;
import io.robustpose.core.model.WeightImporter;
import io.robustpose.core.train.advmix.UnetGenerator;
import io.robustpose.core.train.data.AugmentationConfig;
import io.robustpose.core.train.data.SampleFactory;
import io.robustpose.core.train.data.TrainBatch;
import io.robustpose.core.train.data.TrainLoader;
import io.robustpose.core.train.data.TrainingData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One AdvMix iteration: the P-step moves only P, the G-step only G, P enters the next P-step with
 * zero gradients, the teacher never changes, the mix weights sum to 1 per pixel.
 */
class AdvMixIterationTest {

    private static final int H = 64;
    private static final int W = 64;

    @TempDir
    static Path dir;

    @Test
    void pStepMovesOnlyPAndGStepOnlyG() {
        TrainingData data = TrainFixtures.sample(dir, 4, 21);
        SampleFactory factory = new SampleFactory(data, AugmentationConfig.coco(), H, W,
                TrainingMethod.ADVMIX.proposals(), false, true, 4);
        TrainBatch batch;
        TrainBatch next;
        try (TrainLoader loader = new TrainLoader(factory, 3, 4, 1, 1, true)) {
            batch = loader.batch(0, 0);
            next = loader.batch(0, 1);
        }
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet p = PoseNetworks.create(manager, Architecture.SIMPLEBASELINE_RESNET18, 17, H, W);
            WeightImporter.fromFormula(p, WeightFormula.RunningStats.NON_TRIVIAL);
            PoseNet teacher = PoseNetworks.create(manager, Architecture.SIMPLEBASELINE_RESNET18, 17, H, W);
            WeightImporter.fromFormula(teacher, WeightFormula.RunningStats.NON_TRIVIAL);
            UnetGenerator g = new UnetGenerator(9, 3, 5, UnetGenerator.NGF);
            g.initialize(manager, DataType.FLOAT32, new Shape(1, 9, H, W));
            g.reset(5);
            try (AdamOptimizer adamP = new AdamOptimizer(p, manager);
                    AdamOptimizer adamG = new AdamOptimizer(g, manager)) {
                TrainingStep step = new TrainingStep(TrainingMethod.ADVMIX, p, teacher, g, adamP, adamG, LossKind.MSE,
                        0.1, 1.0, new ParameterStore(manager, false));
                Map<String, float[]> p0 = snapshot(p, true);
                Map<String, float[]> g0 = snapshot(g, false);
                Map<String, float[]> t0 = snapshot(teacher, false);
                try (NDManager sm = manager.newSubManager(); TrainingStep.Iteration it = step.begin(sm, batch)) {
                    NDArray w = it.mixWeights();
                    assertThat(w.getShape()).isEqualTo(new Shape(3, 3, H, W));
                    for (float s : w.sum(new int[] {1}).toFloatArray()) {
                        assertThat(s).isCloseTo(1f, within(1e-5f));
                    }

                    TrainingStep.Losses l = it.pStep(1e-3);
                    assertThat(l.total()).isFinite();
                    assertThat(l.kd()).isFinite();
                    assertThat(l.total()).isCloseTo(0.9 * l.heatmap() + 0.1 * l.kd(), within(1e-6));
                    Map<String, float[]> p1 = snapshot(p, true);
                    assertThat(changed(p0, p1)).as("P tensors moved by the P-step").isGreaterThan((int) (0.95 * p0.size()));
                    assertThat(changed(g0, snapshot(g, false))).as("G tensors moved by the P-step").isZero();
                    assertThat(changed(t0, snapshot(teacher, false))).isZero();
                    assertGradientsZero(adamP);

                    double gLoss = it.gStep(1e-3);
                    assertThat(gLoss).isNegative();
                    assertThat(changed(p1, snapshot(p, true))).as("P tensors moved by the G-step").isZero();
                    assertThat(changed(g0, snapshot(g, false))).as("G tensors moved by the G-step")
                            .isGreaterThan((int) (0.95 * g0.size()));
                    assertThat(changed(t0, snapshot(teacher, false))).isZero();
                    // P computed no gradients in the G-step: the next P-step starts from zero
                    assertGradientsZero(adamP);
                    assertGradientsZero(adamG);
                    for (Parameter param : adamP.parameters()) {
                        assertThat(param.getArray().hasGradient()).isTrue(); // trainable again
                    }
                }
                // the next iteration runs normally with the toggled flags
                try (NDManager sm = manager.newSubManager()) {
                    TrainingStep.Losses l = step.run(sm, next, 1e-3);
                    assertThat(l.generator()).isNegative();
                }
                assertThat(changed(t0, snapshot(teacher, false))).isZero();
                assertThat(adamP.steps()).isEqualTo(2);
                assertThat(adamG.steps()).isEqualTo(2);
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = TrainingMethod.class, names = {"STANDARD", "ADVMIX"})
    void memoryStaysFlatAcrossSteps(TrainingMethod method) {
        TrainingData data = TrainFixtures.sample(dir, 4, 21);
        SampleFactory factory = new SampleFactory(data, AugmentationConfig.coco(), H, W, method.proposals(), false,
                true, 4);
        TrainBatch batch;
        try (TrainLoader loader = new TrainLoader(factory, 2, 4, 1, 1, true)) {
            batch = loader.batch(0, 0);
        }
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet p = PoseNetworks.create(manager, Architecture.SIMPLEBASELINE_RESNET18, 17, H, W);
            PoseNet teacher = PoseNetworks.create(manager, Architecture.SIMPLEBASELINE_RESNET18, 17, H, W);
            UnetGenerator g = new UnetGenerator(9, 3, 5, 16);
            g.initialize(manager, DataType.FLOAT32, new Shape(1, 9, H, W));
            g.reset(5);
            try (AdamOptimizer adamP = new AdamOptimizer(p, manager);
                    AdamOptimizer adamG = new AdamOptimizer(g, manager)) {
                TrainingStep step = new TrainingStep(method, p, teacher, g, adamP, adamG, LossKind.MSE, 0.1, 1.0,
                        new ParameterStore(manager, false));
                int[] counts = new int[4];
                for (int i = 0; i < counts.length; i++) {
                    try (NDManager sm = manager.newSubManager()) {
                        step.run(sm, batch, 1e-3);
                    }
                    counts[i] = manager.getManagedArrays().size();
                }
                assertThat(counts[3]).as("arrays attached after steps %s", Arrays.toString(counts))
                        .isEqualTo(counts[1]);
            }
        }
    }

    private static void assertGradientsZero(AdamOptimizer adam) {
        for (Parameter param : adam.parameters()) {
            NDArray grad = param.getArray().getGradient();
            assertThat(grad.abs().max().getFloat()).as(param.getName()).isZero();
            grad.close();
        }
    }

    /** All parameter values (trainableOnly: only those that take gradients). */
    static Map<String, float[]> snapshot(Block block, boolean trainableOnly) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!trainableOnly || p.getValue().requiresGradient()) {
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    static int changed(Map<String, float[]> a, Map<String, float[]> b) {
        int n = 0;
        for (var e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                n++;
            }
        }
        return n;
    }
}
