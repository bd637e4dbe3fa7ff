package io.robustpose.workflow.orchestration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.TaskChunk;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.message.Topic;
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
 * How experiment statuses are persisted on the compacted status topic, in records of bounded size: a
 * header per experiment (the status without tasks, its chunk count) and the tasks in chunks of
 * {@link TaskChunk#SIZE}, without their parameters (re-derived from the spec by the {@link Planner}).
 * A change rewrites the header and only the chunks whose tasks changed; a deletion writes
 * tombstones for all of them. Restoring reads the topic as a stream and keeps only the latest record
 * per key.
 */
final class StatusRecords {
    private static final Logger LOG = LoggerFactory.getLogger(StatusRecords.class);

    private StatusRecords() {
    }

    /** The records that take the persisted state from {@code previous} (null: nothing yet) to {@code next}. */
    static List<ProducerRecord<String, byte[]>> encode(ExperimentStatus previous, ExperimentStatus next) {
        String topic = Topic.EXPERIMENT_STATUS.topicName();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        List<List<TaskStatus>> chunks = chunks(next);
        List<List<TaskStatus>> before = previous == null ? List.of() : chunks(previous);
        for (int k = 0; k < chunks.size(); k++) {
            if (k < before.size() && before.get(k).equals(chunks.get(k))) {
                continue;
            }
            Map<String, TaskStatus> tasks = new LinkedHashMap<>();
            for (TaskStatus t : chunks.get(k)) {
                tasks.put(t.taskId(), t.toBuilder().params(null).build());
            }
            out.add(new ProducerRecord<>(topic, TaskChunk.key(next.experimentId(), k),
                    Json.encode(new TaskChunk(TaskChunk.VERSION, next.experimentId(), k, tasks))));
        }
        for (int k = chunks.size(); k < before.size(); k++) {
            out.add(new ProducerRecord<>(topic, TaskChunk.key(next.experimentId(), k), null));
        }
        out.add(new ProducerRecord<>(topic, next.experimentId(), Json.encode(header(next, chunks.size()))));
        return out;
    }

    /** Tombstones for every record of the experiment. */
    static List<ProducerRecord<String, byte[]>> delete(ExperimentStatus s) {
        String topic = Topic.EXPERIMENT_STATUS.topicName();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        int n = chunks(s).size();
        for (int k = 0; k < n; k++) {
            out.add(new ProducerRecord<>(topic, TaskChunk.key(s.experimentId(), k), null));
        }
        out.add(new ProducerRecord<>(topic, s.experimentId(), null));
        return out;
    }

    private static ExperimentStatus header(ExperimentStatus s, int chunks) {
        return new ExperimentStatus(s.v(), s.experimentId(), s.name(), s.state(), s.spec(), s.submittedAt(),
                s.updatedAt(), Map.of(), s.error(), s.revision(), chunks);
    }

    private static List<List<TaskStatus>> chunks(ExperimentStatus s) {
        List<List<TaskStatus>> out = new ArrayList<>();
        List<TaskStatus> current = null;
        for (TaskStatus t : s.tasks().values()) {
            if (current == null || current.size() == TaskChunk.SIZE) {
                current = new ArrayList<>();
                out.add(current);
            }
            current.add(t);
        }
        return out;
    }

    /** Assembles statuses from the status topic's records, fed one at a time (latest record per key wins). */
    static final class Restorer {
        private final Map<String, ExperimentStatus> headers = new HashMap<>();
        private final Map<String, TreeMap<Integer, TaskChunk>> chunks = new HashMap<>();

        void accept(String key, byte[] value) {
            if (key == null) {
                return;
            }
            String id = TaskChunk.experimentOf(key);
            int chunk;
            try {
                chunk = TaskChunk.chunkOf(key);
            } catch (NumberFormatException e) {
                LOG.error("status record with an unreadable key {}", key);
                return;
            }
            if (chunk < 0) {
                if (value == null) {
                    headers.remove(id);
                    chunks.remove(id);
                } else {
                    headers.put(id, Json.decode(value, ExperimentStatus.class));
                }
            } else if (value == null) {
                TreeMap<Integer, TaskChunk> c = chunks.get(id);
                if (c != null) {
                    c.remove(chunk);
                }
            } else {
                chunks.computeIfAbsent(id, k -> new TreeMap<>()).put(chunk, Json.decode(value, TaskChunk.class));
            }
        }

        /** The experiments, tasks in plan order with their parameters re-derived from the spec. */
        Map<String, ExperimentStatus> statuses() {
            Map<String, ExperimentStatus> out = new HashMap<>();
            for (ExperimentStatus h : headers.values()) {
                Map<String, TaskStatus> tasks = new LinkedHashMap<>();
                TreeMap<Integer, TaskChunk> c = chunks.getOrDefault(h.experimentId(), new TreeMap<>());
                int expected = h.taskChunks() == null ? 0 : h.taskChunks();
                if (c.size() != expected || (expected > 0 && c.lastKey() != expected - 1)) {
                    LOG.error("experiment {}: {} of {} task chunks on the status topic; not restored", h.experimentId(),
                            c.size(), expected);
                    continue;
                }
                Map<String, TaskStatus> plan = h.spec() == null ? Map.of() : Planner.plan(h.experimentId(), h.spec());
                for (TaskChunk chunk : c.values()) {
                    for (TaskStatus t : chunk.tasks().values()) {
                        TaskStatus planned = plan.get(t.taskId());
                        ObjectNode params = planned == null ? null : planned.params();
                        tasks.put(t.taskId(), t.toBuilder().params(params).build());
                    }
                }
                out.put(h.experimentId(), new ExperimentStatus(h.v(), h.experimentId(), h.name(), h.state(), h.spec(),
                        h.submittedAt(), h.updatedAt(), tasks, h.error(), h.revision(), null));
            }
            return out;
        }
    }
}
