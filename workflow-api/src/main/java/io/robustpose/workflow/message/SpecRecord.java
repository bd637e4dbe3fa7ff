package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.robustpose.workflow.spec.ExperimentSpec;

/** An experiment's canonical spec on the status topic (key {@link StatusKeys#spec}), written once at submission. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpecRecord(Integer v, String experimentId, ExperimentSpec spec) {
    public static final int VERSION = 1;

    public SpecRecord {
        v = Require.version(v, VERSION);
        Require.present(experimentId, "experimentId");
        Require.present(spec, "spec");
    }
}
