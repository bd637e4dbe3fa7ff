package io.robustpose.core.dataset;

/**
 * One entry of a COCO {@code annotations} array. Fields a file may omit are kept as "absent"
 * rather than guessed: {@code keypoints}, {@code bbox} and {@code segmentation} are null,
 * {@code area} is NaN, {@code numKeypoints} and {@code iscrowd} are -1. The evaluator raises a
 * clear error if it needs a field that is absent.
 *
 * @param index        position in the file's {@code annotations} array
 * @param keypoints    {@code [x1, y1, v1, x2, y2, v2, ...]} as written (COCO: 51 numbers)
 * @param bbox         {@code [x, y, width, height]}
 * @param iscrowd      1 for crowd regions, 0 otherwise, -1 when absent
 */
public record CocoAnnotation(long id, long imageId, int categoryId, double[] keypoints, int numKeypoints,
                             double area, double[] bbox, int iscrowd, Segmentation segmentation, int index) {

    public boolean hasKeypoints() {
        return keypoints != null;
    }

    public boolean hasArea() {
        return !Double.isNaN(area);
    }

    public boolean hasNumKeypoints() {
        return numKeypoints >= 0;
    }

    public boolean hasIscrowd() {
        return iscrowd >= 0;
    }

    public boolean isCrowd() {
        return iscrowd == 1;
    }

    /** Number of joints with visibility flag > 0 (what COCO stores in num_keypoints). */
    public int labelledKeypoints() {
        if (keypoints == null) {
            return 0;
        }
        int n = 0;
        for (int i = 2; i < keypoints.length; i += 3) {
            if (keypoints[i] > 0) {
                n++;
            }
        }
        return n;
    }
}
