package io.robustpose.core.eval.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.robustpose.core.dataset.CocoAnnotation;
import io.robustpose.core.dataset.CocoCategory;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.KeypointResultsWriter;
import io.robustpose.core.dataset.ReadSummary;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, COCO-val-like keypoint evaluation case (ground truth and predictions) for benchmarks
 * and tests at scale: persons of log-uniform height 20–450 px on about half of the images, with
 * occluded joints, some without labelled joints and some crowd regions; predictions for most
 * persons (some duplicated, with noise from tight to wrong) and false positives with low scores,
 * including images with more than maxDets predictions. The same seed gives the same case.
 */
public record SyntheticKeypointCase(CocoDataset groundTruth, List<KeypointResult> results, long seed) {

    static final String[] JOINTS = {"nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
            "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
            "left_knee", "right_knee", "left_ankle", "right_ankle"};
    /** A standing person in a unit box (x, y). */
    private static final double[][] POSE = {{.5, .08}, {.53, .06}, {.47, .06}, {.56, .07}, {.44, .07},
            {.65, .2}, {.35, .2}, {.72, .38}, {.28, .38}, {.75, .54}, {.25, .54},
            {.6, .55}, {.4, .55}, {.62, .75}, {.38, .75}, {.63, .95}, {.37, .95}};

