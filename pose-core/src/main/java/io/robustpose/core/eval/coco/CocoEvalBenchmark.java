package io.robustpose.core.eval.coco;

import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.KeypointResults;
import io.robustpose.core.dataset.KeypointResultsWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times {@link CocoKeypointEval} on a {@link SyntheticKeypointCase}, to compare with pycocotools'
 * evaluate() + accumulate() on a case of the same size (reference/README.md: 4.10 s evaluate,
 * 6.00 s loadRes + evaluate + accumulate + summarize, for 5000 images / ~6350 persons / ~100k
 * detections on a 2-core machine).
 */
public final class CocoEvalBenchmark {
    private CocoEvalBenchmark() {
    }

    /**
     * @param loadMs             parsing the case's JSON (ground truth + results) from memory
     * @param firstEvaluateMs    evaluate() of the first run (cold JIT)
     * @param firstAccumulateMs  accumulate() of the first run
     * @param evaluateMs         median evaluate() over the repetitions after the first
     * @param accumulateMs       median accumulate() over the same runs
     * @param heapPeakBytes      sum of the heap pools' peak usage during the timed runs (an upper bound)
     */
    public record Result(int images, int persons, int detections, long seed, int threads, int repetitions,
                         double generateMs, double loadMs, double firstEvaluateMs, double firstAccumulateMs,
                         double evaluateMs, double accumulateMs, long heapPeakBytes, long heapMaxBytes,
                         CocoStats stats) {

        public double evaluateAndAccumulateMs() {
            return evaluateMs + accumulateMs;
        }

        public LinkedHashMap<String, Object> toMap() {
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("images", images);
            m.put("persons", persons);
            m.put("detections", detections);
            m.put("seed", seed);
            m.put("threads", threads);
            m.put("repetitions", repetitions);
            m.put("generate_ms", generateMs);
            m.put("load_json_ms", loadMs);
            m.put("first_evaluate_ms", firstEvaluateMs);
            m.put("first_accumulate_ms", firstAccumulateMs);
            m.put("evaluate_ms", evaluateMs);
            m.put("accumulate_ms", accumulateMs);
            m.put("evaluate_accumulate_ms", evaluateAndAccumulateMs());
            m.put("heap_peak_bytes", heapPeakBytes);
            m.put("heap_max_bytes", heapMaxBytes);
            m.put("stats", stats.toMap());
            return m;
        }
    }

    /** 1 cold run + 5 timed runs on all processors. */
    public static Result run(int images, int persons, int detections, long seed) {
        return run(images, persons, detections, seed, 5, Runtime.getRuntime().availableProcessors());
    }

    public static Result run(int images, int persons, int detections, long seed, int repetitions, int threads) {
        long t0 = System.nanoTime();
        SyntheticKeypointCase c = SyntheticKeypointCase.generate(images, persons, detections, seed);
        double generateMs = (System.nanoTime() - t0) / 1e6;

        byte[] gtJson;
        byte[] resJson;
        try {
            ByteArrayOutputStream gtOut = new ByteArrayOutputStream();
            c.writeGroundTruth(gtOut);
            gtJson = gtOut.toByteArray();
            ByteArrayOutputStream resOut = new ByteArrayOutputStream();
            KeypointResultsWriter.write(resOut, c.results());
            resJson = resOut.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long t1 = System.nanoTime();
        CocoDataset gt = CocoReader.coco().read(new ByteArrayInputStream(gtJson), "gt.json");
        KeypointResults res = KeypointResults.read(new ByteArrayInputStream(resJson), "res.json");
        double loadMs = (System.nanoTime() - t1) / 1e6;

        CocoEvalParams params = CocoEvalParams.keypoints().withParallelism(threads);
        resetHeapPeaks();
        CocoEvalResult first = CocoKeypointEval.evaluate(gt, res.results(), params);
        double[] evaluate = new double[repetitions];
        double[] accumulate = new double[repetitions];
        CocoEvalResult last = first;
        for (int i = 0; i < repetitions; i++) {
            last = CocoKeypointEval.evaluate(gt, res.results(), params);
            evaluate[i] = last.timings().evaluateMs();
            accumulate[i] = last.timings().accumulateMs();
        }
        long peak = heapPeak();
        if (!Arrays.equals(first.stats().toArray(), last.stats().toArray())) {
            throw new IllegalStateException("repeated evaluations disagree: " + first.stats() + " vs " + last.stats());
        }
        return new Result(images, gt.annotations().size(), res.results().size(), seed, threads, repetitions,
                generateMs, loadMs, first.timings().evaluateMs(), first.timings().accumulateMs(),
                repetitions == 0 ? first.timings().evaluateMs() : median(evaluate),
                repetitions == 0 ? first.timings().accumulateMs() : median(accumulate),
                peak, Runtime.getRuntime().maxMemory(), last.stats());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Stand-alone run: {@code [images persons detections seed threads]}, prints key=value lines. */
    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int persons = args.length > 1 ? Integer.parseInt(args[1]) : 6350;
        int detections = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        Map<String, Object> m = run(images, persons, detections, seed, 5, threads).toMap();
        m.forEach((k, v) -> System.out.println(k + "=" + v));
    }
}
