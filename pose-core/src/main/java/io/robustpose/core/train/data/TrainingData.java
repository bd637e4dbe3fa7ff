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
    /** The whole images of a bottom-up training ({@link #cocoImages}), else empty. */
    private final List<BottomUpImage> images;

    public TrainingData(DatasetFormat format, Skeleton skeleton, List<PersonRecord> records, int[] upperBodyJoints) {
        this(format, skeleton, records, upperBodyJoints, List.of());
    }

    private TrainingData(DatasetFormat format, Skeleton skeleton, List<PersonRecord> records, int[] upperBodyJoints,
            List<BottomUpImage> images) {
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
        this.images = List.copyOf(images);
    }

    /** Whether the samples are whole images (bottom-up) rather than persons (top-down). */
    public boolean bottomUp() {
        return !images.isEmpty();
    }

    /** The whole images of a bottom-up training; empty for a top-down one. */
    public List<BottomUpImage> images() {
        return images;
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

    /** Samples per epoch: persons for top-down, images for bottom-up. */
    public int size() {
        return bottomUp() ? images.size() : records.size();
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
        if (bottomUp()) {
            throw new IllegalArgumentException("stylized copies are for top-down training (the authors' --stylize_image); "
                    + "a bottom-up training takes the images as they are");
        }
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

    /** The first {@code n} samples — persons, or images for bottom-up (smoke runs, tests). */
    public TrainingData limit(int n) {
        if (bottomUp()) {
            return new TrainingData(format, skeleton, records, upperBody, images.subList(0, Math.min(n, images.size())));
        }
        return new TrainingData(format, skeleton, records.subList(0, Math.min(n, records.size())), upperBody);
    }

    /**
     * The training data of a dataset file for a network: persons of COCO / OCHuman / MPII for a top-down one, the
     * whole COCO / OCHuman images (segmentations read for the ignore masks) for a bottom-up one.
     */
    public static TrainingData read(DatasetFormat format, io.robustpose.core.model.Architecture architecture,
            Path annotations, Path images) {
        if (architecture.bottomUp()) {
            if (format == DatasetFormat.MPII) {
                throw new IllegalArgumentException(architecture.id() + " is bottom-up: it trains on COCO-format "
                        + "keypoints (coco, ochuman), not mpii");
            }
            return cocoImages(io.robustpose.core.dataset.CocoReader.of(format).read(annotations), images);
        }
        return format == DatasetFormat.MPII ? mpii(MpiiDataset.read(annotations), images)
                : coco(io.robustpose.core.dataset.CocoReader.of(format).withoutSegmentation().read(annotations), images);
    }

    /** The same data with only the bottom-up images {@code keep} accepts (e.g. crowded images only). */
    public TrainingData filterImages(java.util.function.Predicate<BottomUpImage> keep) {
        List<BottomUpImage> kept = images.stream().filter(keep).toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no training image left after the filter");
        }
        return new TrainingData(format, skeleton, records, upperBody, kept);
    }

    /**
     * The whole images of a COCO / OCHuman keypoint file for a bottom-up network, as HigherHRNet's
     * {@code CocoKeypoints} reads them for training: every image with at least one annotation
     * ({@code remove_images_without_annotations}); its people are the annotations that are not crowds or
     * have keypoints; the loss ignores crowd regions and people annotated without keypoints (their
     * segmentations: read the file with segmentation to have them). The persons of {@link #coco} are kept too.
     */
    public static TrainingData cocoImages(CocoDataset dataset, Path imageDir) {
        TrainingData persons = coco(dataset, imageDir);
        int j = persons.joints();
        List<BottomUpImage> images = new ArrayList<>();
        for (CocoImage image : dataset.images()) {
            List<CocoAnnotation> anns = dataset.annotationsOf(image.id());
            if (anns.isEmpty()) {
                continue;
            }
            if (image.width() <= 0 || image.height() <= 0) {
                throw new IllegalArgumentException("image " + image.id() + " (" + image.fileName() + ") has no width "
                        + "and height: bottom-up training needs them for its ignore mask");
            }
            List<float[]> people = new ArrayList<>();
            List<io.robustpose.core.dataset.Segmentation> ignored = new ArrayList<>();
            for (CocoAnnotation a : anns) {
                int labelled = a.hasNumKeypoints() ? a.numKeypoints() : a.labelledKeypoints();
                if ((a.isCrowd() || labelled == 0) && a.segmentation() != null) {
                    ignored.add(a.segmentation());
                }
                if (!a.isCrowd() || labelled > 0) {
                    float[] kp = new float[3 * j];
                    double[] src = a.keypoints();
                    for (int i = 0; src != null && i < Math.min(src.length, kp.length); i++) {
                        kp[i] = (float) src[i];
                    }
                    people.add(kp);
                }
            }
            images.add(new BottomUpImage(AnnotatedImageFiles.resolve(imageDir, image.fileName()), image.width(),
                    image.height(), people, ignored));
        }
        return new TrainingData(persons.format, persons.skeleton, persons.records, persons.upperBody, images);
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
