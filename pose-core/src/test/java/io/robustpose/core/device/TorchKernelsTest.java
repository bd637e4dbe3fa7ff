package io.robustpose.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.WeightFormula;
import io.robustpose.core.model.WeightImporter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bundled libtorch kernels: PyTorch's Adam formula, an in-place ReLU, and the networks' in-place inference. */
class TorchKernelsTest {

    @Test
    void adamIsPytorchsFormulaAndZeroesTheGradients() {
        PoseNetworks.engine();
        int n = 200_000;
        Random random = new Random(1);
        float[] w0 = new float[n];
        float[][] grads = new float[3][n];
        for (int i = 0; i < n; i++) {
            w0[i] = (float) (random.nextGaussian() * 0.1);
            for (float[] g : grads) {
                // magnitudes from 1e-13 to 1: many near Adam's ε, where its step is most sensitive
                g[i] = (float) (random.nextGaussian() * Math.exp(random.nextGaussian() * 4 - 8));
            }
        }
        double lr = 1e-3;
        try (NDManager manager = PoseNetworks.newManager()) {
            NDArray weight = manager.create(w0);
            NDArray expAvg = manager.zeros(weight.getShape());
            NDArray expAvgSq = manager.zeros(weight.getShape());
            for (int t = 1; t <= grads.length; t++) {
                // torch.optim.Adam's single-tensor update in double, from the float32 state the kernel starts from
                float[] w = weight.toFloatArray();
                float[] m = expAvg.toFloatArray();
                float[] v = expAvgSq.toFloatArray();
                NDArray grad = manager.create(grads[t - 1]);
                TorchKernels.adam(List.of(weight), List.of(grad), List.of(expAvg), List.of(expAvgSq), t, lr, 0.9, 0.999,
                        1e-8);
                assertThat(grad.toFloatArray()).as("gradients zeroed").containsOnly(0f);
                float[] got = weight.toFloatArray();
                double worst = 0;
                for (int i = 0; i < n; i++) {
                    double g = grads[t - 1][i];
                    double mt = 0.9 * m[i] + 0.1 * g;
                    double vt = 0.999 * v[i] + 0.001 * g * g;
                    double step = lr / (1 - Math.pow(0.9, t)) * mt
                            / (Math.sqrt(vt) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8);
                    double exact = w[i] - step;
                    worst = Math.max(worst, Math.abs(got[i] - exact) / Math.ulp((float) Math.max(Math.abs(w[i]),
                            Math.abs(step))));
                }
                System.out.printf("adam step %d: %.2f ulps%n", t, worst);
                // measured: 5.1, 3.7, 3.7 float32 ulps of the larger of weight and step (float32 arithmetic); bound 8
                assertThat(worst).as("step %d, ulps", t).isLessThan(8);
            }
        }
    }

    @Test
    void adamNamesMismatchedLists() {
        PoseNetworks.engine();
        try (NDManager manager = PoseNetworks.newManager()) {
            NDArray a = manager.ones(new Shape(3));
            assertThatThrownBy(() -> TorchKernels.adam(List.of(a), List.of(), List.of(a), List.of(a), 1, 1e-3, 0.9,
                    0.999, 1e-8)).hasMessageContaining("1 parameters but 0 gradients");
        }
    }

    @Test
    void reluInPlaceOverwritesItsInput() {
        PoseNetworks.engine();
        try (NDManager manager = PoseNetworks.newManager()) {
            NDArray x = manager.randomNormal(new Shape(2, 3, 5, 7));
            float[] expected = Activation.relu(x).toFloatArray();
            NDArray y = TorchKernels.reluInPlace(x);
            assertThat(y).isSameAs(x);
            assertThat(x.toFloatArray()).containsExactly(expected);
        }
    }

    /**
     * Under autograd the in-place ReLU is recorded: the gradient flows through it as through PyTorch's
     * {@code relu_} (zero where the output is zero), not around it as through an unrecorded overwrite.
     */
    @Test
    void reluInPlaceUnderAutogradIsRecorded() {
        Engine engine = Engine.getEngine(PoseNetworks.ENGINE);
        try (NDManager manager = PoseNetworks.newManager()) {
            NDArray x = manager.randomNormal(new Shape(2, 3, 5, 7));
            NDArray w = manager.randomNormal(new Shape(2, 3, 5, 7));
            x.setRequiresGradient(true);
            float[] out;
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray y = x.mul(2); // an intermediate result, as a BatchNorm output
                assertThat(TorchKernels.reluInPlace(y)).isSameAs(y);
                out = y.toFloatArray();
                gc.backward(y.mul(w).sum());
            }
            float[] xs = x.toFloatArray();
            float[] ws = w.toFloatArray();
            float[] expected = new float[xs.length];
            for (int i = 0; i < xs.length; i++) {
                assertThat(out[i]).isEqualTo(Math.max(0f, 2 * xs[i]));
                expected[i] = out[i] > 0 ? 2 * ws[i] : 0f;
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(expected);
        }
    }

    /** An in-place ReLU of a tensor another operation kept for its backward: libtorch refuses that backward pass. */
    @Test
    void reluInPlaceOfAKeptTensorFailsTheBackwardPass() {
        Engine engine = Engine.getEngine(PoseNetworks.ENGINE);
        try (NDManager manager = PoseNetworks.newManager()) {
            NDArray x = manager.randomNormal(new Shape(4, 5));
            x.setRequiresGradient(true);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray y = x.mul(2);
                NDArray square = y.mul(y); // keeps y for its backward
                TorchKernels.reluInPlace(y);
                assertThatThrownBy(() -> gc.backward(square.sum())).hasMessageContaining("inplace operation");
            }
        }
    }

    /**
     * The networks overwrite their own intermediate results (ReLU and residual sums in place), recorded by autograd
     * when it is on: inference without autograd gives the outputs of the recorded eval-mode forward bit for bit, and
     * the input is left alone. HRNet is the case to watch: its first branch feeds every row of the fuse layer.
     */
    @Test
    void inferenceEqualsTheRecordedForward() {
        PoseNetworks.engine();
        for (Architecture arch : List.of(Architecture.HRNET_W32, Architecture.SIMPLEBASELINE_RESNET50,
                Architecture.HIGHERHRNET_W32)) {
            try (NDManager manager = PoseNetworks.newManager()) {
                PoseNet net = PoseNetworks.build(arch, PoseNetworks.COCO_JOINTS, 64, 64)
                        .initialize(manager);
                WeightImporter.fromFormula(net, WeightFormula.RunningStats.NON_TRIVIAL);
                ParameterStore ps = new ParameterStore(manager, false);
                NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 64, 64));
                float[] input = images.toFloatArray();
                float[] inPlace = values(net.predictOutputs(ps, images));
                float[] recorded;
                try (GradientCollector gc = Engine.getEngine(PoseNetworks.ENGINE).newGradientCollector()) {
                    recorded = values(net.forward(ps, new NDList(images), false)); // eval mode, autograd on
                }
                assertThat(images.toFloatArray()).as(arch + " input").containsExactly(input);
                assertThat(inPlace).as(arch.toString()).containsExactly(recorded);
            }
        }
    }

    /** Every output's values, one after the other (a bottom-up network has two). */
    private static float[] values(NDList outputs) {
        float[][] parts = new float[outputs.size()][];
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = outputs.get(i).toFloatArray();
            total += parts[i].length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
