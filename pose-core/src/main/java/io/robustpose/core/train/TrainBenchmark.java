package io.robustpose.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.robustpose.core.device.NativeMemory;
import io.robustpose.core.device.ProcessCounters;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.DeconvMethod;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.WeightFormula;
import io.robustpose.core.model.WeightImporter;
import io.robustpose.core.train.advmix.UnetGenerator;
import io.robustpose.core.train.data.TrainBatch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Training-step throughput: the median wall time of one {@link TrainingStep} (forward, backward,
 * Adam) over timed steps after warm-up, on synthetic batches (uniform images in the normalized
 * range, random targets, all joints weighted) so data loading is not measured — as PyTorch's
 * reference figure in reference/README.md. For AdvMix methods a step is the whole iteration:
 * generator forward, teacher forward, P-step and G-step. Weights are the fixtures' formula weights
 * (realistic magnitudes: no denormals distorting CPU timings). Each step's arrays live in a
 * sub-manager closed afterwards, so memory stays flat.
 */
public final class TrainBenchmark {

    private TrainBenchmark() {
    }

    /**
     * One measurement.
     *
     * @param intraOpThreads libtorch's intra-op threads during the run
     * @param loadAverage    the 1-minute system load average when the run ended (−1 if unknown)
     * @param cpuSecondsPerStep process CPU time (all threads) per timed step: on a shared, loaded machine
     *                       a steadier figure than wall time (≈ threads × wall time when unloaded)
     * @param perStep        page faults and kernel/user CPU time per timed step ({@link ProcessCounters})
     * @param peakResidentMb the process's peak resident memory at the end
     * @param mallocTunables the C library's allocator settings the process ran with ({@link NativeMemory})
     */
    public record Result(Architecture architecture, String method, DeconvMethod deconv, int batch, int inputHeight,
            int inputWidth, int intraOpThreads, double loadAverage, double[] secondsPerStep, double cpuSecondsPerStep,
            ProcessCounters.Snapshot perStep, double peakResidentMb, String mallocTunables, boolean hugePages) {

        public double medianSecondsPerStep() {
            double[] s = secondsPerStep.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        public double imagesPerSecond() {
            return batch / medianSecondsPerStep();
        }

        /** {@code {"seconds_per_step": …, "images_per_second": …, …}} for {@code bench train}. */
        public String toJson() {
            return String.format(java.util.Locale.ROOT,
                    "{\"architecture\": \"%s\", \"method\": \"%s\", \"deconv\": \"%s\", \"batch\": %d, \"input\": \"%dx%d\", "
                            + "\"seconds_per_step\": %.4f, \"images_per_second\": %.3f, \"steps\": %d, "
                            + "\"intra_op_threads\": %d, \"load_average\": %.2f, \"cpu_seconds_per_step\": %.4f, "
                            + "\"system_seconds_per_step\": %.3f, \"page_faults_per_step\": %d, \"peak_rss_mb\": %.0f, "
                            + "\"glibc_tunables\": \"%s\", \"libtorch_huge_pages\": %b}",
                    architecture.id(), method, deconv, batch, inputHeight, inputWidth, medianSecondsPerStep(),
                    imagesPerSecond(), secondsPerStep.length, intraOpThreads, loadAverage, cpuSecondsPerStep,
                    perStep.systemSeconds(), perStep.faults(), peakResidentMb,
                    mallocTunables, hugePages);
        }
    }

    /** Median step time of {@code method} ("standard", "advmix", … any {@link TrainingMethod} id), 17 joints, CPU. */
    public static Result run(Architecture architecture, int batch, int height, int width, String method, int warmup,
            int steps) {
        return run(architecture, batch, height, width, method, warmup, steps, null);
    }

    /**
     * As {@link #run(Architecture, int, int, int, String, int, int)}; with {@code trace} not null, libtorch's profiler
     * records the measured steps (not the warm-up) into that file (Chrome trace JSON) — its overhead is in the times.
     */
    public static Result run(Architecture architecture, int batch, int height, int width, String method, int warmup,
            int steps, Path trace) {
        return run(architecture, batch, height, width, method, warmup, steps, trace, DeconvMethod.DEFAULT);
    }

    /** As above, the networks' transposed convolutions computed by {@code deconv}. */
    public static Result run(Architecture architecture, int batch, int height, int width, String method, int warmup,
            int steps, Path trace, DeconvMethod deconv) {
        TrainingMethod m = TrainingMethod.byId(method)
                .orElseThrow(() -> new IllegalArgumentException("unknown training method " + method));
        if (batch < 1 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("batch and steps must be positive, warmup not negative");
        }
        PoseNetworks.engine();
        int joints = PoseNetworks.COCO_JOINTS;
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, architecture, joints, height, width, deconv);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.NON_TRIVIAL);
            PoseNet teacher = null;
            if (m.usesTeacher()) {
                teacher = PoseNetworks.create(manager, architecture, joints, height, width, deconv);
                WeightImporter.fromFormula(teacher, WeightFormula.RunningStats.NON_TRIVIAL);
                teacher.freeze();
            }
            int k = 1 + m.proposals().extraImages();
            UnetGenerator generator = null;
            if (m.usesGenerator()) {
                generator = new UnetGenerator(3 * k, k, UnetGenerator.defaultLevels(height, width), UnetGenerator.NGF);
                generator.initialize(manager, DataType.FLOAT32, new Shape(1, 3 * k, height, width));
                generator.reset(1);
            }
            try (AdamOptimizer adam = new AdamOptimizer(net, manager);
                    AdamOptimizer generatorAdam = generator == null ? null : new AdamOptimizer(generator, manager)) {
                TrainingStep step = new TrainingStep(m, net, teacher, generator, adam, generatorAdam, LossKind.MSE,
                        0.1, 1.0, new ParameterStore(manager, false));
                SplittableRandom rng = new SplittableRandom(1);
                TrainBatch b = syntheticBatch(rng, batch, joints, height, width, k - 1, m == TrainingMethod.DIRICHLETMIX);
                double[] seconds = new double[steps];
                long cpuStart = 0;
                ProcessCounters.Snapshot countersStart = null;
                for (int i = -warmup; i < steps; i++) {
                    if (i == 0) {
                        if (trace != null) {
                            JniUtils.startProfile(false, true, false);
                        }
                        cpuStart = processCpuNanos();
                        countersStart = ProcessCounters.now();
                    }
                    long start = System.nanoTime();
                    try (NDManager sm = manager.newSubManager()) {
                        step.run(sm, b, 1e-3);
                    }
                    if (i >= 0) {
                        seconds[i] = (System.nanoTime() - start) / 1e9;
                    }
                }
                double cpu = (processCpuNanos() - cpuStart) / 1e9 / steps;
                if (trace != null) {
                    JniUtils.stopProfile(trace.toAbsolutePath().toString());
                }
                return new Result(architecture, m.id(), deconv, batch, height, width, JniUtils.getNumThreads(), loadAverage(),
                        seconds, cpu, ProcessCounters.now().since(countersStart, steps),
                        ProcessCounters.peakResidentMegabytes(), NativeMemory.mallocTunables(), NativeMemory.hugePages());
            }
        }
    }

    private static TrainBatch syntheticBatch(SplittableRandom rng, int n, int joints, int h, int w, int extras,
            boolean mixWeights) {
        float[] clean = uniform(rng, n * 3 * h * w, -2f, 2.5f);
        float[][] ex = new float[extras][];
        for (int e = 0; e < extras; e++) {
            ex[e] = uniform(rng, n * 3 * h * w, -2f, 2.5f);
        }
        float[] target = uniform(rng, n * joints * (h / 4) * (w / 4), 0f, 1f);
        float[] weight = new float[n * joints];
        Arrays.fill(weight, 1f);
        float[] mix = null;
        if (mixWeights) {
            mix = new float[n * (1 + extras)];
            Arrays.fill(mix, 1f / (1 + extras));
        }
        return new TrainBatch(0, 0, n, new int[n], clean, ex, mix, target, weight, null);
    }

    private static float[] uniform(SplittableRandom rng, int size, float lo, float hi) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = lo + (hi - lo) * (float) rng.nextDouble();
        }
        return v;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static double loadAverage() {
        try {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
