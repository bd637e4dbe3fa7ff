package io.robustpose.workflow.message;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Up to {@link #SIZE} consecutive tasks of an experiment's plan as persisted on the status topic
 * (key {@code <experimentId>#tasks-<chunk>}), without their parameters (the plan re-derives them
 * from the spec). The experiment's header record carries everything else and the chunk count, so no
 * record grows with the number of shards and a task's progress rewrites only its own chunk.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskChunk(Integer v, String experimentId, int chunk, Map<String, TaskStatus> tasks) {
    public static final int VERSION = 1;
    /**
     * Tasks per chunk. Every task event rewrites its chunk: 256 made an experiment of 194 fast eval
     * tasks write 168 MB to the status topic and cost the orchestrator 44 ms of CPU per task (measured
     * with {@code bench orchestration}); 16 keeps a rewrite at a few KB.
     */
    public static final int SIZE = 16;

    public TaskChunk {
        v = Require.version(v, VERSION);
        Require.present(experimentId, "experimentId");
        tasks = tasks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    public static String key(String experimentId, int chunk) {
        return experimentId + "#tasks-" + chunk;
    }

    /** The experiment id of a status-topic key and the chunk it names (-1 for the header). */
    public static int chunkOf(String key) {
        int i = key.lastIndexOf("#tasks-");
        return i < 0 ? -1 : Integer.parseInt(key.substring(i + 7));
    }

    public static String experimentOf(String key) {
        int i = key.lastIndexOf("#tasks-");
        return i < 0 ? key : key.substring(0, i);
    }
}
