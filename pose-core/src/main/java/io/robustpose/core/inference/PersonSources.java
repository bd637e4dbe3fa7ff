package io.robustpose.core.inference;

import io.robustpose.core.dataset.CocoAnnotation;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.PersonBoxes;
import io.robustpose.core.dataset.PersonDetection;
import io.robustpose.core.dataset.PersonDetections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the person boxes of a top-down evaluation come from: GT annotations or a detections file. */
public final class PersonSources {
    private PersonSources() {
    }

    /**
     * GT boxes as HRNet's COCO loader takes them: person annotations with at least one labelled
     * keypoint, the box clipped to the image ({@code _load_coco_keypoint_annotation_kernal}),
     * score 1. Keyed by image id in image order.
     */
    public static Map<Long, List<PersonInstance>> groundTruth(CocoDataset gt) {
        Map<Long, List<PersonInstance>> out = new LinkedHashMap<>();
        for (CocoImage img : gt.images()) {
            List<PersonInstance> persons = new ArrayList<>();
            for (CocoAnnotation a : gt.annotationsOf(img.id())) {
                if (a.categoryId() != 1 || a.bbox() == null || a.keypoints() == null || max(a.keypoints()) <= 0) {
                    continue;
                }
                double[] b = a.bbox();
                double x1 = Math.max(0, b[0]);
                double y1 = Math.max(0, b[1]);
                double x2 = Math.min(img.width() - 1, x1 + Math.max(0, b[2] - 1));
                double y2 = Math.min(img.height() - 1, y1 + Math.max(0, b[3] - 1));
                if ((a.hasArea() ? a.area() : b[2] * b[3]) > 0 && x2 >= x1 && y2 >= y1) {
                    persons.add(new PersonInstance(img.id(), x1, y1, x2 - x1, y2 - y1, 1.0, a.id()));
                }
            }
            out.put(img.id(), persons);
        }
        return out;
    }

    /** The persons a spec or command names: ground-truth boxes for {@code null} or "gt", else a detections file. */
    public static Map<Long, List<PersonInstance>> of(CocoDataset gt, String boxes) {
        if (PersonBoxes.perCondition(boxes)) {
            throw new IllegalArgumentException("boxes '" + boxes + "' name a file per condition: say which condition");
        }
        return PersonBoxes.groundTruth(boxes) ? groundTruth(gt)
                : detections(gt, io.robustpose.core.dataset.PersonDetections.read(java.nio.file.Path.of(boxes)));
    }

    /** The persons of one condition ({@code clean}/0 for the clean images): a per-condition pattern's file, or as above. */
    public static Map<Long, List<PersonInstance>> of(CocoDataset gt, String boxes, String corruption, int severity) {
        return of(gt, PersonBoxes.forCondition(boxes, corruption, severity));
    }

    /** Person detections (COCO results format), every score kept as the published pipelines do. */
    public static Map<Long, List<PersonInstance>> detections(CocoDataset gt, PersonDetections dets) {
        Map<Long, List<PersonInstance>> out = new LinkedHashMap<>();
        for (CocoImage img : gt.images()) {
            out.put(img.id(), new ArrayList<>());
        }
        for (PersonDetection d : dets.detections()) {
            List<PersonInstance> list = out.get(d.imageId());
            if (list != null && d.isPerson()) {
                double[] b = d.bbox();
                list.add(new PersonInstance(d.imageId(), b[0], b[1], b[2], b[3], d.score(), 0));
            }
        }
        return out;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /**
     * MPII persons as HRNet's MPII loader crops them: the annotated centre and scale (units of
     * 200 px), {@code c[1] += 15·s; s *= 1.25; c -= 1} (lib/dataset/mpii.py), expressed as the square
     * box that {@link BoxTransform#fromBox} turns back into exactly that centre and scale (its
     * 1.25 padding included). Images are numbered in first-appearance order from 1; the
     * annotation id is the person's index in the file plus 1.
     */
    public static Map<Long, List<PersonInstance>> mpii(io.robustpose.core.dataset.MpiiDataset dataset, Map<String, Long> imageIds) {
        Map<Long, List<PersonInstance>> out = new LinkedHashMap<>();
        List<io.robustpose.core.dataset.MpiiAnnotation> anns = dataset.annotations();
        for (int i = 0; i < anns.size(); i++) {
            var a = anns.get(i);
            long image = imageIds.computeIfAbsent(a.image(), k -> (long) imageIds.size() + 1);
            double s = a.scale();
            double cx = a.center()[0];
            double cy = a.center()[1];
            if (cx != -1) {
                cy += 15 * s;
            }
            cx -= 1;
            cy -= 1;
            double side = s * BoxTransform.PIXEL_STD; // × PADDING inside fromBox = HRNet's s × 1.25
            out.computeIfAbsent(image, k -> new ArrayList<>())
                    .add(new PersonInstance(image, cx - side / 2, cy - side / 2, side, side, 1.0, i + 1));
        }
        return out;
    }
}
