package io.robustpose.core.dataset;

import io.robustpose.core.Identified;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Annotation layouts read by the dataset package. */
public enum DatasetFormat implements Identified {
    /** COCO person keypoints (17 joints). */
    COCO,
    /** MPII in the HRNet/mmpose JSON layout (16 joints). */
    MPII,
    /** OCHuman's COCO-format annotations (17 joints, heavy occlusion). */
    OCHUMAN;

    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DatasetFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equalsIgnoreCase(id.trim())).findFirst();
    }
}
