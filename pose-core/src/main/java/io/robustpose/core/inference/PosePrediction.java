package io.robustpose.core.inference;

import io.robustpose.core.dataset.KeypointResult;

/**
 * One estimated pose in image coordinates: keypoints [K][3] = (x, y, confidence); {@code area} is
 * the padded box area (HRNet's s_w·s_h·200², used by OKS-NMS); {@code score} the rescored
 * confidence (box score × mean confidence of the joints above the visibility threshold).
 */
public record PosePrediction(PersonInstance person, double[][] keypoints, double area, double score) {

    public KeypointResult toResult() {
        double[] flat = new double[keypoints.length * 3];
        for (int k = 0; k < keypoints.length; k++) {
            System.arraycopy(keypoints[k], 0, flat, k * 3, 3);
        }
        return new KeypointResult(person.imageId(), 1, flat, score);
    }
}
