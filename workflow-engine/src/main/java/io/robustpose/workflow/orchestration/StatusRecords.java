package io.robustpose.workflow.orchestration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.SpecRecord;
import io.robustpose.workflow.message.StatusKeys;
import io.robustpose.workflow.message.TaskChunk;
import io.robustpose.workflow.message.TaskStatus;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How experiment statuses are persisted on the compacted status topic, in records of bounded size
 * (keys in {@link StatusKeys}): a small header per experiment (state, times, error, task count), its
 * spec once, and one record per task without its parameters (re-derived from the spec by the
 * {@link Planner}). A change rewrites the header and the tasks that changed; a deletion writes
 * tombstones for all of them. Restoring reads the topic as a stream and keeps only the latest record
 * per key. Topics written with the older layout (tasks in chunks of 16, spec in the header) are still
 * restored, and rewritten in this layout at the experiment's next change.
 */
final class StatusRecords {
    private static final Logger LOG = LoggerFactory.getLogger(StatusRecords.class);

    private StatusRecords() {
    }

    /** The records that take the persisted state from {@code previous} (null: nothing yet) to {@code next}. */
    static List<ProducerRecord<String, byte[]>> encode(String topic, ExperimentStatus previous, ExperimentStatus next) {
        String id = next.experimentId();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        boolean everything = previous == null || previous.taskChunks() != null;
        if (everything) {
            out.add(new ProducerRecord<>(topic, StatusKeys.spec(id), Json.encode(new SpecRecord(null, id, next.spec()))));
        }
        if (previous != null && previous.taskChunks() != null) {
            for (int k = 0; k < previous.taskChunks(); k++) {
                out.add(new ProducerRecord<>(topic, StatusKeys.chunk(id, k), null));
            }
        }
        for (TaskStatus t : next.tasks().values()) {
            TaskStatus before = everything ? null : previous.tasks().get(t.taskId());
            // unchanged tasks are the same objects in the next status: the reference test is the fast path
            if (before != t && (before == null || !before.equals(t))) {
                out.add(new ProducerRecord<>(topic, StatusKeys.task(id, t.taskId()),
                        Json.encode(t.toBuilder().params(null).build())));
            }
        }
        if (!everything) {
            for (String taskId : previous.tasks().keySet()) {
                if (!next.tasks().containsKey(taskId)) {
                    out.add(new ProducerRecord<>(topic, StatusKeys.task(id, taskId), null));
                }
            }
        }
        out.add(new ProducerRecord<>(topic, StatusKeys.header(id), Json.encode(header(next))));
        return out;
    }

    /** Tombstones for every record of the experiment. */
    static List<ProducerRecord<String, byte[]>> delete(String topic, ExperimentStatus s) {
        String id = s.experimentId();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        if (s.taskChunks() != null) {
            for (int k = 0; k < s.taskChunks(); k++) {
                out.add(new ProducerRecord<>(topic, StatusKeys.chunk(id, k), null));
            }
        } else {
            for (String taskId : s.tasks().keySet()) {
                out.add(new ProducerRecord<>(topic, StatusKeys.task(id, taskId), null));
            }
        }
        out.add(new ProducerRecord<>(topic, StatusKeys.spec(id), null));
        out.add(new ProducerRecord<>(topic, StatusKeys.header(id), null));
        return out;
    }

    private static ExperimentStatus header(ExperimentStatus s) {
        return new ExperimentStatus(s.v(), s.experimentId(), s.name(), s.state(), null, s.submittedAt(),
                s.updatedAt(), Map.of(), s.error(), s.revision(), null, s.tasks().size());
    }

    /** Assembles statuses from the status topic's records, fed one at a time (latest record per key wins). */
    static final class Restorer {
        /** What the topic holds of one experiment. */
        private static final class Parts {
            ExperimentStatus header;
            SpecRecord spec;
            final Map<String, TaskStatus> tasks = new HashMap<>();
            final TreeMap<Integer, TaskChunk> chunks = new TreeMap<>();
        }

        private final Map<String, Parts> experiments = new HashMap<>();

