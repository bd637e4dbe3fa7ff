package io.robustpose.core.dataset;

import java.util.List;

/**
 * One entry of a COCO {@code categories} array.
 *
 * @param keypoints joint names (empty for categories without keypoints)
 * @param skeleton  limbs as 1-based joint index pairs, as COCO writes them
 */
public record CocoCategory(int id, String name, String supercategory, List<String> keypoints, List<int[]> skeleton) {
    public CocoCategory {
        keypoints = List.copyOf(keypoints);
        skeleton = List.copyOf(skeleton);
    }

    public int numKeypoints() {
        return keypoints.size();
    }
}
