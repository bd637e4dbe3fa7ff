package io.robustpose.core.dataset;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MPII annotations in the HRNet/mmpose JSON layout: an array of
 * {@code {"image", "center": [x, y], "scale", "joints": [[x, y] × 16], "joints_vis": [16 flags]}}.
 * {@code joints}/{@code joints_vis} may be absent (test split); other fields are counted and skipped.
 */
public record MpiiDataset(List<MpiiAnnotation> annotations, ReadSummary summary) {

    public MpiiDataset {
        annotations = List.copyOf(annotations);
    }

    public static MpiiDataset read(Path file) {
        return JsonRecords.parse(file, MpiiDataset::readAll);
    }

    public static MpiiDataset read(InputStream in, String sourceName) {
        return JsonRecords.parse(in, sourceName, MpiiDataset::readAll);
    }

    private static MpiiDataset readAll(JsonRecords r) throws IOException {
        ReadSummary.Builder summary = new ReadSummary.Builder(r.source);
        List<MpiiAnnotation> out = new ArrayList<>();
        r.p.nextToken();
        if (r.p.currentToken() != JsonToken.START_ARRAY) {
            throw r.fileError("an MPII annotation file (HRNet/mmpose layout) is a JSON array of objects, got "
                    + JsonRecords.describe(r.p.currentToken()));
        }
        long labelled = 0;
        while (r.next() != JsonToken.END_ARRAY) {
            MpiiAnnotation a = readOne(r, out.size(), summary);
            if (a.hasJoints()) {
                labelled++;
            }
            out.add(a);
        }
        summary.records("persons", out.size()).records("persons with joints", labelled);
        return new MpiiDataset(out, summary.build());
    }

    private static MpiiAnnotation readOne(JsonRecords r, int index, ReadSummary.Builder summary) throws IOException {
        r.beginRecord("persons", index);
        r.expectObject();
        String image = null;
        double[] center = null;
        double scale = Double.NaN;
        double[][] joints = null;
        double[] visible = null;
        for (JsonToken t = r.next(); t != JsonToken.END_OBJECT; t = r.next()) {
            String f = r.p.currentName();
            r.next();
            switch (f) {
                case "image" -> {
                    image = r.string(f);
                    r.recordId(image);
                }
                case "center" -> {
                    center = r.numbers(f);
                    if (center != null && (center.length != 2 || !CocoReader.allFinite(center)) && !r.failed()) {
                        r.fail(f, "expected [x, y], got " + center.length + " values");
                    }
                }
                case "scale" -> scale = r.finiteNumber(f);
                case "joints" -> {
                    joints = r.numberRows(f);
                    if (joints != null && !r.failed()) {
                        if (joints.length != MpiiJoint.COUNT) {
                            r.fail(f, "expected " + MpiiJoint.COUNT + " joints, got " + joints.length);
                        } else {
                            for (int j = 0; j < joints.length; j++) {
                                if (joints[j].length < 2 || !CocoReader.allFinite(joints[j])) {
                                    r.fail(f, "joint " + j + " must be [x, y] with finite numbers");
                                    break;
                                }
                                if (joints[j].length > 2) {
                                    joints[j] = new double[]{joints[j][0], joints[j][1]};
                                }
                            }
                        }
                    }
                }
                case "joints_vis" -> {
                    visible = r.numbers(f);
                    if (visible != null && !r.failed()) {
                        if (visible.length != MpiiJoint.COUNT) {
                            r.fail(f, "expected " + MpiiJoint.COUNT + " flags, got " + visible.length);
                        } else {
                            for (double v : visible) {
                                if (v != 0 && v != 1) {
                                    r.fail(f, "flags must be 0 or 1, got " + v);
                                    break;
                                }
                            }
                        }
                    }
                }
                default -> {
                    summary.ignoreField(f);
                    r.skipValue();
                }
            }
        }
        if (!r.failed()) {
            if (image == null) {
                r.fail("image", "missing");
            } else if (center == null) {
                r.fail("center", "missing");
            } else if (Double.isNaN(scale)) {
                r.fail("scale", "missing");
            } else if ((joints == null) != (visible == null)) {
                r.fail(joints == null ? "joints" : "joints_vis", "missing while "
                        + (joints == null ? "joints_vis" : "joints") + " is present");
            }
        }
        r.endRecord();
        return new MpiiAnnotation(index, image, center, scale, joints, visible);
    }
}
