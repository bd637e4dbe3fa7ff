package io.robustpose.workflow.orchestration;

import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Json;
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
 * in records far below Kafka's 1 MB default, a progress event rewrites one chunk and the header,
 * and the stream restores exactly the in-memory status (parameters re-derived from the spec).
 */
class StatusRecordsTest {

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
                dataset: {format: coco, images: img, annotations: ann.json}
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
        List<ProducerRecord<String, byte[]>> first = StatusRecords.encode(null, s0);
        int largest = first.stream().mapToInt(r -> r.value().length).max().orElseThrow();
        int total = first.stream().mapToInt(r -> r.value().length).sum();
        System.out.printf("status of 6 models x 76 conditions x 16 shards: one record would be %d bytes; "
                + "as %d records the largest is %d bytes (%d in all)%n", wholeRecord, first.size(), largest, total);
        assertThat(wholeRecord).as("the old single record").isGreaterThan(1_000_000);
        // measured: 458 records, the largest 41.3 KB (an aggregate's 1216 dependencies)
        assertThat(largest).isLessThan(48_000);

        // a progress event of one running task: its chunk and the header, nothing else
        Task task = submitted.dispatch().get(0);
        ExperimentStatus s1 = lifecycle.onEvent(s0, TaskEvent.of(TaskEvent.Kind.STARTED, task, "w1")
                .withProgress(0.5, "half", Map.of()), t0.plusSeconds(1)).status();
        List<ProducerRecord<String, byte[]>> delta = StatusRecords.encode(s0, s1);
        assertThat(delta).hasSize(2);
        int deltaBytes = delta.stream().mapToInt(r -> r.value().length).sum();
        System.out.printf("a progress event rewrites %d bytes%n", deltaBytes);
        // measured 4.7 KB: a chunk of 16 tasks and the header
        assertThat(deltaBytes).isLessThan(6_000);

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

        // deletion: tombstones for the header and every chunk; nothing left to restore
        for (var r : StatusRecords.delete(s1)) {
            assertThat(r.value()).isNull();
            restorer.accept(r.key(), r.value());
        }
        assertThat(restorer.statuses()).isEmpty();
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
