package io.robustpose.core.dataset;

/**
 * One pose prediction in the COCO results format:
 * {@code {"image_id", "category_id", "keypoints": [x, y, score, ...], "score"}}.
 *
 * @param bbox  {@code [x, y, w, h]} if the result carries one, else null. pycocotools' loadRes
 *              then takes the detection's area from this box instead of the keypoints' extent
 * @param index position in the results file (pycocotools numbers results {@code index + 1})
 */
public record KeypointResult(long imageId, int categoryId, double[] keypoints, double score, double[] bbox, int index) {

    public KeypointResult(long imageId, int categoryId, double[] keypoints, double score) {
        this(imageId, categoryId, keypoints, score, null, -1);
    }

    /** A copy numbered as the {@code index}-th entry of a results list. */
    public KeypointResult withIndex(int newIndex) {
        return new KeypointResult(imageId, categoryId, keypoints, score, bbox, newIndex);
    }
}
