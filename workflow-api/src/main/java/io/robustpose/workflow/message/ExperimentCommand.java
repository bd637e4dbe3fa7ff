package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.robustpose.workflow.spec.ExperimentSpec;

import java.time.Instant;
import java.util.Locale;

/** A command on the experiments topic, keyed by experiment id. */
public record ExperimentCommand(Integer v, Kind kind, String experimentId, ExperimentSpec spec, String reason,
                                Instant at) {
    public static final int VERSION = 1;

    public enum Kind {
        SUBMIT, CANCEL;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.wireName().equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new InvalidMessageException("kind", "unknown command '" + s + "' (allowed: submit, cancel)");
        }
    }

    public ExperimentCommand {
        v = Require.version(v, VERSION);
        Require.present(kind, "kind");
        Require.present(experimentId, "experimentId");
        if (kind == Kind.SUBMIT) {
            Require.present(spec, "spec");
        }
        at = at == null ? Instant.now() : at;
    }

    public static ExperimentCommand submit(String experimentId, ExperimentSpec spec) {
        return new ExperimentCommand(VERSION, Kind.SUBMIT, experimentId, spec, null, null);
    }

    public static ExperimentCommand cancel(String experimentId, String reason) {
        return new ExperimentCommand(VERSION, Kind.CANCEL, experimentId, null, reason, null);
    }
}
