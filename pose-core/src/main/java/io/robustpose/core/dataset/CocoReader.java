package io.robustpose.core.dataset;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams a COCO-format keypoint annotation file (COCO person keypoints, OCHuman) into a
 * {@link CocoDataset}. Required per record: {@code id} (images, categories, annotations),
 * {@code image_id} and {@code category_id} (annotations); everything else may be absent and is
 * kept as absent. For {@link DatasetFormat#OCHUMAN} the reader fills in what can be derived
 * (num_keypoints from the visibility flags, iscrowd 0, bbox from the labelled joints, area from
 * the bbox) and counts each fill-in in the summary.
 *
 * <p>Malformed records raise {@link MalformedRecordException} naming the record and the field.
 * Keypoint arrays must hold 3 numbers per joint of their category.
 */
public final class CocoReader {
    private final DatasetFormat format;
    private final boolean keepSegmentation;

    private CocoReader(DatasetFormat format, boolean keepSegmentation) {
        if (format == DatasetFormat.MPII) {
            throw new IllegalArgumentException("MPII is not a COCO-format dataset: use MpiiReader");
        }
        this.format = format;
        this.keepSegmentation = keepSegmentation;
    }

    public static CocoReader coco() {
        return new CocoReader(DatasetFormat.COCO, true);
    }

    public static CocoReader ochuman() {
        return new CocoReader(DatasetFormat.OCHUMAN, true);
    }

    public static CocoReader of(DatasetFormat format) {
        return new CocoReader(format, true);
    }

    /** Does not keep segmentations (saves memory on large files; they are still validated for shape). */
    public CocoReader withoutSegmentation() {
        return new CocoReader(format, false);
    }

    /** Shorthand for {@code CocoReader.coco().read(file)}. */
    public static CocoDataset readCoco(Path file) {
        return coco().read(file);
    }

    public CocoDataset read(Path file) {
        return JsonRecords.parse(file, this::readAll);
    }

    public CocoDataset read(InputStream in, String sourceName) {
        return JsonRecords.parse(in, sourceName, this::readAll);
    }

    private CocoDataset readAll(JsonRecords r) throws IOException {
        ReadSummary.Builder summary = new ReadSummary.Builder(r.source);
        List<CocoImage> images = new ArrayList<>();
        List<CocoCategory> categories = new ArrayList<>();
        List<CocoAnnotation> annotations = new ArrayList<>();
        long licenses = 0;
        if (r.p.nextToken() != JsonToken.START_OBJECT) {
            throw r.fileError("a COCO annotation file is a JSON object with images, annotations and categories");
        }
        for (JsonToken t = r.next(); t != JsonToken.END_OBJECT; t = r.next()) {
            String name = r.p.currentName();
            r.next();
            switch (name) {
                case "images" -> readArray(r, "images", () -> images.add(readImage(r, images.size())));
                case "categories" -> readArray(r, "categories",
                        () -> categories.add(readCategory(r, categories.size(), summary)));
                case "annotations" -> readArray(r, "annotations",
                        () -> annotations.add(readAnnotation(r, annotations.size(), summary)));
                case "licenses" -> {
                    if (r.p.currentToken() == JsonToken.START_ARRAY) {
                        while (r.next() != JsonToken.END_ARRAY) {
                            licenses++;
                            r.skipValue();
                        }
                    } else {
                        r.skipValue();
                    }
                }
                case "info" -> r.skipValue(); // free text, not used
                default -> {
                    summary.ignoreField(name);
                    r.skipValue();
                }
            }
        }
        List<CocoAnnotation> checked = crossCheck(r.source, images, categories, annotations, summary);
        summary.records("images", images.size())
                .records("annotations", checked.size())
                .records("categories", categories.size())
                .records("licenses", licenses);
        return new CocoDataset(format, images, categories, checked, summary.build());
    }

    private interface RecordAction {
        void run() throws IOException;
    }

    private static void readArray(JsonRecords r, String section, RecordAction each) throws IOException {
        if (r.p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        r.expectArray(section);
        while (r.next() != JsonToken.END_ARRAY) {
            each.run();
        }
    }

    private CocoImage readImage(JsonRecords r, int index) throws IOException {
        r.beginRecord("images", index);
        r.expectObject();
        long id = Long.MIN_VALUE;
        String fileName = null;
        int width = 0;
        int height = 0;
        for (JsonToken t = r.next(); t != JsonToken.END_OBJECT; t = r.next()) {
            String f = r.p.currentName();
            r.next();
            switch (f) {
                case "id" -> {
                    id = r.integral("id", Long.MIN_VALUE);
                    r.recordId(Long.toString(id));
                }
                case "file_name" -> fileName = r.string(f);
                case "width" -> width = (int) r.integral(f, 0);
                case "height" -> height = (int) r.integral(f, 0);
                default -> r.skipValue(); // license, coco_url, flickr_url, date_captured: not needed
            }
        }
        if (id == Long.MIN_VALUE && !r.failed()) {
            r.fail("id", "missing");
        }
        r.endRecord();
        return new CocoImage(id, fileName, width, height);
    }

    private CocoCategory readCategory(JsonRecords r, int index, ReadSummary.Builder summary) throws IOException {
        r.beginRecord("categories", index);
        r.expectObject();
        long id = Long.MIN_VALUE;
        String name = null;
        String supercategory = null;
        List<String> keypoints = new ArrayList<>();
        List<int[]> skeleton = new ArrayList<>();
        for (JsonToken t = r.next(); t != JsonToken.END_OBJECT; t = r.next()) {
            String f = r.p.currentName();
            r.next();
            switch (f) {
                case "id" -> {
                    id = r.integral("id", Long.MIN_VALUE);
                    r.recordId(Long.toString(id));
                }
                case "name" -> name = r.string(f);
                case "supercategory" -> supercategory = r.string(f);
                case "keypoints" -> {
                    if (r.p.currentToken() == JsonToken.START_ARRAY) {
                        for (JsonToken e = r.next(); e != JsonToken.END_ARRAY; e = r.next()) {
                            keypoints.add(r.string(f));
                        }
                    } else if (r.p.currentToken() != JsonToken.VALUE_NULL) {
                        r.fail(f, "expected an array of joint names");
                        r.skipValue();
                    }
                }
                case "skeleton" -> {
                    double[][] rows = r.numberRows(f);
                    if (rows != null) {
                        for (double[] limb : rows) {
                            if (limb != null && limb.length == 2) {
                                skeleton.add(new int[]{(int) limb[0], (int) limb[1]});
                            } else if (!r.failed()) {
                                r.fail(f, "each limb must be a pair of joint numbers");
                            }
                        }
                    }
                }
                default -> {
                    summary.ignoreField("categories." + f);
                    r.skipValue();
                }
            }
        }
        if (id == Long.MIN_VALUE && !r.failed()) {
            r.fail("id", "missing");
        }
        r.endRecord();
        return new CocoCategory((int) id, name, supercategory, keypoints, skeleton);
    }

    private CocoAnnotation readAnnotation(JsonRecords r, int index, ReadSummary.Builder summary) throws IOException {
        r.beginRecord("annotations", index);
        r.expectObject();
        long id = Long.MIN_VALUE;
        long imageId = Long.MIN_VALUE;
        long categoryId = Long.MIN_VALUE;
        double[] keypoints = null;
        int numKeypoints = -1;
        double area = Double.NaN;
        double[] bbox = null;
        int iscrowd = -1;
        Segmentation segmentation = null;
        for (JsonToken t = r.next(); t != JsonToken.END_OBJECT; t = r.next()) {
            String f = r.p.currentName();
            r.next();
            switch (f) {
                case "id" -> {
                    id = r.integral("id", Long.MIN_VALUE);
                    r.recordId(Long.toString(id));
                }
                case "image_id" -> imageId = r.integral(f, Long.MIN_VALUE);
                case "category_id" -> categoryId = r.integral(f, Long.MIN_VALUE);
                case "keypoints" -> {
                    keypoints = r.numbers(f);
                    if (keypoints != null) {
                        if (keypoints.length % 3 != 0) {
                            r.fail(f, "expected 3 numbers (x, y, v) per joint, got " + keypoints.length + " numbers");
                        } else if (!allFinite(keypoints)) {
                            r.fail(f, "contains NaN or infinity");
                        }
                    }
                }
                case "num_keypoints" -> {
                    long n = r.integral(f, -1);
                    if (n < 0 && !r.failed()) {
                        r.fail(f, "must not be negative, got " + n);
                    }
                    numKeypoints = (int) n;
                }
                case "area" -> {
                    if (r.p.currentToken() != JsonToken.VALUE_NULL) {
                        area = r.finiteNumber(f);
                    }
                }
                case "bbox" -> {
                    bbox = r.numbers(f);
                    if (bbox != null && bbox.length == 0) {
                        bbox = null;
                    } else if (bbox != null && (bbox.length != 4 || !allFinite(bbox))) {
                        r.fail(f, "expected 4 finite numbers [x, y, width, height], got " + bbox.length + " values");
                    }
                }
                case "iscrowd" -> iscrowd = r.flag(f);
                case "segmentation" -> {
                    Segmentation s = readSegmentation(r);
                    segmentation = keepSegmentation ? s : null;
                }
                default -> {
                    summary.ignoreField("annotations." + f);
                    r.skipValue();
                }
            }
        }
        if (!r.failed()) {
            if (id == Long.MIN_VALUE) {
                r.fail("id", "missing");
            } else if (imageId == Long.MIN_VALUE) {
                r.fail("image_id", "missing");
            } else if (categoryId == Long.MIN_VALUE) {
                r.fail("category_id", "missing");
            }
        }
        r.endRecord();
        if (format == DatasetFormat.OCHUMAN) {
            if (numKeypoints < 0 && keypoints != null) {
                numKeypoints = countLabelled(keypoints);
                summary.derive("num_keypoints (labelled joints)");
            }
            if (iscrowd < 0) {
                iscrowd = 0;
                summary.derive("iscrowd (0)");
            }
            if (bbox == null && keypoints != null && countLabelled(keypoints) > 0) {
                bbox = boxOfLabelled(keypoints);
                summary.derive("bbox (labelled joints' extent)");
            }
            if (Double.isNaN(area) && bbox != null) {
                area = bbox[2] * bbox[3];
                summary.derive("area (bbox width x height)");
            }
        }
        return new CocoAnnotation(id, imageId, (int) categoryId, keypoints, numKeypoints, area, bbox, iscrowd,
                segmentation, index);
    }

    private static Segmentation readSegmentation(JsonRecords r) throws IOException {
        JsonToken t = r.p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.START_ARRAY) {
            List<double[]> polygons = new ArrayList<>();
            double[] flat = new double[16];
            int flatLength = 0;
            for (JsonToken e = r.next(); e != JsonToken.END_ARRAY; e = r.next()) {
                if (e == JsonToken.START_ARRAY) {
                    polygons.add(r.numbers("segmentation"));
                } else if (e == JsonToken.VALUE_NUMBER_INT || e == JsonToken.VALUE_NUMBER_FLOAT) {
                    // a single polygon written flat: collect it
                    if (flatLength == flat.length) {
                        flat = Arrays.copyOf(flat, flatLength * 2);
                    }
                    flat[flatLength++] = r.p.getDoubleValue();
                } else {
                    r.fail("segmentation", "expected polygons (arrays of numbers), got " + JsonRecords.describe(e));
                    r.skipValue();
                }
            }
            if (flatLength > 0) {
                polygons.add(Arrays.copyOf(flat, flatLength));
            }
            return new Segmentation.Polygons(polygons);
        }
        if (t == JsonToken.START_OBJECT) {
            String compressed = null;
            long[] counts = null;
            double[] size = null;
            for (JsonToken e = r.next(); e != JsonToken.END_OBJECT; e = r.next()) {
                String f = r.p.currentName();
                r.next();
                if (f.equals("counts")) {
                    if (r.p.currentToken() == JsonToken.VALUE_STRING) {
                        compressed = r.p.getText();
                    } else {
                        double[] c = r.numbers("segmentation.counts");
                        if (c != null) {
                            counts = new long[c.length];
                            for (int i = 0; i < c.length; i++) {
                                counts[i] = (long) c[i];
                            }
                        }
                    }
                } else if (f.equals("size")) {
                    size = r.numbers("segmentation.size");
                } else {
                    r.skipValue();
                }
            }
            if (!r.failed() && (size == null || size.length != 2 || (compressed == null && counts == null))) {
                r.fail("segmentation", "an RLE needs 'size' [height, width] and 'counts'");
                return null;
            }
            return r.failed() ? null : new Segmentation.Rle((int) size[0], (int) size[1], compressed, counts);
        }
        r.fail("segmentation", "expected polygons or an RLE object, got " + JsonRecords.describe(t));
        r.skipValue();
        return null;
    }

    /** Checks what needs the whole file: keypoint counts per category, ids, references. */
    private static List<CocoAnnotation> crossCheck(String source, List<CocoImage> images, List<CocoCategory> categories,
                                                   List<CocoAnnotation> annotations, ReadSummary.Builder summary) {
        Map<Integer, CocoCategory> cats = new HashMap<>();
        for (CocoCategory c : categories) {
            if (cats.put(c.id(), c) != null) {
                throw new MalformedRecordException(source, "categories", categories.indexOf(c), Integer.toString(c.id()),
                        "id", "category id used twice");
            }
        }
        Set<Long> imageIds = new HashSet<>();
        long repeatedImages = 0;
        for (CocoImage im : images) {
            if (!imageIds.add(im.id())) {
                repeatedImages++;
            }
        }
        summary.warn("images with an id used before (counted once)", repeatedImages);
        Set<Long> annotationIds = new HashSet<>();
        long unknownImage = 0;
        long unknownCategory = 0;
        long repeatedIds = 0;
        for (CocoAnnotation a : annotations) {
            CocoCategory c = cats.get(a.categoryId());
            if (c == null) {
                unknownCategory++;
            } else if (a.keypoints() != null && c.numKeypoints() > 0 && a.keypoints().length != 3 * c.numKeypoints()) {
                throw new MalformedRecordException(source, "annotations", a.index(), Long.toString(a.id()), "keypoints",
                        "expected " + 3 * c.numKeypoints() + " numbers (3 per joint of category " + c.id()
                                + "), got " + a.keypoints().length);
            }
            if (!imageIds.contains(a.imageId())) {
                unknownImage++;
            }
            if (!annotationIds.add(a.id())) {
                repeatedIds++;
            }
        }
        summary.warn("annotations whose image_id is not among the images (never evaluated)", unknownImage);
        summary.warn("annotations whose category_id is not among the categories", unknownCategory);
        summary.warn("annotations with an id used before", repeatedIds);
        return annotations;
    }

    static int countLabelled(double[] keypoints) {
        int n = 0;
        for (int i = 2; i < keypoints.length; i += 3) {
            if (keypoints[i] > 0) {
                n++;
            }
        }
        return n;
    }

    private static double[] boxOfLabelled(double[] kp) {
        double x0 = Double.POSITIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + 2 < kp.length; i += 3) {
            if (kp[i + 2] > 0) {
                x0 = Math.min(x0, kp[i]);
                x1 = Math.max(x1, kp[i]);
                y0 = Math.min(y0, kp[i + 1]);
                y1 = Math.max(y1, kp[i + 1]);
            }
        }
        return new double[]{x0, y0, x1 - x0, y1 - y0};
    }

    static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }
}