        void accept(String key, byte[] value) {
            if (key == null) {
                return;
            }
            StatusKeys.Key k = StatusKeys.parse(key);
            Parts p = experiments.computeIfAbsent(k.experimentId(), x -> new Parts());
            switch (k.kind()) {
                case HEADER -> p.header = value == null ? null : Json.decode(value, ExperimentStatus.class);
                case SPEC -> p.spec = value == null ? null : Json.decode(value, SpecRecord.class);
                case TASK -> {
                    if (value == null) {
                        p.tasks.remove(k.part());
                    } else {
                        p.tasks.put(k.part(), Json.decode(value, TaskStatus.class));
                    }
                }
                case CHUNK -> {
                    int chunk;
                    try {
                        chunk = Integer.parseInt(k.part());
                    } catch (NumberFormatException e) {
                        LOG.error("status record with an unreadable key {}", key);
                        return;
                    }
                    if (value == null) {
                        p.chunks.remove(chunk);
                    } else {
                        p.chunks.put(chunk, Json.decode(value, TaskChunk.class));
                    }
                }
            }
        }

        /** The experiments, tasks in plan order with their parameters re-derived from the spec. */
        Map<String, ExperimentStatus> statuses() {
            Map<String, ExperimentStatus> out = new HashMap<>();
            for (Map.Entry<String, Parts> e : experiments.entrySet()) {
                Parts p = e.getValue();
                ExperimentStatus h = p.header;
                if (h == null) {
                    continue; // deleted (tombstones of its other records may still be on their way)
                }
                ExperimentStatus restored = h.taskChunks() != null ? fromChunks(h, p) : fromTasks(h, p);
                if (restored != null) {
                    out.put(h.experimentId(), restored);
                }
            }
            return out;
        }

        private static ExperimentStatus fromTasks(ExperimentStatus h, Parts p) {
            if (p.spec == null || h.taskCount() == null || p.tasks.size() != h.taskCount()) {
                LOG.error("experiment {}: {} of {} task records{} on the status topic; not restored", h.experimentId(),
                        p.tasks.size(), h.taskCount(), p.spec == null ? " and no spec" : "");
                return null;
            }
            Map<String, TaskStatus> plan = Planner.plan(h.experimentId(), p.spec.spec());
            Map<String, TaskStatus> tasks = new LinkedHashMap<>();
            for (TaskStatus planned : plan.values()) {
                TaskStatus t = p.tasks.get(planned.taskId());
                if (t == null) {
                    LOG.error("experiment {}: task {} of its plan is not on the status topic; not restored",
                            h.experimentId(), planned.taskId());
                    return null;
                }
                tasks.put(t.taskId(), t.toBuilder().params(planned.params()).build());
            }
            return new ExperimentStatus(h.v(), h.experimentId(), h.name(), h.state(), p.spec.spec(), h.submittedAt(),
                    h.updatedAt(), tasks, h.error(), h.revision(), null, null);
        }

        /** The older layout: spec in the header, tasks in chunks; {@code taskChunks} kept, so the next write migrates. */
        private static ExperimentStatus fromChunks(ExperimentStatus h, Parts p) {
            int expected = h.taskChunks();
            if (p.chunks.size() != expected || (expected > 0 && p.chunks.lastKey() != expected - 1)) {
                LOG.error("experiment {}: {} of {} task chunks on the status topic; not restored", h.experimentId(),
                        p.chunks.size(), expected);
                return null;
            }
            Map<String, TaskStatus> plan = h.spec() == null ? Map.of() : Planner.plan(h.experimentId(), h.spec());
            Map<String, TaskStatus> tasks = new LinkedHashMap<>();
            for (TaskChunk chunk : p.chunks.values()) {
                for (TaskStatus t : chunk.tasks().values()) {
                    TaskStatus planned = plan.get(t.taskId());
                    ObjectNode params = planned == null ? null : planned.params();
                    tasks.put(t.taskId(), t.toBuilder().params(params).build());
                }
            }
            return new ExperimentStatus(h.v(), h.experimentId(), h.name(), h.state(), h.spec(), h.submittedAt(),
                    h.updatedAt(), tasks, h.error(), h.revision(), h.taskChunks(), null);
        }
    }
}
