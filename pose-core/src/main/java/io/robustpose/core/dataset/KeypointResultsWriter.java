package io.robustpose.core.dataset;

import io.robustpose.core.AtomicFiles;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes predictions in the COCO results format that pycocotools' {@code loadRes} reads. Files
 * are written to a temporary sibling and moved into place, so a reader never sees half a file
 * and a repeated task overwrites its own output.
 */
public final class KeypointResultsWriter {
    private KeypointResultsWriter() {
    }

    public static void write(Path file, Iterable<KeypointResult> results) {
        try {
            AtomicFiles.write(file, out -> write(out, results));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Streams the array to {@code out} (which stays open). */
    public static void write(OutputStream out, Iterable<KeypointResult> results) throws IOException {
        try (JsonGenerator g = JsonRecords.FACTORY.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartArray();
            for (KeypointResult r : results) {
                if (!Double.isFinite(r.score())) {
                    throw new IllegalArgumentException("result for image " + r.imageId() + " has score " + r.score());
                }
                for (double v : r.keypoints()) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("result for image " + r.imageId() + " has keypoint value " + v);
                    }
                }
                g.writeStartObject();
                g.writeNumberField("image_id", r.imageId());
                g.writeNumberField("category_id", r.categoryId());
                g.writeFieldName("keypoints");
                g.writeArray(r.keypoints(), 0, r.keypoints().length);
                g.writeNumberField("score", r.score());
                if (r.bbox() != null) {
                    g.writeFieldName("bbox");
                    g.writeArray(r.bbox(), 0, r.bbox().length);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }
}
