package io.robustpose.core.benchmark;

import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.dataset.MpiiGroundTruth;
import io.robustpose.core.eval.pckh.Pckh;
import io.robustpose.core.eval.pckh.PckhCase;
import io.robustpose.core.inference.PersonInstance;
import io.robustpose.core.inference.PersonSources;
import io.robustpose.core.inference.PosePrediction;
import io.robustpose.core.inference.TopDownEstimator;
import io.robustpose.core.inference.TopDownRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * MPII-C: a 16-joint model on the MPII validation persons — cropped at the annotated centre and
 * scale as HRNet does, clean or under a corruption (on the fly or materialized, exactly as for
 * COCO) — scored with PCKh@0.5 (the official evaluation, head boxes from gt_valid.mat or JSON).
 */
public final class MpiiBenchmark {

    /**
     * @param groundTruth joints, visibility and head boxes per person, in the dataset's person order
     */
    public record Setup(MpiiDataset dataset, MpiiGroundTruth groundTruth, Path images, Corruptor corruptor, long seed,
                        Path corruptedDir, int threads) {
    }

    /** Per person (dataset order) the 16 predicted joints {@code x, y, score}, 0-based image pixels. */
    public record Outcome(Condition condition, double[][][] predictions, int images, int persons, double seconds,
                          TopDownRunner.Timing timing) {
        public double imagesPerSecond() {
            return images / Math.max(1e-9, seconds);
        }
    }

    private MpiiBenchmark() {
    }

    /**
     * Head boxes for datasets that come without them: a square of side |head top − upper neck|
     * around the two joints' midpoint. An approximation of MPII's annotated head rectangles — PCKh
     * from it is labelled as such; use gt_valid.mat for the official number.
     */
    public static double[][][] headBoxesFromJoints(MpiiDataset dataset) {
        double[][][] out = new double[dataset.annotations().size()][][];
        for (int i = 0; i < out.length; i++) {
            double[][] j = dataset.annotations().get(i).joints();
            double[] neck = j[8];
            double[] top = j[9];
            double side = Math.hypot(top[0] - neck[0], top[1] - neck[1]);
            double cx = (top[0] + neck[0]) / 2;
            double cy = (top[1] + neck[1]) / 2;
            out[i] = new double[][]{{cx - side / 2, cy - side / 2}, {cx + side / 2, cy + side / 2}};
        }
        return out;
    }

    public static Outcome predict(TopDownEstimator estimator, Setup setup, Condition condition,
                                  Consumer<TopDownRunner.Progress> progress) throws Exception {
        return predict(estimator, setup, condition, 0, 1, progress);
    }

    /**
     * Shard {@code shard} of {@code shards} (contiguous ranges of images); persons of other shards
     * are left null in the outcome.
     */
    public static Outcome predict(TopDownEstimator estimator, Setup setup, Condition condition, int shard, int shards,
                                  Consumer<TopDownRunner.Progress> progress) throws Exception {
        if (estimator.descriptor().joints() != 16) {
            throw new IllegalArgumentException("MPII needs a 16-joint model; this one has " + estimator.descriptor().joints());
        }
        long start = System.nanoTime();
        Map<String, Long> imageIds = new LinkedHashMap<>();
        Map<Long, List<PersonInstance>> persons = PersonSources.mpii(setup.dataset(), imageIds);
        List<Map.Entry<String, Long>> images = new ArrayList<>(imageIds.entrySet());
        int from = (int) ((long) images.size() * shard / shards);
        int to = (int) ((long) images.size() * (shard + 1) / shards);
        List<TopDownRunner.ImageJob> jobs = new ArrayList<>();
        int personCount = 0;
        for (var e : images.subList(from, to)) {
            String file = e.getKey();
            personCount += persons.get(e.getValue()).size();
            jobs.add(new TopDownRunner.ImageJob(e.getValue(), () -> CocoBenchmark.load(setup.images(), setup.corruptor(),
                    setup.seed(), setup.corruptedDir(), condition, file), persons.get(e.getValue())));
        }
        TopDownRunner.Result run = TopDownRunner.run(estimator, jobs, setup.threads(), progress);
        double[][][] out = new double[setup.dataset().annotations().size()][][];
        run.poses().values().forEach(list -> list.forEach(p -> out[(int) p.person().annotationId() - 1] = p.keypoints()));
        return new Outcome(condition, out, jobs.size(), personCount, (System.nanoTime() - start) / 1e9, run.timing());
    }

