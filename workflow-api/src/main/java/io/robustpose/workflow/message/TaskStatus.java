package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One task of an experiment's plan as the orchestrator last recorded it; {@code lastEventAt} is when
 * its worker last said anything (start, progress, heartbeat), for detecting a task whose worker went
 * silent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskStatus(String taskId, TaskType type, List<String> dependsOn, ObjectNode params, State state,
                         int attempt, String worker, Double progress, String message, Map<String, Double> metrics,
                         Map<String, String> results, String error, Instant dispatchedAt, Instant startedAt,
                         Instant completedAt, Instant retryAt, int completions, Instant lastEventAt) {

    public enum State {
        /** Waiting for its dependencies. */
        WAITING,
        /** On its task topic, not yet picked up. */
        DISPATCHED,
        /** A worker reported it started. */
        RUNNING,
        /** Failed; a new attempt is dispatched at {@code retryAt}. */
        RETRY_WAIT,
        SUCCEEDED,
        FAILED,
        CANCELLED;

        public boolean terminal() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    public TaskStatus {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        results = results == null ? Map.of() : Map.copyOf(results);
    }

    public static TaskStatus planned(String taskId, TaskType type, List<String> dependsOn, ObjectNode params) {
        return new TaskStatus(taskId, type, dependsOn, params, State.WAITING, 0, null, null, null, null, null, null,
                null, null, null, null, 0, null);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with-changes for the orchestrator's state transitions. */
    public static final class Builder {
        private String taskId;
        private TaskType type;
        private List<String> dependsOn;
        private ObjectNode params;
        private State state;
        private int attempt;
        private String worker;
        private Double progress;
        private String message;
        private Map<String, Double> metrics;
        private Map<String, String> results;
        private String error;
        private Instant dispatchedAt;
        private Instant startedAt;
        private Instant completedAt;
        private Instant retryAt;
        private int completions;
        private Instant lastEventAt;

        private Builder(TaskStatus s) {
            taskId = s.taskId;
            type = s.type;
            dependsOn = s.dependsOn;
            params = s.params;
            state = s.state;
            attempt = s.attempt;
            worker = s.worker;
            progress = s.progress;
            message = s.message;
            metrics = s.metrics;
            results = s.results;
            error = s.error;
            dispatchedAt = s.dispatchedAt;
            startedAt = s.startedAt;
            completedAt = s.completedAt;
            retryAt = s.retryAt;
            completions = s.completions;
            lastEventAt = s.lastEventAt;
        }

        public Builder state(State v) { state = v; return this; }
        public Builder params(ObjectNode v) { params = v; return this; }
        public Builder attempt(int v) { attempt = v; return this; }
        public Builder worker(String v) { worker = v; return this; }
        public Builder progress(Double v) { progress = v; return this; }
        public Builder message(String v) { message = v; return this; }
        public Builder metrics(Map<String, Double> v) { metrics = v; return this; }
        public Builder results(Map<String, String> v) { results = v; return this; }
        public Builder error(String v) { error = v; return this; }
        public Builder dispatchedAt(Instant v) { dispatchedAt = v; return this; }
        public Builder startedAt(Instant v) { startedAt = v; return this; }
        public Builder completedAt(Instant v) { completedAt = v; return this; }
        public Builder retryAt(Instant v) { retryAt = v; return this; }
        public Builder completions(int v) { completions = v; return this; }
        public Builder lastEventAt(Instant v) { lastEventAt = v; return this; }

        public TaskStatus build() {
            return new TaskStatus(taskId, type, dependsOn, params, state, attempt, worker, progress, message, metrics,
                    results, error, dispatchedAt, startedAt, completedAt, retryAt, completions, lastEventAt);
        }
    }
}
