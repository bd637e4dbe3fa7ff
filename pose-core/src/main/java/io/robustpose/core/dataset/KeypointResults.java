package io.robustpose.core.dataset;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A COCO keypoint results file (a JSON array of {@link KeypointResult}) as read, with counts.
 * Every entry needs {@code image_id}, {@code category_id}, a {@code keypoints} array of 3 numbers
 * per joint without NaN, and a finite {@code score}; anything else is an error naming the entry.
 */
public record KeypointResults(List<KeypointResult> results, ReadSummary summary) {

    public KeypointResults {
        results = List.copyOf(results);
    }

    public static KeypointResults read(Path file) {
        return JsonRecords.parse(file, KeypointResults::readAll);
    }

    public static KeypointResults read(InputStream in, String sourceName) {
        return JsonRecords.parse(in, sourceName, KeypointResults::readAll);
    }

    private static KeypointResults readAll(JsonRecords r) throws IOException {
        ReadSummary.Builder summary = new ReadSummary.Builder(r.source);
        List<KeypointResult> out = new ArrayList<>();
        r.p.nextToken();
        if (r.p.currentToken() != JsonToken.START_ARRAY) {
            // pycocotools: "results in not an array of objects"
            throw r.fileError("a results file is a JSON array of objects, got " + JsonRecords.describe(r.p.currentToken()));
        }
        while (r.next() != JsonToken.END_ARRAY) {
            out.add(readOne(r, out.size(), summary));
        }
        summary.records("results", out.size());
        return new KeypointResults(out, summary.build());
    }

    private static KeypointResult readOne(JsonRecords r, int index, ReadSummary.Builder summary) throws IOException {
        r.beginRecord("results", index);
        r.expectObject();
        long imageId = Long.MIN_VALUE;
        long categoryId = Long.MIN_VALUE;
        double[] keypoints = null;
        double score = Double.NaN;
        boolean hasScore = false;
        double[] bbox = null;
        for (JsonToken t = r.next(); t != JsonToken.END_OBJECT; t = r.next()) {
            String f = r.p.currentName();
            r.next();
            switch (f) {
                case "image_id" -> {
                    imageId = r.integral(f, Long.MIN_VALUE);
                    r.recordId("image_id=" + imageId);
                }
                case "category_id" -> categoryId = r.integral(f, Long.MIN_VALUE);
                case "keypoints" -> {
                    keypoints = r.numbers(f);
                    if (keypoints != null && !r.failed()) {
                        if (keypoints.length == 0 || keypoints.length % 3 != 0) {
                            r.fail(f, "expected 3 numbers (x, y, score) per joint, got " + keypoints.length + " numbers");
                        } else if (!CocoReader.allFinite(keypoints)) {
                            r.fail(f, "contains NaN or infinity");
                        }
                    }
                }
                case "score" -> {
                    hasScore = true;
                    score = r.finiteNumber(f);
                }
                case "bbox" -> {
                    bbox = r.numbers(f);
                    if (bbox != null && bbox.length == 0) {
                        bbox = null; // pycocotools treats an empty bbox as none
                    } else if (bbox != null && bbox.length != 4 && !r.failed()) {
                        r.fail(f, "expected [x, y, width, height], got " + bbox.length + " values");
                    }
                }
                default -> {
                    summary.ignoreField(f);
                    r.skipValue();
                }
            }
        }
        if (!r.failed()) {
            if (imageId == Long.MIN_VALUE) {
                r.fail("image_id", "missing");
            } else if (categoryId == Long.MIN_VALUE) {
                r.fail("category_id", "missing");
            } else if (keypoints == null) {
                r.fail("keypoints", "missing");
            } else if (!hasScore) {
                r.fail("score", "missing");
            }
        }
        r.endRecord();
        return new KeypointResult(imageId, (int) categoryId, keypoints, score, bbox, index);
    }
}
