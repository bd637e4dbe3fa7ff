package io.robustpose.core.report;

import io.robustpose.core.benchmark.CocoBenchmark;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.dataset.CocoAnnotation;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.image.ImageIo;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's sample grid from a benchmark run: the first images that have people, each shown
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
                Mat pixels = CocoBenchmark.load(setup, c, img);
                try {
                    double f = Math.min(1.0, MAX_WIDTH / (double) pixels.cols());
                    Mat shown = pixels;
                    if (f < 1.0) {
                        shown = new Mat();
                        Imgproc.resize(pixels, shown, new Size(Math.round(pixels.cols() * f), Math.round(pixels.rows() * f)),
                                0, 0, Imgproc.INTER_AREA);
                    }
                    Map<String, List<float[]>> byModel = new LinkedHashMap<>();
                    for (var m : predictions.entrySet()) {
                        List<float[]> people = new ArrayList<>();
                        for (KeypointResult r : m.getValue().getOrDefault(c, List.of())) {
                            if (r.imageId() == img.id()) {
                                people.add(scaled(toFloats(r.keypoints()), f));
                            }
                        }
                        byModel.put(m.getKey(), people);
                    }
                    figures.add(new SampleFigure(img.fileName(), c.clean() ? "clean" : c.corruption().id() + " s" + c.severity(),
                            ImageIo.encode(shown, "jpg", JPEG_QUALITY), shown.cols(), shown.rows(),
                            gt.stream().map(k -> scaled(k, f)).toList(), byModel));
                    if (shown != pixels) {
                        shown.release();
                    }
                } finally {
                    pixels.release();
                }
            }
        }
        return figures;
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
