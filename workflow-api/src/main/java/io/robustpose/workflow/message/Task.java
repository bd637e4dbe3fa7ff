package io.robustpose.workflow.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * One unit of work on a task topic. {@code params} is the task type's payload (paths, corruption,
 * severity, model, ...); {@code inputs} holds the result references of the tasks it depends on.
 * The same task id may be delivered more than once (retries, re-deliveries after a crash):
 * handlers must be idempotent.
 */
public record Task(Integer v, String taskId, String experimentId, TaskType type, Integer attempt,
                   ObjectNode params, Map<String, Map<String, String>> inputs) {
    public static final int VERSION = 1;

    public Task {
        v = Require.version(v, VERSION);
        Require.present(taskId, "taskId");
        Require.present(experimentId, "experimentId");
        Require.present(type, "type");
        attempt = Math.max(1, Require.nonNegative(attempt, "attempt"));
        params = params == null ? JsonNodeFactory.instance.objectNode() : params;
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    public static Task of(String taskId, String experimentId, TaskType type, int attempt, ObjectNode params,
                          Map<String, Map<String, String>> inputs) {
        return new Task(VERSION, taskId, experimentId, type, attempt, params, inputs);
    }

    /** A required text parameter; the error names {@code params.<name>}. */
    public String param(String name) {
        JsonNode n = params.get(name);
        if (n == null || n.isNull() || n.asText().isBlank()) {
            throw new InvalidMessageException("params." + name, "missing");
        }
        return n.asText();
    }

    public String param(String name, String fallback) {
        JsonNode n = params.get(name);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    public int intParam(String name, int fallback) {
        JsonNode n = params.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToInt()) {
            throw new InvalidMessageException("params." + name, "must be an integer (got " + n + ")");
        }
        return n.asInt();
    }

    public Task withAttempt(int newAttempt) {
        return new Task(v, taskId, experimentId, type, newAttempt, params, inputs);
    }
}
