package io.robustpose.core.report;

import io.robustpose.core.benchmark.CocoBenchmark;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.benchmark.MpiiBenchmark;
import io.robustpose.core.dataset.CocoAnnotation;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.MpiiAnnotation;
import io.robustpose.core.image.ImageIo;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's sample grid from a COCO-style or MPII benchmark run: the first images that have people, each shown
 * clean and under every corruption at one severity, exactly as the evaluation saw them (same
 * seeded corruption, or the materialized file), with the ground truth and every model's
 * predictions for that image and condition.
 */
public final class ReportFigures {
    /** Wider images are downscaled so the self-contained page stays small. */
    public static final int MAX_WIDTH = 360;
    private static final int JPEG_QUALITY = 85;

    private ReportFigures() {
    }

    /**
     * @param predictions model name → condition → its results (all images of the condition)
     */
    public static List<SampleFigure> build(CocoBenchmark.Setup setup, List<Condition> conditions, int images,
                                           Map<String, Map<Condition, List<KeypointResult>>> predictions) {
        List<SampleFigure> figures = new ArrayList<>();
        List<CocoImage> chosen = CocoBenchmark.shard(setup, 0, 1).stream().limit(images).toList();
        for (CocoImage img : chosen) {
            List<float[]> gt = new ArrayList<>();
            for (CocoAnnotation a : setup.groundTruth().annotationsOf(img.id())) {
                if (a.keypoints() != null && a.numKeypoints() > 0) {
                    gt.add(toFloats(a.keypoints()));
                }
            }
            for (Condition c : conditions) {
                Map<String, List<float[]>> byModel = new LinkedHashMap<>();
                for (var m : predictions.entrySet()) {
                    List<float[]> people = new ArrayList<>();
                    for (KeypointResult r : m.getValue().getOrDefault(c, List.of())) {
                        if (r.imageId() == img.id()) {
                            people.add(toFloats(r.keypoints()));
                        }
                    }
                    byModel.put(m.getKey(), people);
                }
                figures.add(figure(img.fileName(), c, CocoBenchmark.load(setup, c, img), gt, byModel));
            }
        }
        return figures;
    }

    /**
     * The same for MPII: the first images' annotated persons (ground truth shifted from MATLAB's
     * 1-based pixels to 0-based, like the predictions), predictions per person index.
     *
     * @param predictions model name → condition → per person (dataset order) 16 × [x, y, score], or null
     */
    public static List<SampleFigure> buildMpii(MpiiBenchmark.Setup setup, List<Condition> conditions, int images,
                                               Map<String, Map<Condition, double[][][]>> predictions) {
        Map<String, List<Integer>> personsByImage = new LinkedHashMap<>();
        List<MpiiAnnotation> anns = setup.dataset().annotations();
        for (int i = 0; i < anns.size(); i++) {
            personsByImage.computeIfAbsent(anns.get(i).image(), k -> new ArrayList<>()).add(i);
        }
        List<SampleFigure> figures = new ArrayList<>();
        for (var e : personsByImage.entrySet().stream().limit(images).toList()) {
            List<float[]> gt = new ArrayList<>();
            for (int i : e.getValue()) {
                float[] k = new float[3 * 16];
                for (int j = 0; j < 16; j++) {
                    k[3 * j] = (float) (setup.groundTruth().positions()[i][j][0] - 1);
                    k[3 * j + 1] = (float) (setup.groundTruth().positions()[i][j][1] - 1);
                    k[3 * j + 2] = (float) setup.groundTruth().visible()[i][j];
                }
                gt.add(k);
            }
            for (Condition c : conditions) {
                Map<String, List<float[]>> byModel = new LinkedHashMap<>();
                for (var m : predictions.entrySet()) {
                    double[][][] pred = m.getValue().get(c);
                    List<float[]> people = new ArrayList<>();
                    for (int i : e.getValue()) {
                        if (pred != null && pred[i] != null) {
                            float[] k = new float[3 * 16];
                            for (int j = 0; j < 16; j++) {
                                for (int d = 0; d < 3; d++) {
                                    k[3 * j + d] = (float) pred[i][j][d];
                                }
                            }
                            people.add(k);
                        }
                    }
                    byModel.put(m.getKey(), people);
                }
                Mat pixels = CocoBenchmark.load(setup.images(), setup.corruptor(), setup.seed(), setup.corruptedDir(), c, e.getKey());
                figures.add(figure(e.getKey(), c, pixels, gt, byModel));
            }
        }
        return figures;
    }

    /** Downscales (coordinates with it), encodes and releases {@code pixels}. */
    private static SampleFigure figure(String name, Condition c, Mat pixels, List<float[]> gt,
                                       Map<String, List<float[]>> byModel) {
        try {
            double f = Math.min(1.0, MAX_WIDTH / (double) pixels.cols());
            Mat shown = pixels;
            if (f < 1.0) {
                shown = new Mat();
                Imgproc.resize(pixels, shown, new Size(Math.round(pixels.cols() * f), Math.round(pixels.rows() * f)),
                        0, 0, Imgproc.INTER_AREA);
            }
            Map<String, List<float[]>> scaledModels = new LinkedHashMap<>();
            byModel.forEach((m, people) -> scaledModels.put(m, people.stream().map(k -> scaled(k, f)).toList()));
            SampleFigure figure = new SampleFigure(name, c.clean() ? "clean" : c.corruption().id() + " s" + c.severity(),
                    ImageIo.encode(shown, "jpg", JPEG_QUALITY), shown.cols(), shown.rows(),
                    gt.stream().map(k -> scaled(k, f)).toList(), scaledModels);
            if (shown != pixels) {
                shown.release();
            }
            return figure;
        } finally {
            pixels.release();
        }
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /** Coordinates scaled by {@code f}; the third value of each joint (visibility or score) kept. */
    private static float[] scaled(float[] k, double f) {
        float[] out = k.clone();
        for (int i = 0; i + 2 < out.length; i += 3) {
            out[i] *= (float) f;
            out[i + 1] *= (float) f;
        }
        return out;
    }
}
