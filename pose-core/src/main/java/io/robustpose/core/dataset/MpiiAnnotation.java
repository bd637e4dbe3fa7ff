package io.robustpose.core.dataset;

/**
 * One person of MPII in the HRNet/mmpose JSON layout. Coordinates are as stored: 1-based
 * MATLAB pixels (HRNet subtracts 1 when it trains on them).
 *
 * @param index         position in the file (the order of {@code gt_valid.mat} for the validation split)
 * @param center        person centre {@code [x, y]}
 * @param scale         person scale (box height / 200)
 * @param joints        16 × {@code [x, y]}, or null in files without labels (the test split)
 * @param jointsVisible 16 flags (1 labelled, 0 not), or null with {@code joints}
 */
public record MpiiAnnotation(int index, String image, double[] center, double scale, double[][] joints,
                             double[] jointsVisible) {

    public boolean hasJoints() {
        return joints != null;
    }
}
