package io.robustpose.workflow.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustpose.workflow.message.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The image files of a COCO-format annotation file that carry at least one person annotation —
 * the images the official COCO-C generator corrupts — split into contiguous shards.
 */
public final class AnnotatedImages {
    private AnnotatedImages() {
    }

    public static List<String> fileNames(Path annotations) throws IOException {
        JsonNode root = Json.MAPPER.readTree(annotations.toFile());
        JsonNode images = root.path("images");
        JsonNode anns = root.path("annotations");
        if (!images.isArray() || !anns.isArray()) {
            throw new IOException(annotations + ": not a COCO annotation file (needs 'images' and 'annotations' arrays)");
        }
        Set<Long> annotated = new HashSet<>();
        anns.forEach(a -> annotated.add(a.path("image_id").asLong()));
        List<String> out = new ArrayList<>();
        for (JsonNode img : images) {
            if (annotated.contains(img.path("id").asLong())) {
                out.add(img.path("file_name").asText());
            }
        }
        return out;
    }

    /** Images {@code [shard·n/shards, (shard+1)·n/shards)} of the list. */
    public static <T> List<T> shard(List<T> all, int shard, int shards) {
        int from = (int) ((long) all.size() * shard / shards);
        int to = (int) ((long) all.size() * (shard + 1) / shards);
        return all.subList(from, to);
    }
}
