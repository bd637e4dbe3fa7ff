package io.robustpose.core.eval.coco;

/**
 * The object keypoint similarities of one image and category, as pycocotools' {@code computeOks}
 * returns them: rows are detections by descending score (at most maxDets), numbered as loadRes
 * numbers results (position in the results list + 1); columns are the ground truth annotations
 * in file order.
 */
public record OksMatrix(long imageId, int categoryId, long[] dtIds, long[] gtIds, double[][] values) {

    public double get(int dt, int gt) {
        return values[dt][gt];
    }

    public int rows() {
        return dtIds.length;
    }

    public int columns() {
        return gtIds.length;
    }
}
