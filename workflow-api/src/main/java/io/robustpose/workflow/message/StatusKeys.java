package io.robustpose.workflow.message;

/**
 * The keys of an experiment's records on the compacted status topic: the header ({@code <id>}: the
 * status without spec and tasks, with the task count), the spec ({@code <id>#spec}, written once),
 * one record per task ({@code <id>#task-<taskId>}) and, in topics written before per-task records,
 * chunks of tasks ({@code <id>#tasks-<n>}, {@link TaskChunk}; still read, rewritten on first change).
 */
public final class StatusKeys {
    public enum Kind { HEADER, SPEC, TASK, CHUNK }

    private static final String SPEC = "#spec";
    private static final String TASK = "#task-";
    private static final String CHUNK = "#tasks-";

    private StatusKeys() {
    }

    /** A parsed key: the experiment, the kind of record and, for tasks and chunks, which one. */
    public record Key(String experimentId, Kind kind, String part) {
    }

    public static String header(String experimentId) {
        return experimentId;
    }

    public static String spec(String experimentId) {
        return experimentId + SPEC;
    }

    public static String task(String experimentId, String taskId) {
        return experimentId + TASK + taskId;
    }

    public static String chunk(String experimentId, int chunk) {
        return experimentId + CHUNK + chunk;
    }

    /** Experiment ids never contain '#' (they are spec names, validated, plus a timestamp and hex). */
    public static Key parse(String key) {
        int hash = key.indexOf('#');
        if (hash < 0) {
            return new Key(key, Kind.HEADER, null);
        }
        String id = key.substring(0, hash);
        String rest = key.substring(hash);
        if (rest.equals(SPEC)) {
            return new Key(id, Kind.SPEC, null);
        }
        if (rest.startsWith(CHUNK)) {
            return new Key(id, Kind.CHUNK, rest.substring(CHUNK.length()));
        }
        if (rest.startsWith(TASK)) {
            return new Key(id, Kind.TASK, rest.substring(TASK.length()));
        }
        throw new InvalidMessageException("key", "unknown status-topic key " + key);
    }
}
