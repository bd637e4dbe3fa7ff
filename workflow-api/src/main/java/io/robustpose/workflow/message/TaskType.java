package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of work the orchestrator hands out; each has its own topic and worker consumer group. */
public enum TaskType {
    CORRUPT, TRAIN, EVAL, AGGREGATE, REPORT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskType parse(String s) {
        for (TaskType t : values()) {
            if (t.wireName().equalsIgnoreCase(s)) {
                return t;
            }
        }
        throw new InvalidMessageException("type", "unknown task type '" + s + "' (allowed: "
                + Arrays.stream(values()).map(TaskType::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
