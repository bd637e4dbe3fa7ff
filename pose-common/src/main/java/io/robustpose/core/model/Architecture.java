package io.robustpose.core.model;

import io.robustpose.core.Identified;
import java.util.Arrays;
import java.util.Optional;

/** The top-down pose networks of the paper's tables, plus a small SimpleBaseline for CPU demos. */
public enum Architecture implements Identified {
    SIMPLEBASELINE_RESNET18("simplebaseline-resnet18", Family.SIMPLE_BASELINE, 18),
    SIMPLEBASELINE_RESNET50("simplebaseline-resnet50", Family.SIMPLE_BASELINE, 50),
    SIMPLEBASELINE_RESNET101("simplebaseline-resnet101", Family.SIMPLE_BASELINE, 101),
    SIMPLEBASELINE_RESNET152("simplebaseline-resnet152", Family.SIMPLE_BASELINE, 152),
    HRNET_W32("hrnet-w32", Family.HRNET, 32),
    HRNET_W48("hrnet-w48", Family.HRNET, 48);

    /** The two network families of leoxiaobin/deep-high-resolution-net.pytorch. */
    public enum Family {
        /** lib/models/pose_resnet.py: ResNet backbone + 3 deconvolutions + 1×1 head. */
        SIMPLE_BASELINE,
        /** lib/models/pose_hrnet.py: HRNet-W{32,48}, head on the highest-resolution branch. */
        HRNET
    }

    private final String id;
    private final Family family;
    private final int size;

    Architecture(String id, Family family, int size) {
        this.id = id;
        this.family = family;
        this.size = size;
    }

    @Override
    public String id() {
        return id;
    }

    public Family family() {
        return family;
    }

    /** ResNet depth (18/50/101/152) of a SimpleBaseline. */
    public int resnetDepth() {
        if (family != Family.SIMPLE_BASELINE) {
            throw new IllegalStateException(id + " has no ResNet backbone");
        }
        return size;
    }

    /** Width (channels of the highest-resolution branch, 32 or 48) of an HRNet. */
    public int hrnetWidth() {
        if (family != Family.HRNET) {
            throw new IllegalStateException(id + " is not an HRNet");
        }
        return size;
    }

    public static Optional<Architecture> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equalsIgnoreCase(id.trim())).findFirst();
    }
}
