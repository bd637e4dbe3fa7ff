package io.robustpose.core.train;

import io.robustpose.core.Identified;
import java.util.Arrays;
import java.util.Optional;

/** Training methods compared in the paper (AdvMix, its ablations and the mixing baselines). */
public enum TrainingMethod implements Identified {
    STANDARD("standard"),
    ADVMIX("advmix"),
    ADVMIX_IMAGE("advmix-image"),
    ADVMIX_NOKD("advmix-nokd"),
    EQUALMIX("equalmix"),
    DIRICHLETMIX("dirichletmix"),
    SEQUENTIALMIX("sequentialmix"),
    KD_ONLY("kd-only");

    private final String id;

    TrainingMethod(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    public static Optional<TrainingMethod> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equalsIgnoreCase(id.trim())).findFirst();
    }
}
