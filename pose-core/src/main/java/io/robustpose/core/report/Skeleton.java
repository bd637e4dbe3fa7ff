package io.robustpose.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A keypoint layout for drawing: joint names in index order, the side of the body each joint is on (left joints
 * and limbs are drawn in a darker shade, right ones in a lighter shade) and the limbs as joint index pairs.
 *
 * @param name   layout name, e.g. {@code coco-17}
 * @param joints joint names in the dataset's index order
 * @param sides  side of each joint, same length as {@code joints}
 * @param limbs  joint index pairs (0-based) joined by a line
 */
public record Skeleton(String name, List<String> joints, List<Side> sides, List<Limb> limbs) {

    /** Side of the person's body (not of the image). */
    public enum Side { LEFT, RIGHT, CENTER }

    /** A line between two joints (0-based indices). */
    public record Limb(int from, int to) {
    }

    /** COCO person keypoints with the standard COCO skeleton (19 limbs). */
    public static final Skeleton COCO_17 = of("coco-17",
            List.of("nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
                    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
                    "right_knee", "left_ankle", "right_ankle"),
            new int[][]{
                    // head
                    {0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6},
                    // shoulders and arms
                    {5, 6}, {5, 7}, {7, 9}, {6, 8}, {8, 10},
                    // torso
                    {5, 11}, {6, 12}, {11, 12},
                    // legs
                    {11, 13}, {13, 15}, {12, 14}, {14, 16}});

    /** MPII's 16 joints in the dataset's index order (see {@code MpiiJoint}), 15 limbs. */
    public static final Skeleton MPII_16 = of("mpii-16",
            List.of("r_ankle", "r_knee", "r_hip", "l_hip", "l_knee", "l_ankle", "pelvis", "thorax", "upper_neck",
                    "head_top", "r_wrist", "r_elbow", "r_shoulder", "l_shoulder", "l_elbow", "l_wrist"),
            new int[][]{
                    // legs to pelvis
                    {0, 1}, {1, 2}, {2, 6}, {5, 4}, {4, 3}, {3, 6},
                    // spine and head
                    {6, 7}, {7, 8}, {8, 9},
                    // arms to thorax
                    {10, 11}, {11, 12}, {12, 7}, {15, 14}, {14, 13}, {13, 7}});

    public Skeleton {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a skeleton needs a name");
        }
        joints = List.copyOf(joints);
        sides = List.copyOf(sides);
        limbs = List.copyOf(limbs);
        if (joints.isEmpty() || sides.size() != joints.size()) {
            throw new IllegalArgumentException(name + ": " + joints.size() + " joints but " + sides.size() + " sides");
        }
        for (Limb l : limbs) {
            if (l.from() < 0 || l.to() < 0 || l.from() >= joints.size() || l.to() >= joints.size()) {
                throw new IllegalArgumentException(name + ": limb " + l + " outside 0.." + (joints.size() - 1));
            }
        }
    }

    /** A layout whose joint sides are read from the names ({@code left_*}/{@code l_*}, {@code right_*}/{@code r_*}). */
    public static Skeleton of(String name, List<String> joints, int[][] limbPairs) {
        List<Side> sides = joints.stream().map(Skeleton::sideOfName).toList();
        List<Limb> limbs = new ArrayList<>();
        for (int[] p : limbPairs) {
            if (p.length != 2) {
                throw new IllegalArgumentException(name + ": a limb joins exactly two joints");
            }
            limbs.add(new Limb(p[0], p[1]));
        }
        return new Skeleton(name, joints, sides, limbs);
    }

    /** The layout for a joint count: 17 is COCO, 16 is MPII. */
    public static Skeleton forJoints(int joints) {
        return switch (joints) {
            case 17 -> COCO_17;
            case 16 -> MPII_16;
            default -> throw new IllegalArgumentException("no skeleton with " + joints + " joints (17 COCO, 16 MPII)");
        };
    }

    public int size() {
        return joints.size();
    }

    public Side side(int joint) {
        return sides.get(joint);
    }

    /** A limb is on one side when one end is and the other end is not on the opposite side. */
    public Side side(Limb limb) {
        Side a = side(limb.from());
        Side b = side(limb.to());
        if (a == b) {
            return a;
        }
        if (a == Side.CENTER) {
            return b;
        }
        return b == Side.CENTER ? a : Side.CENTER;
    }

    private static Side sideOfName(String joint) {
        String j = joint.toLowerCase(Locale.ROOT);
        if (j.startsWith("left") || j.startsWith("l_")) {
            return Side.LEFT;
        }
        if (j.startsWith("right") || j.startsWith("r_")) {
            return Side.RIGHT;
        }
        return Side.CENTER;
    }
}
