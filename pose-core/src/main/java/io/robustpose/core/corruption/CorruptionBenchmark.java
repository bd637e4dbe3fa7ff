package io.robustpose.core.corruption;

import io.robustpose.core.image.OpenCv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Seconds per image of every corruption and severity, on a given image, the reference's way: per-image time
 * (median over repeats), and {@code sweep_seconds} = Σ over the 15 benchmark corruptions of the mean over the
 * severities (the reference: 0.661 s on a 640×480 image, one thread).
 *
 * <p>With {@code threads} = N, N workers corrupt N copies at once and the per-image time is the wall time divided
 * by N (throughput). OpenCV's own thread pool is set to 1 thread during the run (so "one thread" means one
 * core, and N workers do not oversubscribe) and restored afterwards.
 */
public final class CorruptionBenchmark {
    private CorruptionBenchmark() {
    }

    /** Median seconds per image for each corruption and severity (index 0 = severity 1), and the sweep. */
    public record Result(Map<Corruption, double[]> secondsPerImage, double sweepSeconds, int threads, int repeat,
            int width, int height) {
        /** {@code {"corruptions": {NAME: {"1": s, ..., "5": s}}, "sweep_seconds": S}} (plus run facts). */
        public String toJson() {
            StringBuilder sb = new StringBuilder("{\"corruptions\": {");
            boolean first = true;
            for (Map.Entry<Corruption, double[]> e : secondsPerImage.entrySet()) {
                sb.append(first ? "" : ", ").append('"').append(e.getKey().id()).append("\": {");
                for (int s = 0; s < e.getValue().length; s++) {
                    sb.append(s == 0 ? "" : ", ").append('"').append(s + 1).append("\": ")
                            .append(String.format(java.util.Locale.ROOT, "%.6f", e.getValue()[s]));
                }
                sb.append('}');
                first = false;
            }
            sb.append("}, \"sweep_seconds\": ").append(String.format(java.util.Locale.ROOT, "%.6f", sweepSeconds))
                    .append(", \"threads\": ").append(threads).append(", \"repeat\": ").append(repeat)
                    .append(", \"width\": ").append(width).append(", \"height\": ").append(height).append('}');
            return sb.toString();
        }
    }

    /** Benchmarks all 19 corruptions (frost with procedural textures). */
    public static Result run(Mat bgr, int threads, int repeat) {
        return run(bgr, threads, repeat, Corruptor.withProceduralFrost(), Arrays.asList(Corruption.values()));
    }

    public static Result run(Mat bgr, int threads, int repeat, Corruptor corruptor, List<Corruption> corruptions) {
        OpenCv.load();
        if (threads < 1 || repeat < 1) {
            throw new IllegalArgumentException("threads and repeat must be >= 1");
        }
        int previousCvThreads = Core.getNumThreads();
        Core.setNumThreads(1);
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        try {
            Map<Corruption, double[]> out = new EnumMap<>(Corruption.class);
            for (Corruption c : corruptions) {
                double[] perSeverity = new double[Corruption.MAX_SEVERITY];
                for (int warmUp = 0; warmUp < 2; warmUp++) { // JIT and caches (e.g. frost textures) settle first
                    for (int s = 1; s <= Corruption.MAX_SEVERITY; s++) {
                        timeOnce(bgr, c, s, threads, corruptor, pool, -1 - warmUp);
                    }
                }
                for (int s = 1; s <= Corruption.MAX_SEVERITY; s++) {
                    List<Double> samples = new ArrayList<>();
                    for (int r = 0; r < repeat; r++) {
                        samples.add(timeOnce(bgr, c, s, threads, corruptor, pool, r));
                    }
                    Collections.sort(samples);
                    int n = samples.size();
                    perSeverity[s - 1] = n % 2 == 1 ? samples.get(n / 2)
                            : (samples.get(n / 2 - 1) + samples.get(n / 2)) / 2;
                }
                out.put(c, perSeverity);
            }
            double sweep = 0;
            for (Corruption c : Corruption.benchmarkSet()) {
                double[] v = out.get(c);
                if (v != null) {
                    sweep += Arrays.stream(v).average().orElse(0);
                }
            }
            return new Result(out, sweep, threads, repeat, bgr.cols(), bgr.rows());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            Core.setNumThreads(previousCvThreads);
        }
    }

    private static double timeOnce(Mat bgr, Corruption c, int severity, int threads, Corruptor corruptor,
            ExecutorService pool, int round) {
        long t0 = System.nanoTime();
        if (pool == null) {
            corruptor.apply(bgr, c, severity, 0, "bench-" + round, Map.of()).release();
        } else {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String id = "bench-" + round + "-" + t;
                fs.add(pool.submit(() -> corruptor.apply(bgr, c, severity, 0, id, Map.of()).release()));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException("benchmark of " + c.id() + " failed", e);
                }
            }
        }
        return (System.nanoTime() - t0) / 1e9 / threads;
    }
}
