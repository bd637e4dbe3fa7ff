package io.robustpose.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.WeightFormula;
import io.robustpose.core.model.WeightImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Where a standard step's time goes (forward, backward, Adam); RP_TRAIN_PROFILE=1 only. */
class StepProfileTest {

    @Test
    @EnabledIfEnvironmentVariable(named = "RP_TRAIN_PROFILE", matches = "1")
    void profile() {
        Architecture arch = Architecture.byId(System.getenv().getOrDefault("RP_ARCH", "simplebaseline-resnet50"))
                .orElseThrow();
        int batch = Integer.parseInt(System.getenv().getOrDefault("RP_BATCH", "8"));
        String[] in = System.getenv().getOrDefault("RP_INPUT", "256x192").split("x");
        int h = Integer.parseInt(in[0]);
        int wd = Integer.parseInt(in[1]);
        Engine.getEngine("PyTorch");
        if (System.getenv().containsKey("RP_THREADS")) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(Integer.parseInt(System.getenv("RP_THREADS")));
        }
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, arch, 17, h, wd);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.NON_TRIVIAL);
            ParameterStore ps = new ParameterStore(manager, false);
            try (AdamOptimizer adam = new AdamOptimizer(net, manager)) {
                for (int i = 0; i < Integer.parseInt(System.getenv().getOrDefault("RP_STEPS", "6")); i++) {
                    try (NDManager sm = manager.newSubManager()) {
                        NDArray x = sm.randomUniform(-2f, 2f, new Shape(batch, 3, h, wd));
                        NDArray t = sm.randomUniform(0f, 1f, new Shape(batch, 17, h / 4, wd / 4));
                        NDArray w = sm.ones(new Shape(batch, 17));
                        long t0 = System.nanoTime();
                        NDArray evalOut = net.forward(ps, new NDList(x), false).singletonOrThrow();
                        evalOut.toFloatArray();
                        long t1 = System.nanoTime();
                        double fwd;
                        double bwd;
                        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                            long a = System.nanoTime();
                            NDArray out = net.forward(ps, new NDList(x), true).singletonOrThrow();
                            NDArray loss = HeatmapLoss.compute(out, t, w, LossKind.MSE);
                            loss.getFloat();
                            long b = System.nanoTime();
                            gc.backward(loss);
                            long c = System.nanoTime();
                            fwd = (b - a) / 1e9;
                            bwd = (c - b) / 1e9;
                        }
                        long d = System.nanoTime();
                        adam.step(1e-3);
                        long e = System.nanoTime();
                        System.out.printf("PROFILE eval-fwd %.3f train-fwd %.3f bwd %.3f adam %.3f total %.3f%n",
                                (t1 - t0) / 1e9, fwd, bwd, (e - d) / 1e9, fwd + bwd + (e - d) / 1e9);
                    }
                }
            }
        }
    }
}
