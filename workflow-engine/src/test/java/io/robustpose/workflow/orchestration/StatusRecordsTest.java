package io.robustpose.workflow.orchestration;

import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.StatusKeys;
import io.robustpose.workflow.message.TaskChunk;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.message.TaskEvent;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.ExperimentSpec;
import io.robustpose.workflow.spec.SpecReader;
import io.robustpose.workflow.spec.SpecValidator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persisted status stays bounded: the size case (6 models × 76 conditions × 16 shards)
 * in records far below Kafka's 1 MB default, a progress event rewrites one task record and the
 * header, the stream restores exactly the in-memory status (parameters re-derived from the spec),
 * and a topic in the older chunked layout is restored and migrated at the next change.
 */
class StatusRecordsTest {
    private static final String TOPIC = "robustpose.experiment-status";


    @TempDir
    Path data;

    private ExperimentSpec bigSpec() throws Exception {
        Files.createDirectories(data.resolve("img"));
        Files.writeString(data.resolve("ann.json"), "{}");
        StringBuilder models = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            Files.writeString(data.resolve("m" + i + ".safetensors"), "");
            models.append("  - {name: m").append(i).append(", file: m").append(i).append(".safetensors}\n");
        }
        return SpecValidator.validate(SpecReader.read("""
                name: big
                dataset: {format: coco, images: img, annotations: ann.json, boxes: gt}
                benchmark: {corruptions: common, severities: 1-5, evalShards: 16}
                models:
                """ + models), new DataRoots(List.of(data)));
    }

    @Test
    void boundedRecordsOneChunkPerProgressAndAnExactRestore() throws Exception {
        Lifecycle lifecycle = new Lifecycle(RetryPolicy.DEFAULT);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        Lifecycle.Outcome submitted = lifecycle.submit("big-1", bigSpec(), t0);
        ExperimentStatus s0 = submitted.status();
        // 6 × 76 × 16 eval shards + 6 aggregates + 1 report
        assertThat(s0.tasks()).hasSize(6 * 76 * 16 + 6 + 1);
        int wholeRecord = Json.encode(s0).length;
        List<ProducerRecord<String, byte[]>> first = StatusRecords.encode(TOPIC, null, s0);
        int largest = first.stream().mapToInt(r -> r.value().length).max().orElseThrow();
        int total = first.stream().mapToInt(r -> r.value().length).sum();
        System.out.printf("status of 6 models x 76 conditions x 16 shards: one record would be %d bytes; "
                + "as %d records the largest is %d bytes (%d in all)%n", wholeRecord, first.size(), largest, total);
        assertThat(wholeRecord).as("the old single record").isGreaterThan(1_000_000);
        // measured: 7,305 records (header, spec, a record per task), the largest 38.2 KB (an aggregate's 1216
        // dependencies)
        assertThat(first).hasSize(s0.tasks().size() + 2);
        assertThat(largest).isLessThan(48_000);

        // a progress event of one running task: its record and the header, nothing else
        Task task = submitted.dispatch().get(0);
        ExperimentStatus s1 = lifecycle.onEvent(s0, TaskEvent.of(TaskEvent.Kind.STARTED, task, "w1")
                .withProgress(0.5, "half", Map.of()), t0.plusSeconds(1)).status();
        List<ProducerRecord<String, byte[]>> delta = StatusRecords.encode(TOPIC, s0, s1);
        assertThat(delta).hasSize(2);
        int deltaBytes = delta.stream().mapToInt(r -> r.value().length).sum();
        System.out.printf("a progress event rewrites %d bytes%n", deltaBytes);
        // measured 0.6 KB: one task and the header (a chunk of 16 tasks and a header with the spec were 4.7 KB)
        assertThat(deltaBytes).isLessThan(1_000);

        // restore from the stream of records (the second write superseding the first per key)
        StatusRecords.Restorer restorer = new StatusRecords.Restorer();
        for (var r : first) {
            restorer.accept(r.key(), r.value());
        }
        for (var r : delta) {
            restorer.accept(r.key(), r.value());
        }
        ExperimentStatus restored = restorer.statuses().get("big-1");
        assertThat(restored).isEqualTo(s1);

        // deletion: tombstones for the header, the spec and every task; nothing left to restore
        for (var r : StatusRecords.delete(TOPIC, s1)) {
            assertThat(r.value()).isNull();
            restorer.accept(r.key(), r.value());
        }
        assertThat(restorer.statuses()).isEmpty();
    }

    @Test
    void theOlderChunkedLayoutIsRestoredAndMigratedAtTheNextChange() throws Exception {
        Lifecycle lifecycle = new Lifecycle(RetryPolicy.DEFAULT);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        Lifecycle.Outcome submitted = lifecycle.submit("old-1", bigSpec(), t0);
        ExperimentStatus s0 = submitted.status();
        // the records as the chunked layout wrote them: chunks of 16 tasks without parameters, the spec in the header
        StatusRecords.Restorer restorer = new StatusRecords.Restorer();
        List<TaskStatus> all = List.copyOf(s0.tasks().values());
        int chunks = (all.size() + TaskChunk.SIZE - 1) / TaskChunk.SIZE;
        for (int k = 0; k < chunks; k++) {
            Map<String, TaskStatus> tasks = new java.util.LinkedHashMap<>();
            for (TaskStatus t : all.subList(k * TaskChunk.SIZE, Math.min(all.size(), (k + 1) * TaskChunk.SIZE))) {
                tasks.put(t.taskId(), t.toBuilder().params(null).build());
            }
            restorer.accept(StatusKeys.chunk("old-1", k), Json.encode(new TaskChunk(null, "old-1", k, tasks)));
        }
        restorer.accept("old-1", Json.encode(new ExperimentStatus(s0.v(), "old-1", s0.name(), s0.state(), s0.spec(),
                s0.submittedAt(), s0.updatedAt(), Map.of(), null, s0.revision(), chunks, null)));
        ExperimentStatus restored = restorer.statuses().get("old-1");
        assertThat(restored.tasks()).isEqualTo(s0.tasks());
        assertThat(restored.taskChunks()).isEqualTo(chunks);

        // the next change writes the whole experiment in the per-task layout and tombstones the chunks
        Task task = submitted.dispatch().get(0);
        ExperimentStatus s1 = lifecycle.onEvent(restored, TaskEvent.of(TaskEvent.Kind.STARTED, task, "w1"),
                t0.plusSeconds(1)).status();
        List<ProducerRecord<String, byte[]>> migration = StatusRecords.encode(TOPIC, restored, s1);
        assertThat(migration.stream().filter(r -> r.value() == null)).hasSize(chunks);
        for (var r : migration) {
            restorer.accept(r.key(), r.value());
        }
        ExperimentStatus again = restorer.statuses().get("old-1");
        assertThat(again).isEqualTo(s1);
        assertThat(again.taskChunks()).isNull();
    }

    @Test
    void aSilentWorkersTaskIsDispatchedAgainAfterTheStallTimeout() throws Exception {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(2));
        Lifecycle lifecycle = new Lifecycle(policy);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        Lifecycle.Outcome submitted = lifecycle.submit("e", bigSpec(), t0);
        Task task = submitted.dispatch().get(0);
        ExperimentStatus running = lifecycle.onEvent(submitted.status(), TaskEvent.of(TaskEvent.Kind.STARTED, task, "w1"),
                t0).status();
        assertThat(lifecycle.tick(running, t0.plusSeconds(119)).changed()).isFalse();
        Lifecycle.Outcome later = lifecycle.tick(running, t0.plusSeconds(121));
        assertThat(later.dispatch()).extracting(Task::taskId).contains(task.taskId());
        TaskStatus t = later.status().tasks().get(task.taskId());
        assertThat(t.state()).isEqualTo(TaskStatus.State.DISPATCHED);
        assertThat(t.attempt()).isEqualTo(2);
        // heartbeats within a tenth of the timeout change nothing (no status rewrite)
        assertThat(lifecycle.onEvent(running, TaskEvent.of(TaskEvent.Kind.HEARTBEAT, task, "w1"), t0.plusSeconds(5))
                .changed()).isFalse();
        assertThat(lifecycle.onEvent(running, TaskEvent.of(TaskEvent.Kind.HEARTBEAT, task, "w1"), t0.plusSeconds(13))
                .changed()).isTrue();
    }
}
