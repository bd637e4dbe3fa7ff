package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.robustpose.workflow.spec.ExperimentSpec;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The full state of one experiment: its canonical spec and every task of its plan. The orchestrator
 * persists it on the compacted experiment-status topic on every change, in the same Kafka
 * transaction as the input offsets it consumed and the tasks it dispatched, so the topic alone is
 * enough to resume after a restart, as the records {@link StatusKeys} names: a header (this record
 * without spec and tasks, {@code taskCount} set), the spec, and one record per task ({@code taskChunks}
 * is set instead in headers of the older layout, whose tasks are in {@link TaskChunk}s).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentStatus(Integer v, String experimentId, String name, State state, ExperimentSpec spec,
                               Instant submittedAt, Instant updatedAt, Map<String, TaskStatus> tasks, String error,
                               long revision, Integer taskChunks, Integer taskCount) {
    public static final int VERSION = 1;

    public enum State {
        RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public boolean terminal() {
            return this != RUNNING;
        }
    }

    public ExperimentStatus {
        v = Require.version(v, VERSION);
        Require.present(experimentId, "experimentId");
        Require.present(state, "state");
        tasks = tasks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    public ExperimentStatus with(State newState, Map<String, TaskStatus> newTasks, String newError, Instant now) {
        return new ExperimentStatus(v, experimentId, name, newState, spec, submittedAt, now, newTasks, newError,
                revision + 1, null, null);
    }

    @JsonIgnore
    public long count(TaskStatus.State s) {
        return tasks.values().stream().filter(t -> t.state() == s).count();
    }
}
