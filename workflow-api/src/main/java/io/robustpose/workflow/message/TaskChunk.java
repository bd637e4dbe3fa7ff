package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The older status-topic layout (read, no longer written): up to {@link #SIZE} consecutive tasks of an
 * experiment's plan under key {@link StatusKeys#chunk}, without their parameters. Replaced by one record
 * per task, which made a task's change rewrite ~0.5 KB instead of its chunk's ~5 KB.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskChunk(Integer v, String experimentId, int chunk, Map<String, TaskStatus> tasks) {
    public static final int VERSION = 1;
    /** Tasks per chunk in that layout. */
    public static final int SIZE = 16;

    public TaskChunk {
        v = Require.version(v, VERSION);
        Require.present(experimentId, "experimentId");
        tasks = tasks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }
}
