package io.robustpose.core.dataset;

import java.util.List;

/**
 * The 16 MPII joints in the dataset's index order (HRNet/mmpose JSON, {@code gt_valid.mat}).
 * {@link #id()} is the name used in reports; {@link #matlabName()} the one in
 * {@code dataset_joints} of the official evaluation files.
 */
public enum MpiiJoint {
    R_ANKLE("r_ankle", "rank"),
    R_KNEE("r_knee", "rkne"),
    R_HIP("r_hip", "rhip"),
    L_HIP("l_hip", "lhip"),
    L_KNEE("l_knee", "lkne"),
    L_ANKLE("l_ankle", "lank"),
    PELVIS("pelvis", "pelv"),
    THORAX("thorax", "thor"),
    UPPER_NECK("upper_neck", "neck"),
    HEAD_TOP("head_top", "head"),
    R_WRIST("r_wrist", "rwri"),
    R_ELBOW("r_elbow", "relb"),
    R_SHOULDER("r_shoulder", "rsho"),
    L_SHOULDER("l_shoulder", "lsho"),
    L_ELBOW("l_elbow", "lelb"),
    L_WRIST("l_wrist", "lwri");

    public static final int COUNT = 16;

    private final String id;
    private final String matlabName;

    MpiiJoint(String id, String matlabName) {
        this.id = id;
        this.matlabName = matlabName;
    }

    public String id() {
        return id;
    }

    public String matlabName() {
        return matlabName;
    }

    public static List<MpiiJoint> all() {
        return List.of(values());
    }
}
