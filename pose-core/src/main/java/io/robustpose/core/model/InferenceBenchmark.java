package io.robustpose.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.robustpose.core.device.HostArrays;
import io.robustpose.core.device.ProcessCounters;
import java.util.Arrays;

/**
 * Inference throughput of a pose network: eval-mode forward of a batch plus copying the heatmaps
 * back to the host, the median over timed iterations after warm-up. Weights are the fixtures'
 * formula weights (realistic magnitudes: no denormals, which would distort CPU timings); the
 * input is uniform noise. Each iteration allocates its input in a sub-manager that is closed
 * afterwards, so memory stays flat however many iterations run.
 */
public final class InferenceBenchmark {

    private InferenceBenchmark() {
    }

    /**
     * One measurement. {@code intraOpThreads}: libtorch's intra-op thread count during the run; {@code parameters}:
     * the network's trainable parameter count; {@code perBatch}: page faults and kernel/user CPU time per timed batch;
     * {@code peakResidentMb}: the process's peak resident memory at the end.
     */
    public record Result(Architecture architecture, int batch, int inputHeight, int inputWidth,
            DeconvMethod deconvMethod, String device, int intraOpThreads, double imagesPerSecond,
            double[] secondsPerBatch, long parameters, ProcessCounters.Snapshot perBatch, double peakResidentMb) {

        public double medianSecondsPerBatch() {
            return median(secondsPerBatch);
        }
    }

    /** Median images per second of {@code architecture} (17 joints) on the CPU. */
    public static double run(Architecture architecture, int batch, int height, int width, int warmup, int iterations) {
        return measure(architecture, batch, height, width, warmup, iterations, DeconvMethod.DEFAULT,
                Device.cpu()).imagesPerSecond();
    }

    public static Result measure(Architecture architecture, int batch, int height, int width, int warmup,
            int iterations, DeconvMethod deconvMethod, Device device) {
        if (batch < 1 || iterations < 1 || warmup < 0) {
            throw new IllegalArgumentException("batch and iterations must be positive, warmup not negative");
        }
        PoseNetworks.engine(); // loads libtorch before the thread count is read
        try (NDManager manager = PoseNetworks.newManager(device)) {
            PoseNet net = PoseNetworks.build(architecture, PoseNetworks.COCO_JOINTS, height, width, deconvMethod)
                    .initialize(manager);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.NON_TRIVIAL);
            net.freeze(); // as a model loaded for evaluation (DjlPoseModel.fromCheckpoint)
            ParameterStore ps = new ParameterStore(manager, false);
            double[] seconds = new double[iterations];
            ProcessCounters.Snapshot countersStart = null;
            for (int i = -warmup; i < iterations; i++) {
                if (i == 0) {
                    countersStart = ProcessCounters.now();
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray images = step.randomUniform(-1f, 1f, new Shape(batch, 3, height, width));
                    long start = System.nanoTime();
                    // every output (a bottom-up network's two); the host copy also waits for an asynchronous device
                    for (NDArray output : net.predictOutputs(ps, images)) {
                        HostArrays.floats(output);
                    }
                    long elapsed = System.nanoTime() - start;
                    if (i >= 0) {
                        seconds[i] = elapsed / 1e9;
                    }
                }
            }
            return new Result(architecture, batch, height, width, deconvMethod, device.toString(),
                    JniUtils.getNumThreads(), batch / median(seconds), seconds, net.trainableParameterCount(),
                    ProcessCounters.now().since(countersStart, iterations), ProcessCounters.peakResidentMegabytes());
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
