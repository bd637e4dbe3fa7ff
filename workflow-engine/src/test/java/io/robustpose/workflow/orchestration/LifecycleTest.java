package io.robustpose.workflow.orchestration;

import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.message.TaskEvent;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.spec.DataRoots;
import io.robustpose.workflow.spec.ExperimentSpec;
import io.robustpose.workflow.spec.SpecReader;
import io.robustpose.workflow.spec.SpecValidator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {
    private final Lifecycle lifecycle = new Lifecycle(new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(10)));
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    /** Model a is trained here, model b imported (the files a spec references must exist at submit). */
    static ExperimentSpec spec(String mode) {
        try {
            java.nio.file.Files.createDirectories(data.resolve("img"));
            java.nio.file.Files.writeString(data.resolve("ann.json"), "{}");
            java.nio.file.Files.writeString(data.resolve("b.safetensors"), "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return SpecValidator.validate(SpecReader.read("""
                name: t
                dataset: {format: coco, images: img, annotations: ann.json, boxes: gt}
                benchmark: {corruptions: [fog, contrast], severities: [1, 2], mode: %s}
                models:
                  - {name: a, architecture: simplebaseline-resnet18, training: {epochs: 1}}
                  - {name: b, file: b.safetensors}
                """.formatted(mode)), new DataRoots(List.of(data)));
    }

    private static TaskEvent event(TaskEvent.Kind kind, Task t) {
        return kind == TaskEvent.Kind.FAILED ? TaskEvent.failed(t, "w1", "boom")
                : TaskEvent.of(kind, t, "w1").withResults(Map.of("out", t.taskId()), Map.of());
    }

    /** The clock tick: a running task silent past the stall timeout is failed and dispatched again (attempt 2). */
    @Test
    void aTaskWhoseHeartbeatsStopIsRetriedAndNothingHappensBefore() {
        Lifecycle strict = new Lifecycle(new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(30)));
        Lifecycle.Outcome o = strict.submit("e", spec("on-the-fly"), t0);
        Task train = o.dispatch().stream().filter(t -> t.taskId().equals("train-a")).findFirst().orElseThrow();
        ExperimentStatus s = strict.onEvent(o.status(), event(TaskEvent.Kind.STARTED, train), t0).status();
        assertThat(strict.tick(s, t0.plusSeconds(30)).changed()).as("at the timeout, not past it").isFalse();
        // past it: failed as stalled and, the retry being due at once, dispatched again in the same tick
        Lifecycle.Outcome stalled = strict.tick(s, t0.plusSeconds(31));
        assertThat(stalled.status().tasks().get("train-a").state()).isEqualTo(TaskStatus.State.DISPATCHED);
        assertThat(stalled.status().tasks().get("train-a").attempt()).isEqualTo(2);
        assertThat(stalled.status().tasks().get("train-a").error()).contains("heartbeats stopped");
        assertThat(stalled.dispatch()).singleElement().satisfies(t -> {
            assertThat(t.taskId()).isEqualTo("train-a");
            assertThat(t.attempt()).isEqualTo(2);
        });
        // a heartbeat within the timeout keeps it alive
        ExperimentStatus alive = strict.onEvent(s, event(TaskEvent.Kind.HEARTBEAT, train), t0.plusSeconds(20)).status();
        assertThat(strict.tick(alive, t0.plusSeconds(45)).changed()).isFalse();
    }

    @Test
    void plansTheGraphOfThePaper() {
        Map<String, TaskStatus> plan = Planner.plan("e", spec("materialized"));
        // 2 corrupt + 1 train + 2 models × (clean + 2×2) evals + 2 aggregates + report
        assertThat(plan).hasSize(2 + 1 + 10 + 2 + 1);
        assertThat(plan.get("eval-a-fog-s2-shard0").dependsOn()).containsExactlyInAnyOrder("train-a", "corrupt-fog-shard0");
        assertThat(plan.get("eval-b-clean-shard0").dependsOn()).isEmpty();
        assertThat(plan.get("aggregate-b").dependsOn()).hasSize(5);
        assertThat(plan.get("report").dependsOn()).containsExactly("aggregate-a", "aggregate-b");
        assertThat(Planner.plan("e", spec("on-the-fly"))).doesNotContainKey("corrupt-fog-shard0").hasSize(14);
    }

    /** corruptions: none — a clean-only run: the training, one clean evaluation per model, aggregates, report. */
    @Test
    void plansACleanOnlyRun() {
        for (String mode : List.of("materialized", "on-the-fly")) {
            ExperimentSpec clean = SpecValidator.validate(SpecReader.read("""
                    name: t
                    dataset: {format: coco, images: img, annotations: ann.json, boxes: gt}
                    benchmark: {corruptions: none, mode: %s}
                    models:
                      - {name: a, architecture: simplebaseline-resnet18, training: {epochs: 1}}
                      - {name: b, file: b.safetensors}
                    """.formatted(mode)), new DataRoots(List.of(data)));
            assertThat(clean.benchmark().corruptions()).isEqualTo(List.of());
            assertThat(Planner.plan("e", clean).keySet()).containsExactlyInAnyOrder("train-a", "eval-a-clean-shard0",
                    "eval-b-clean-shard0", "aggregate-a", "aggregate-b", "report");
        }
    }

    @Test
    void runsToCompletionDispatchingEachTaskOnceAndRecordingEachCompletionOnce() {
        Lifecycle.Outcome o = lifecycle.submit("e", spec("materialized"), t0);
        ExperimentStatus s = o.status();
        List<Task> queue = new ArrayList<>(o.dispatch());
        assertThat(queue).extracting(Task::taskId).containsExactlyInAnyOrder("corrupt-fog-shard0",
                "corrupt-contrast-shard0", "train-a", "eval-b-clean-shard0");
        List<String> dispatched = new ArrayList<>();
        int duplicates = 0;
        while (!queue.isEmpty()) {
            Task t = queue.remove(0);
            dispatched.add(t.taskId());
            s = lifecycle.onEvent(s, event(TaskEvent.Kind.STARTED, t), t0).status();
            Lifecycle.Outcome done = lifecycle.onEvent(s, event(TaskEvent.Kind.COMPLETED, t), t0);
            assertThat(done.completionRecorded()).isTrue();
            s = done.status();
            queue.addAll(done.dispatch());
            // a re-delivered completion changes nothing
            Lifecycle.Outcome again = lifecycle.onEvent(s, event(TaskEvent.Kind.COMPLETED, t), t0);
            assertThat(again.changed()).isFalse();
            if (again.duplicateCompletion()) {
                duplicates++;
            }
        }
        assertThat(s.state()).isEqualTo(ExperimentStatus.State.SUCCEEDED);
        assertThat(dispatched).doesNotHaveDuplicates().hasSize(s.tasks().size());
        assertThat(s.tasks().values()).allSatisfy(t -> assertThat(t.completions()).isEqualTo(1));
        assertThat(duplicates).isEqualTo(s.tasks().size());
        assertThat(s.tasks().get("report").state()).isEqualTo(TaskStatus.State.SUCCEEDED);
        assertThat(dispatched.get(dispatched.size() - 1)).as("the report comes last").isEqualTo("report");
    }

    @Test
    void retriesWithBackoffThenFailsTheExperimentWithTheReason() {
        Lifecycle.Outcome o = lifecycle.submit("e", spec("on-the-fly"), t0);
        Task train = o.dispatch().stream().filter(t -> t.type() == TaskType.TRAIN).findFirst().orElseThrow();
        ExperimentStatus s = lifecycle.onEvent(o.status(), event(TaskEvent.Kind.FAILED, train), t0).status();
        assertThat(s.tasks().get("train-a").state()).isEqualTo(TaskStatus.State.RETRY_WAIT);
        assertThat(lifecycle.tick(s, t0.plusMillis(500)).changed()).isFalse();
        Lifecycle.Outcome retry = lifecycle.tick(s, t0.plusSeconds(1));
        assertThat(retry.dispatch()).singleElement().satisfies(t -> assertThat(t.attempt()).isEqualTo(2));
        s = retry.status();
        // a late failure report of attempt 1 is stale
        assertThat(lifecycle.onEvent(s, event(TaskEvent.Kind.FAILED, train), t0).changed()).isFalse();
        s = lifecycle.onEvent(s, event(TaskEvent.Kind.FAILED, train.withAttempt(2)), t0.plusSeconds(2)).status();
        assertThat(s.state()).isEqualTo(ExperimentStatus.State.FAILED);
        assertThat(s.error()).contains("train-a").contains("2 attempt").contains("boom");
        assertThat(s.tasks().get("eval-a-clean-shard0").state()).isEqualTo(TaskStatus.State.CANCELLED);
    }

    @Test
    void cancelStopsDispatching() {
        Lifecycle.Outcome o = lifecycle.submit("e", spec("on-the-fly"), t0);
        ExperimentStatus s = lifecycle.cancel(o.status(), "user", t0).status();
        assertThat(s.state()).isEqualTo(ExperimentStatus.State.CANCELLED);
        Task t = o.dispatch().get(0);
        assertThat(lifecycle.onEvent(s, event(TaskEvent.Kind.COMPLETED, t), t0).changed()).isFalse();
    }
}
