package io.robustpose.core.dataset;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Person boxes from a detector, in the COCO results format (e.g. the common
 * {@code COCO_val2017_detections_AP_H_56_person.json}). All entries are kept in file order;
 * {@link #personsByImage(double)} selects the person boxes the top-down pipeline uses. No score
 * threshold is applied by default, as in the published evaluations (HRNet's image_thre 0.0).
 */
public final class PersonDetections {
    private final List<PersonDetection> detections;
    private final ReadSummary summary;

    public PersonDetections(List<PersonDetection> detections, ReadSummary summary) {
        this.detections = List.copyOf(detections);
        this.summary = summary;
    }

    public List<PersonDetection> detections() {
        return detections;
    }

    public ReadSummary summary() {
        return summary;
    }

    /**
     * Person boxes ({@code category_id} 1) with score ≥ {@code minScore} per image, in file order.
     * The counts of boxes left out by category or by score are available from {@link #countExcluded}.
     */
    public Map<Long, List<PersonDetection>> personsByImage(double minScore) {
        Map<Long, List<PersonDetection>> byImage = new LinkedHashMap<>();
        for (PersonDetection d : detections) {
            if (d.isPerson() && d.score() >= minScore) {
                byImage.computeIfAbsent(d.imageId(), k -> new ArrayList<>()).add(d);
            }
        }
        byImage.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(byImage);
    }

    /** How many entries {@link #personsByImage(double)} leaves out, per reason. */
    public Map<String, Long> countExcluded(double minScore) {
        long other = 0;
        long low = 0;
        for (PersonDetection d : detections) {
            if (!d.isPerson()) {
                other++;
            } else if (d.score() < minScore) {
                low++;
            }
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("not a person (category_id != 1)", other);
        m.put("score below " + minScore, low);
        return m;
    }

    public static PersonDetections read(Path file) {
        return JsonRecords.parse(file, PersonDetections::readAll);
    }

    public static PersonDetections read(InputStream in, String sourceName) {
        return JsonRecords.parse(in, sourceName, PersonDetections::readAll);
    }

    private static PersonDetections readAll(JsonRecords r) throws IOException {
        ReadSummary.Builder summary = new ReadSummary.Builder(r.source);
        List<PersonDetection> out = new ArrayList<>();
        r.p.nextToken();
        if (r.p.currentToken() != JsonToken.START_ARRAY) {
            throw r.fileError("a detections file is a JSON array of objects, got "
                    + JsonRecords.describe(r.p.currentToken()));
        }
        long persons = 0;
        while (r.next() != JsonToken.END_ARRAY) {
            PersonDetection d = readOne(r, out.size(), summary);
            if (d.isPerson()) {
                persons++;
            }
            out.add(d);
        }
        summary.records("detections", out.size()).records("person detections", persons);
        return new PersonDetections(out, summary.build());
    }

    private static PersonDetection readOne(JsonRecords r, int index, ReadSummary.Builder summary) throws IOException {
        r.beginRecord("detections", index);
        r.expectObject();
        long imageId = Long.MIN_VALUE;
        long categoryId = Long.MIN_VALUE;
        double[] bbox = null;
        double score = Double.NaN;
        boolean hasScore = false;
        for (JsonToken t = r.next(); t != JsonToken.END_OBJECT; t = r.next()) {
            String f = r.p.currentName();
            r.next();
            switch (f) {
                case "image_id" -> {
                    imageId = r.integral(f, Long.MIN_VALUE);
                    r.recordId("image_id=" + imageId);
                }
                case "category_id" -> categoryId = r.integral(f, Long.MIN_VALUE);
                case "bbox" -> {
                    bbox = r.numbers(f);
                    if (bbox != null && !r.failed()) {
                        if (bbox.length != 4 || !CocoReader.allFinite(bbox)) {
                            r.fail(f, "expected 4 finite numbers [x, y, width, height], got " + bbox.length + " values");
                        } else if (bbox[2] < 0 || bbox[3] < 0) {
                            r.fail(f, "negative width or height");
                        }
                    }
                }
                case "score" -> {
                    hasScore = true;
                    score = r.finiteNumber(f);
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
            } else if (bbox == null) {
                r.fail("bbox", "missing");
            } else if (!hasScore) {
                r.fail("score", "missing");
            }
        }
        r.endRecord();
        return new PersonDetection(imageId, (int) categoryId, bbox, score, index);
    }
}