    public static SyntheticKeypointCase generate(int images, int persons, int detections, long seed) {
        if (images < 1 || persons < 0 || detections < 0) {
            throw new IllegalArgumentException("need images >= 1, persons >= 0, detections >= 0");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<CocoImage> imgs = new ArrayList<>(images);
        long id = 100;
        for (int i = 0; i < images; i++) {
            id += 1 + rnd.nextInt(200); // sparse, ascending ids like COCO's
            boolean landscape = rnd.nextInt(3) > 0;
            imgs.add(new CocoImage(id, String.format("%012d.jpg", id), landscape ? 640 : 480, landscape ? 480 : 640));
        }
        // persons on roughly half of the images, several per image on some
        int withPersons = Math.max(1, images / 2);
        List<CocoAnnotation> anns = new ArrayList<>(persons);
        for (int p = 0; p < persons; p++) {
            CocoImage im = imgs.get(rnd.nextInt(withPersons) * (images / withPersons));
            anns.add(person(rnd, im, p + 1L, p));
        }
        List<KeypointResult> res = new ArrayList<>(detections);
        // predictions of the persons first: most persons once, some twice (duplicates)
        for (CocoAnnotation a : anns) {
            if (res.size() >= detections) {
                break;
            }
            if (a.isCrowd() || rnd.nextDouble() < 0.08) {
                continue; // missed
            }
            int copies = rnd.nextDouble() < 0.15 ? 2 : 1;
            for (int c = 0; c < copies && res.size() < detections; c++) {
                res.add(prediction(rnd, a, c));
            }
        }
        // false positives: spread over all images, a few crowded ones get more than maxDets
        while (res.size() < detections) {
            CocoImage im = rnd.nextInt(50) == 0 ? imgs.get(0) : imgs.get(rnd.nextInt(images));
            res.add(falsePositive(rnd, im));
        }
        List<KeypointResult> numbered = new ArrayList<>(res.size());
        for (int i = 0; i < res.size(); i++) {
            numbered.add(res.get(i).withIndex(i));
        }
        CocoCategory person = new CocoCategory(1, "person", "person", List.of(JOINTS), List.of());
        ReadSummary summary = new ReadSummary("synthetic(seed " + seed + ")",
                Map.of("images", (long) images, "annotations", (long) anns.size()), Map.of(), Map.of(), Map.of(),
                Map.of());
        CocoDataset gt = new CocoDataset(DatasetFormat.COCO, imgs, List.of(person), anns, summary);
        return new SyntheticKeypointCase(gt, numbered, seed);
    }

    private static CocoAnnotation person(SplittableRandom rnd, CocoImage im, long id, int index) {
        double h = Math.exp(Math.log(20) + rnd.nextDouble() * (Math.log(450) - Math.log(20)));
        h = Math.min(h, im.height() - 2);
        double w = h * (0.35 + 0.2 * rnd.nextDouble());
        double x = rnd.nextDouble() * (im.width() - w);
        double y = rnd.nextDouble() * (im.height() - h);
        boolean crowd = rnd.nextInt(100) == 0;
        boolean unlabelled = !crowd && (h < 40 ? rnd.nextInt(3) == 0 : rnd.nextInt(40) == 0);
        double[] kp = new double[51];
        int labelled = 0;
        for (int j = 0; j < 17; j++) {
            double u = rnd.nextDouble();
            int v = crowd || unlabelled ? 0 : (u < 0.72 ? 2 : u < 0.85 ? 1 : 0);
            if (v > 0) {
                kp[3 * j] = Math.round(x + POSE[j][0] * w + rnd.nextGaussian() * 0.03 * w);
                kp[3 * j + 1] = Math.round(y + POSE[j][1] * h + rnd.nextGaussian() * 0.03 * h);
                kp[3 * j + 2] = v;
                labelled++;
            }
        }
        double area = Math.round(w * h * (0.45 + 0.2 * rnd.nextDouble()) * 100) / 100.0;
        double[] bbox = {round2(x), round2(y), round2(w), round2(h)};
        return new CocoAnnotation(id, im.id(), 1, kp, labelled, area, bbox, crowd ? 1 : 0, null, index);
    }

    private static KeypointResult prediction(SplittableRandom rnd, CocoAnnotation a, int copy) {
        double[] bb = a.bbox();
        double scale = Math.sqrt(a.area());
        // relative noise from tight to poor, a little worse for duplicates
        double[] levels = {0.005, 0.01, 0.02, 0.04, 0.1};
        double noise = levels[rnd.nextInt(levels.length)] * (copy == 0 ? 1 : 1.5) * scale;
        double[] kp = new double[51];
        double sum = 0;
        for (int j = 0; j < 17; j++) {
            double gx = a.keypoints()[3 * j + 2] > 0 ? a.keypoints()[3 * j] : bb[0] + POSE[j][0] * bb[2];
            double gy = a.keypoints()[3 * j + 2] > 0 ? a.keypoints()[3 * j + 1] : bb[1] + POSE[j][1] * bb[3];
            kp[3 * j] = round2(gx + rnd.nextGaussian() * noise);
            kp[3 * j + 1] = round2(gy + rnd.nextGaussian() * noise);
            kp[3 * j + 2] = round4(0.2 + 0.8 * rnd.nextDouble());
            sum += kp[3 * j + 2];
        }
        double score = round4(Math.min(1, (0.5 + 0.5 * rnd.nextDouble()) * sum / 17 + 0.2));
        return new KeypointResult(a.imageId(), 1, kp, score);
    }

    private static KeypointResult falsePositive(SplittableRandom rnd, CocoImage im) {
        double h = 20 + rnd.nextDouble() * 300;
        double w = h * 0.45;
        double x = rnd.nextDouble() * Math.max(1, im.width() - w);
        double y = rnd.nextDouble() * Math.max(1, im.height() - h);
        double[] kp = new double[51];
        for (int j = 0; j < 17; j++) {
            kp[3 * j] = round2(x + POSE[j][0] * w + rnd.nextGaussian() * 0.1 * w);
            kp[3 * j + 1] = round2(y + POSE[j][1] * h + rnd.nextGaussian() * 0.1 * h);
            kp[3 * j + 2] = round4(rnd.nextDouble());
        }
        double u = rnd.nextDouble();
        return new KeypointResult(im.id(), 1, kp, round4(0.45 * u * u)); // mostly low scores, as detector tails
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** Writes {@code gt.json} and {@code res.json} into {@code dir} (to run pycocotools on the same case). */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("gt.json")), 1 << 16)) {
                writeGroundTruth(out);
            }
            KeypointResultsWriter.write(dir.resolve("res.json"), results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the case to " + dir, e);
        }
    }

    /** The ground truth as a COCO annotation file. */
    public void writeGroundTruth(OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeArrayFieldStart("images");
            for (CocoImage im : groundTruth.images()) {
                g.writeStartObject();
                g.writeNumberField("id", im.id());
                g.writeStringField("file_name", im.fileName());
                g.writeNumberField("width", im.width());
                g.writeNumberField("height", im.height());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("annotations");
            for (CocoAnnotation a : groundTruth.annotations()) {
                g.writeStartObject();
                g.writeNumberField("id", a.id());
                g.writeNumberField("image_id", a.imageId());
                g.writeNumberField("category_id", a.categoryId());
                g.writeNumberField("iscrowd", a.iscrowd());
                g.writeFieldName("keypoints");
                g.writeStartArray();
                for (double v : a.keypoints()) {
                    g.writeNumber((long) v); // COCO ground truth keypoints are integers
                }
                g.writeEndArray();
                g.writeNumberField("num_keypoints", a.numKeypoints());
                g.writeFieldName("bbox");
                g.writeArray(a.bbox(), 0, 4);
                g.writeNumberField("area", a.area());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("categories");
            for (CocoCategory c : groundTruth.categories()) {
                g.writeStartObject();
                g.writeNumberField("id", c.id());
                g.writeStringField("name", c.name());
                g.writeStringField("supercategory", c.supercategory());
                g.writeArrayFieldStart("keypoints");
                for (String k : c.keypoints()) {
                    g.writeString(k);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
