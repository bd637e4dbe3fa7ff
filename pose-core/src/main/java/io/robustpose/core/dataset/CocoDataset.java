package io.robustpose.core.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A COCO-format keypoint dataset (COCO person keypoints, OCHuman) as read from its annotation
 * file: images, categories and annotations in file order, indexed by image.
 */
public final class CocoDataset {
    private final DatasetFormat format;
    private final List<CocoImage> images;
    private final List<CocoCategory> categories;
    private final List<CocoAnnotation> annotations;
    private final ReadSummary summary;
    private final Map<Long, CocoImage> imageById;
    private final Map<Long, List<CocoAnnotation>> annotationsByImage;

    public CocoDataset(DatasetFormat format, List<CocoImage> images, List<CocoCategory> categories,
                       List<CocoAnnotation> annotations, ReadSummary summary) {
        this.format = format;
        this.images = List.copyOf(images);
        this.categories = List.copyOf(categories);
        this.annotations = List.copyOf(annotations);
        this.summary = summary;
        Map<Long, CocoImage> byId = new LinkedHashMap<>();
        for (CocoImage im : this.images) {
            byId.put(im.id(), im); // like pycocotools' index, a repeated id keeps the last entry
        }
        this.imageById = Collections.unmodifiableMap(byId);
        Map<Long, List<CocoAnnotation>> byImage = new HashMap<>();
        for (CocoAnnotation a : this.annotations) {
            byImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
        }
        byImage.replaceAll((k, v) -> List.copyOf(v));
        this.annotationsByImage = Collections.unmodifiableMap(byImage);
    }

    public DatasetFormat format() {
        return format;
    }

    public List<CocoImage> images() {
        return images;
    }

    public List<CocoCategory> categories() {
        return categories;
    }

    public List<CocoAnnotation> annotations() {
        return annotations;
    }

    /** Counts of what was read, left out and filled in. */
    public ReadSummary summary() {
        return summary;
    }

    public Optional<CocoImage> image(long id) {
        return Optional.ofNullable(imageById.get(id));
    }

    public boolean hasImage(long id) {
        return imageById.containsKey(id);
    }

    /** Distinct image ids (a repeated id in the file counts once). */
    public Map<Long, CocoImage> imagesById() {
        return imageById;
    }

    /** The annotations of one image in file order (empty if none). */
    public List<CocoAnnotation> annotationsOf(long imageId) {
        return annotationsByImage.getOrDefault(imageId, List.of());
    }

    public Optional<CocoCategory> category(int id) {
        return categories.stream().filter(c -> c.id() == id).findFirst();
    }
}
