package io.robustpose.core.inference;

import java.util.List;
import java.util.Locale;

/**
 * Keypoint layouts: names, left/right pairs swapped by a horizontal flip, and limbs (0-based joint
 * pairs) for drawing; the side of the body of each joint is read from its name.
 */
public record Skeleton(String name, List<String> keypoints, int[][] flipPairs, int[][] limbs) {

    /** COCO person keypoints (17). */
    public static final Skeleton COCO = new Skeleton("coco", List.of("nose", "left_eye", "right_eye", "left_ear",
            "right_ear", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
            "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"),
            new int[][]{{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}, {11, 12}, {13, 14}, {15, 16}},
            new int[][]{{15, 13}, {13, 11}, {16, 14}, {14, 12}, {11, 12}, {5, 11}, {6, 12}, {5, 6}, {5, 7}, {6, 8},
                    {7, 9}, {8, 10}, {1, 2}, {0, 1}, {0, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}});

    /** MPII (16): r-ankle, r-knee, r-hip, l-hip, l-knee, l-ankle, pelvis, thorax, neck, head top, r/l arms. */
    public static final Skeleton MPII = new Skeleton("mpii", List.of("right_ankle", "right_knee", "right_hip",
            "left_hip", "left_knee", "left_ankle", "pelvis", "thorax", "upper_neck", "head_top", "right_wrist",
            "right_elbow", "right_shoulder", "left_shoulder", "left_elbow", "left_wrist"),
            new int[][]{{0, 5}, {1, 4}, {2, 3}, {10, 15}, {11, 14}, {12, 13}},
            new int[][]{{0, 1}, {1, 2}, {2, 6}, {3, 6}, {3, 4}, {4, 5}, {6, 7}, {7, 8}, {8, 9}, {10, 11}, {11, 12},
                    {12, 7}, {13, 7}, {13, 14}, {14, 15}});

    /** Side of the person's body (not of the image). */
    public enum Side { LEFT, RIGHT, CENTER }

    public int size() {
        return keypoints.size();
    }

    public Side side(int joint) {
        String j = keypoints.get(joint).toLowerCase(Locale.ROOT);
        return j.startsWith("left") ? Side.LEFT : j.startsWith("right") ? Side.RIGHT : Side.CENTER;
    }

    /** A limb is on one side when one end is and the other end is not on the opposite side. */
    public Side side(int[] limb) {
        Side a = side(limb[0]);
        Side b = side(limb[1]);
        if (a == b) {
            return a;
        }
        if (a == Side.CENTER) {
            return b;
        }
        return b == Side.CENTER ? a : Side.CENTER;
    }

    /** For each joint, the joint it becomes in a horizontally flipped image. */
    public int[] flipPermutation() {
        int[] p = new int[size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        for (int[] pair : flipPairs) {
            p[pair[0]] = pair[1];
            p[pair[1]] = pair[0];
        }
        return p;
    }

    public static Skeleton forJoints(int joints) {
        return switch (joints) {
            case 17 -> COCO;
            case 16 -> MPII;
            default -> throw new IllegalArgumentException("no keypoint layout with " + joints + " joints (17 COCO, 16 MPII)");
        };
    }
}
