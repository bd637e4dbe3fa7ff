package io.robustpose.core.dataset;

/**
 * A detected box in the COCO results format ({@code image_id, category_id, bbox [x, y, w, h], score}),
 * used as the person box source of top-down pose estimation.
 *
 * @param index position in the detections file
 */
public record PersonDetection(long imageId, int categoryId, double[] bbox, double score, int index) {
    /** COCO's person category. */
    public static final int PERSON_CATEGORY = 1;

    public boolean isPerson() {
        return categoryId == PERSON_CATEGORY;
    }
}
