package io.robustpose.core.train.data;

import io.robustpose.core.benchmark.AnnotatedImageFiles;
import io.robustpose.core.dataset.CocoAnnotation;
import io.robustpose.core.dataset.CocoCategory;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.MpiiAnnotation;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.inference.Skeleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The persons a network trains on, selected as HRNet's COCO / MPII datasets do, plus what the
 * augmentation needs to know about the keypoint layout (flip pairs, upper-body joints).
 */
public final class TrainingData {

    /** HRNet coco.py upper_body_ids: nose, eyes, ears, shoulders, elbows, wrists. */
    private static final int[] COCO_UPPER_BODY = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    /** HRNet mpii.py upper_body_ids: pelvis excluded; thorax, neck, head top and the arms. */
    private static final int[] MPII_UPPER_BODY = {7, 8, 9, 10, 11, 12, 13, 14, 15};

    private final DatasetFormat format;
    private final Skeleton skeleton;
    private final List<PersonRecord> records;
    private final int[] upperBody;

    public TrainingData(DatasetFormat format, Skeleton skeleton, List<PersonRecord> records, int[] upperBodyJoints) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no training persons (no non-crowd person annotation with labelled keypoints)");
        }
        for (PersonRecord r : records) {
            if (r.jointCount() != skeleton.size() || r.joints().length != 2 * skeleton.size()) {
                throw new IllegalArgumentException(r.image() + ": " + r.jointCount() + " joints, the "
                        + skeleton.name() + " layout has " + skeleton.size());
            }
        }
        this.format = format;
        this.skeleton = skeleton;
        this.records = List.copyOf(records);
        this.upperBody = upperBodyJoints.clone();
    }

    public DatasetFormat format() {
        return format;
    }

    public Skeleton skeleton() {
        return skeleton;
    }

    public int joints() {
        return skeleton.size();
    }

    public List<PersonRecord> records() {
        return records;
    }

    public int size() {
        return records.size();
    }

    public int[] upperBodyJoints() {
        return upperBody.clone();
    }

    boolean isUpperBody(int joint) {
        for (int j : upperBody) {
            if (j == joint) {
                return true;
            }
        }
        return false;
    }

    /**
     * The persons twice: as they are, and from a stylized copy of the dataset (the authors'
     * {@code --stylize_image}: a ConcatDataset of the dataset and the same annotations over
     * Stylized-COCO images). Each stylized image must exist under {@code stylizedDir} at the path its
     * original has under {@code imageDir}.
     */
    public TrainingData withStylized(Path imageDir, Path stylizedDir) {
        List<PersonRecord> all = new ArrayList<>(records);
        List<String> missing = new ArrayList<>();
        for (PersonRecord r : records) {
            Path relative = imageDir.relativize(r.image());
            if (relative.startsWith("..")) {
                throw new IllegalArgumentException(r.image() + " is not under " + imageDir);
            }
            Path styled = stylizedDir.resolve(relative);
            if (!java.nio.file.Files.isRegularFile(styled) && missing.size() < 5) {
                missing.add(relative.toString());
            }
            all.add(new PersonRecord(styled, r.box(), r.centerX(), r.centerY(), r.scale(), r.joints(), r.visibility(),
                    true));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("stylized images missing under " + stylizedDir + ": "
                    + String.join(", ", missing));
        }
        return new TrainingData(format, skeleton, all, upperBody);
    }

    /** The first {@code n} persons (smoke runs, tests). */
    public TrainingData limit(int n) {
        return new TrainingData(format, skeleton, records.subList(0, Math.min(n, records.size())), upperBody);
    }

    /**
     * COCO / OCHuman persons as HRNet's coco.py {@code _load_coco_keypoint_annotation_kernal} keeps
     * them: non-crowd person annotations with positive area, a box that is non-empty after clipping
     * to the image ({@code x2 = min(width−1, x1 + max(0, w−1))}), and at least one non-zero keypoint
     * value; visibility min(v, 1).
     */
    public static TrainingData coco(CocoDataset dataset, Path imageDir) {
        int personCategory = dataset.categories().stream().filter(c -> "person".equals(c.name()))
                .mapToInt(CocoCategory::id).findFirst().orElse(1);
        List<PersonRecord> out = new ArrayList<>();
        int joints = -1;
        for (CocoAnnotation a : dataset.annotations()) {
            if (a.categoryId() != personCategory || a.isCrowd() || !a.hasKeypoints() || a.bbox() == null
                    || a.bbox().length < 4) {
                continue;
            }
            CocoImage image = dataset.image(a.imageId()).orElse(null);
            if (image == null) {
                continue;
            }
            double[] kp = a.keypoints();
            double max = 0;
            for (double v : kp) {
                max = Math.max(max, v);
            }
            if (max == 0) {
                continue;
            }
            double[] b = a.bbox();
            double width = image.width() > 0 ? image.width() : Double.POSITIVE_INFINITY;
            double height = image.height() > 0 ? image.height() : Double.POSITIVE_INFINITY;
            double x1 = Math.max(0, b[0]);
            double y1 = Math.max(0, b[1]);
            double x2 = Math.min(width - 1, x1 + Math.max(0, b[2] - 1));
            double y2 = Math.min(height - 1, y1 + Math.max(0, b[3] - 1));
            double area = a.hasArea() ? a.area() : b[2] * b[3];
            if (!(area > 0) || x2 < x1 || y2 < y1) {
                continue;
            }
            int j = kp.length / 3;
            if (joints < 0) {
                joints = j;
            }
            float[] xy = new float[2 * j];
            float[] vis = new float[j];
            for (int k = 0; k < j; k++) {
                xy[2 * k] = (float) kp[3 * k];
                xy[2 * k + 1] = (float) kp[3 * k + 1];
                vis[k] = (float) Math.min(1, kp[3 * k + 2]);
            }
            out.add(new PersonRecord(AnnotatedImageFiles.resolve(imageDir, image.fileName()),
                    new double[] {x1, y1, x2 - x1, y2 - y1},
                    0, 0, 0, xy, vis));
        }
        Skeleton skeleton = Skeleton.forJoints(joints < 0 ? 17 : joints);
        return new TrainingData(dataset.format(), skeleton, out, COCO_UPPER_BODY);
    }

    /**
     * MPII persons as HRNet's mpii.py reads them: center moved down by 15·scale, scale ×1.25, both
     * and the joints converted from 1-based MATLAB to 0-based pixels; persons without joints skipped.
     */
    public static TrainingData mpii(MpiiDataset dataset, Path imageDir) {
        List<PersonRecord> out = new ArrayList<>();
        for (MpiiAnnotation a : dataset.annotations()) {
            if (!a.hasJoints()) {
                continue;
            }
            double cx = a.center()[0];
            double cy = a.center()[1];
            double s = a.scale();
            if (cx != -1) {
                cy = cy + 15 * s;
                s = s * 1.25;
            }
            int j = a.joints().length;
            float[] xy = new float[2 * j];
            float[] vis = new float[j];
            for (int k = 0; k < j; k++) {
                xy[2 * k] = (float) (a.joints()[k][0] - 1);
                xy[2 * k + 1] = (float) (a.joints()[k][1] - 1);
                vis[k] = (float) a.jointsVisible()[k];
            }
            out.add(new PersonRecord(AnnotatedImageFiles.resolve(imageDir, a.image()), null, cx - 1, cy - 1, s, xy,
                    vis));
        }
        return new TrainingData(DatasetFormat.MPII, Skeleton.MPII, out, MPII_UPPER_BODY);
    }
}
