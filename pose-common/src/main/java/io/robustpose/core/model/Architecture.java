package io.robustpose.core.model;

import io.robustpose.core.Identified;
import java.util.Arrays;
import java.util.Optional;

/**
 * The pose networks of the paper's tables, plus a small SimpleBaseline for CPU demos: top-down
 * (SimpleBaseline, HRNet: heatmaps of one person crop) and bottom-up (HigherHRNet: heatmaps and
 * associative-embedding tags of the whole image).
 */
public enum Architecture implements Identified {
    SIMPLEBASELINE_RESNET18("simplebaseline-resnet18", Family.SIMPLE_BASELINE, 18),
    SIMPLEBASELINE_RESNET50("simplebaseline-resnet50", Family.SIMPLE_BASELINE, 50),
    SIMPLEBASELINE_RESNET101("simplebaseline-resnet101", Family.SIMPLE_BASELINE, 101),
    SIMPLEBASELINE_RESNET152("simplebaseline-resnet152", Family.SIMPLE_BASELINE, 152),
    HRNET_W32("hrnet-w32", Family.HRNET, 32),
    HRNET_W48("hrnet-w48", Family.HRNET, 48),
    HIGHERHRNET_W32("higherhrnet-w32", Family.HIGHER_HRNET, 32),
    HIGHERHRNET_W48("higherhrnet-w48", Family.HIGHER_HRNET, 48);

    /** The network families: two of leoxiaobin/deep-high-resolution-net.pytorch, one of HRNet/HigherHRNet. */
    public enum Family {
        /** lib/models/pose_resnet.py: ResNet backbone + 3 deconvolutions + 1×1 head. */
        SIMPLE_BASELINE,
        /** lib/models/pose_hrnet.py: HRNet-W{32,48}, head on the highest-resolution branch. */
        HRNET,
        /** lib/models/pose_higher_hrnet.py: the HRNet backbone, heatmaps + tags at 1/4, a deconvolution stage to 1/2. */
        HIGHER_HRNET
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

    /** Whether the network sees whole images and groups people itself (HigherHRNet), not person crops. */
    public boolean bottomUp() {
        return family == Family.HIGHER_HRNET;
    }

    /** The top-down networks (person crops → heatmaps). */
    public static Architecture[] topDown() {
        return Arrays.stream(values()).filter(a -> !a.bottomUp()).toArray(Architecture[]::new);
    }

    /** This architecture where only top-down networks can be used (training, top-down evaluation, benchmarks). */
    public Architecture requireTopDown(String where) {
        if (bottomUp()) {
            throw new IllegalArgumentException(where + ": " + id + " is a bottom-up network; only top-down ones ("
                    + String.join(", ", Arrays.stream(topDown()).map(Architecture::id).toList()) + ") can be used here");
        }
        return this;
    }

    /** Width (channels of the highest-resolution branch, 32 or 48) of an HRNet or HigherHRNet backbone. */
    public int hrnetWidth() {
        if (family != Family.HRNET && family != Family.HIGHER_HRNET) {
            throw new IllegalStateException(id + " is not an HRNet");
        }
        return size;
    }

    public static Optional<Architecture> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equalsIgnoreCase(id.trim())).findFirst();
    }
}
