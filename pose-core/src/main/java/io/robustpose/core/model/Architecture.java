package io.robustpose.core.model;

import io.robustpose.core.Identified;
import java.util.Arrays;
import java.util.Optional;

/** The top-down pose networks of the paper's tables, plus a small SimpleBaseline for CPU demos. */
public enum Architecture implements Identified {
    SIMPLEBASELINE_RESNET18("simplebaseline-resnet18"),
    SIMPLEBASELINE_RESNET50("simplebaseline-resnet50"),
    SIMPLEBASELINE_RESNET101("simplebaseline-resnet101"),
    SIMPLEBASELINE_RESNET152("simplebaseline-resnet152"),
    HRNET_W32("hrnet-w32"),
    HRNET_W48("hrnet-w48");

    private final String id;

    Architecture(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    public static Optional<Architecture> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equalsIgnoreCase(id.trim())).findFirst();
    }
}