    /** Ground truth with head boxes from gt_valid.mat ({@code .mat}), a JSON file, or {@code from-joints}. */
    public static MpiiGroundTruth groundTruth(MpiiDataset dataset, String headBoxes) {
        if (headBoxes.equals("from-joints")) {
            return MpiiGroundTruth.of(dataset, headBoxesFromJoints(dataset));
        }
        if (headBoxes.endsWith(".mat")) {
            MpiiGroundTruth gt = MpiiGroundTruth.readMat(Path.of(headBoxes));
            if (gt.size() != dataset.annotations().size()) {
                throw new IllegalArgumentException(headBoxes + " has " + gt.size() + " persons but "
                        + dataset.summary().source() + " has " + dataset.annotations().size());
            }
            return gt;
        }
        return MpiiGroundTruth.of(dataset, MpiiGroundTruth.readHeadBoxesJson(Path.of(headBoxes)));
    }

    /** Writes one shard's predictions: {@code [{"person": i, "joints": [[x, y, score] × 16]}, ...]}. */
    public static void writePredictions(Path file, double[][][] predictions) throws java.io.IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var arr = json.createArrayNode();
        for (int i = 0; i < predictions.length; i++) {
            if (predictions[i] != null) {
                arr.addObject().put("person", i).set("joints", json.valueToTree(predictions[i]));
            }
        }
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        io.robustpose.core.AtomicFiles.write(file, json.writeValueAsBytes(arr));
    }

    /** Adds the persons of a prediction file (of {@link #writePredictions}) into {@code into}. */
    public static void readPredictions(Path file, double[][][] into) throws java.io.IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var p : json.readTree(file.toFile())) {
            int i = p.path("person").asInt(-1);
            if (i < 0 || i >= into.length) {
                throw new IllegalArgumentException(file + ": person " + i + " outside 0.." + (into.length - 1));
            }
            into[i] = json.treeToValue(p.get("joints"), double[][].class);
        }
    }

    /** The official PCKh@0.5 result of the predictions (every person must have one). */
    public static Pckh.Result pckh(Setup setup, double[][][] predictions) {
        return pckh(setup.groundTruth(), predictions);
    }

    public static Pckh.Result pckh(MpiiGroundTruth gt, double[][][] predictions) {
        for (int p = 0; p < predictions.length; p++) {
            if (predictions[p] == null) {
                throw new IllegalArgumentException("no prediction for MPII person " + p + " (a shard missing?)");
            }
        }
        double[][][] xy = new double[predictions.length][16][2];
        for (int p = 0; p < predictions.length; p++) {
            for (int j = 0; j < 16; j++) {
                xy[p][j][0] = predictions[p][j][0];
                xy[p][j][1] = predictions[p][j][1];
            }
        }
        return Pckh.compute(new PckhCase(xy, gt.positions(), gt.visible(), gt.headboxes(), true), Pckh.Variant.OFFICIAL);
    }

    /**
     * Every condition: predictions under {@code out/<condition>/predictions.json} (per person, 16 ×
     * [x, y, score], 0-based), PCKh@0.5 (percent) into the model's metrics and {@code out/metrics.json}.
     */
    public static io.robustpose.core.eval.robustness.ModelMetrics run(String model, TopDownEstimator estimator, Setup setup,
                                                                      List<Condition> conditions, Path out,
                                                                      Consumer<String> log) throws Exception {
        var metrics = new io.robustpose.core.eval.robustness.ModelMetrics(model);
        for (Condition c : conditions) {
            Outcome o = predict(estimator, setup, c, null);
            writePredictions(out.resolve(c.id()).resolve(RobustnessRun.PREDICTIONS), o.predictions());
            double pckh = pckh(setup, o.predictions()).mean();
            RobustnessRun.record(metrics, c, pckh);
            if (log != null) {
                log.accept(String.format("%-24s PCKh %.2f  (%d images, %.1f img/s)", c.id(), pckh, o.images(), o.imagesPerSecond()));
            }
        }
        RobustnessRun.writeMetrics(out.resolve(RobustnessRun.METRICS), List.of(metrics), "PCKh",
                io.robustpose.core.eval.robustness.RobustnessTable.Scale.PERCENT);
        return metrics;
    }
}
