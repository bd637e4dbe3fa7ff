package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.robustpose.workflow.spec.ExperimentSpec;

import java.time.Instant;
import java.util.Locale;

/**
 * A command on the experiments topic, keyed by experiment id: submit a spec, cancel, or delete a
 * finished experiment ({@code artifacts}: its files too).
 */
public record ExperimentCommand(Integer v, Kind kind, String experimentId, ExperimentSpec spec, String reason,
                                Instant at, Boolean artifacts) {
    public static final int VERSION = 1;

    public enum Kind {
        SUBMIT, CANCEL, DELETE;

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
            throw new InvalidMessageException("kind", "unknown command '" + s + "' (allowed: submit, cancel, delete)");
        }
    }

    private static final java.util.regex.Pattern EXPERIMENT_ID = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public ExperimentCommand {
        v = Require.version(v, VERSION);
        Require.present(kind, "kind");
        Require.present(experimentId, "experimentId");
        if (!EXPERIMENT_ID.matcher(experimentId).matches()) {
            // ids become status-topic keys ('#' separates their parts) and directory names
            throw new InvalidMessageException("experimentId", "must match " + EXPERIMENT_ID.pattern());
        }
        if (kind == Kind.SUBMIT) {
            Require.present(spec, "spec");
        }
        at = at == null ? Instant.now() : at;
    }

    public static ExperimentCommand submit(String experimentId, ExperimentSpec spec) {
        return new ExperimentCommand(VERSION, Kind.SUBMIT, experimentId, spec, null, null, null);
    }

    public static ExperimentCommand cancel(String experimentId, String reason) {
        return new ExperimentCommand(VERSION, Kind.CANCEL, experimentId, null, reason, null, null);
    }

    /** Forget a finished experiment (status tombstones); {@code artifacts}: delete its runs and report too. */
    public static ExperimentCommand delete(String experimentId, String reason, boolean artifacts) {
        return new ExperimentCommand(VERSION, Kind.DELETE, experimentId, null, reason, null, artifacts);
    }
}
