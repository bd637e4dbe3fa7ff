package io.robustpose.workflow.message;

import java.util.Map;

/**
 * Every topic of the system, with its partition count, defined once; its full name is the
 * installation's prefix and this suffix ({@link TopicNames}). Task topics are keyed by task
 * id so work spreads over partitions (and so over the workers of a pool); events and status are
 * keyed by experiment id so each experiment's history stays in order.
 */
public enum Topic {
    /** Experiment commands (submit, cancel) — the event-driven alternative to the REST API. */
    EXPERIMENTS("experiments", 3, false),
    TASKS_CORRUPT("tasks.corrupt", 8, false),
    TASKS_TRAIN("tasks.train", 4, false),
    TASKS_EVAL("tasks.eval", 8, false),
    TASKS_AGGREGATE("tasks.aggregate", 2, false),
    TASKS_REPORT("tasks.report", 2, false),
    /** Everything workers say about tasks: accepted, started, progress, heartbeat, completed, failed. */
    TASK_EVENTS("task-events", 4, false),
    /** The orchestrator's event-sourced state: the latest full status of each experiment (compacted). */
    EXPERIMENT_STATUS("experiment-status", 3, true),
    /**
     * Experiments that ended (cancelled, failed, succeeded; a tombstone when deleted), one small record
     * each, compacted: workers read it from the start to stop a running task of an experiment that
     * is over, and to skip a re-delivered one.
     */
    EXPERIMENT_CONTROL("experiment-control", 1, true),
    /** Records that could not be parsed or validated, with the reason in the headers. */
    DEAD_LETTER("dead-letter", 1, false);

    private final String suffix;
    private final int partitions;
    private final boolean compacted;

    Topic(String suffix, int partitions, boolean compacted) {
        this.suffix = suffix;
        this.partitions = partitions;
        this.compacted = compacted;
    }

    /** The name after the installation's prefix, e.g. {@code tasks.eval}. */
    public String suffix() {
        return suffix;
    }

    public int partitions() {
        return partitions;
    }

    public boolean compacted() {
        return compacted;
    }

    public Map<String, String> config() {
        return compacted
                ? Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1", "segment.ms", "600000")
                : Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
    }

    public static Topic forTasks(TaskType type) {
        return switch (type) {
            case CORRUPT -> TASKS_CORRUPT;
            case TRAIN -> TASKS_TRAIN;
            case EVAL -> TASKS_EVAL;
            case AGGREGATE -> TASKS_AGGREGATE;
            case REPORT -> TASKS_REPORT;
        };
    }

    public static final String DLQ_REASON_HEADER = "robustpose.dlq.reason";
    public static final String DLQ_SOURCE_HEADER = "robustpose.dlq.source";
}
