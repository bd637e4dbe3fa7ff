package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a worker reports about a task, keyed by experiment id on the task-events topic. A failure is
 * {@code permanent} when running the task again cannot help (bad data, bad parameters, a task that
 * crashed its worker every time): the orchestrator then fails it at once instead of retrying.
 */
public record TaskEvent(Integer v, String eventId, Kind kind, String taskId, String experimentId, TaskType type,
                        Integer attempt, String worker, Instant at, Double progress, String message,
                        Map<String, Double> metrics, Map<String, String> results, String error,
                        Boolean permanent) {
    public static final int VERSION = 1;

    public enum Kind {
        ACCEPTED, STARTED, PROGRESS, HEARTBEAT, COMPLETED, FAILED;

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
            throw new InvalidMessageException("kind", "unknown event kind '" + s
                    + "' (allowed: accepted, started, progress, heartbeat, completed, failed)");
        }
    }

    public TaskEvent {
        v = Require.version(v, VERSION);
        eventId = eventId == null ? UUID.randomUUID().toString() : eventId;
        Require.present(kind, "kind");
        Require.present(taskId, "taskId");
        Require.present(experimentId, "experimentId");
        Require.present(type, "type");
        attempt = Math.max(1, Require.nonNegative(attempt, "attempt"));
        at = at == null ? Instant.now() : at;
        if (progress != null && (progress.isNaN() || progress < 0 || progress > 1)) {
            throw new InvalidMessageException("progress", "must be within [0, 1] (got " + progress + ")");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        results = results == null ? Map.of() : Map.copyOf(results);
        if (kind == Kind.FAILED && (error == null || error.isBlank())) {
            throw new InvalidMessageException("error", "a failed event must carry the reason");
        }
    }

    public static TaskEvent of(Kind kind, Task task, String worker) {
        return new TaskEvent(VERSION, null, kind, task.taskId(), task.experimentId(), task.type(), task.attempt(),
                worker, null, null, null, null, null, null, null);
    }

    /** A failure another attempt may not repeat (the orchestrator retries within its budget). */
    public static TaskEvent failed(Task task, String worker, String reason) {
        return failed(task, worker, reason, false);
    }

    public static TaskEvent failed(Task task, String worker, String reason, boolean permanent) {
        return new TaskEvent(VERSION, null, Kind.FAILED, task.taskId(), task.experimentId(), task.type(),
                task.attempt(), worker, null, null, null, null, null, reason, permanent ? Boolean.TRUE : null);
    }

    public boolean permanentFailure() {
        return kind == Kind.FAILED && Boolean.TRUE.equals(permanent);
    }

    public TaskEvent withProgress(double fraction, String msg, Map<String, Double> m) {
        return new TaskEvent(v, eventId, kind, taskId, experimentId, type, attempt, worker, at,
                Math.max(0, Math.min(1, fraction)), msg, m, results, error, permanent);
    }

    public TaskEvent withResults(Map<String, String> r, Map<String, Double> m) {
        return new TaskEvent(v, eventId, kind, taskId, experimentId, type, attempt, worker, at, 1.0, message, m, r, error,
                permanent);
    }

}
