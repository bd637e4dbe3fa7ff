package io.robustpose.workflow.orchestration;

import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.Task;
import io.robustpose.workflow.message.TaskEvent;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.spec.ExperimentSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment state machine, free of Kafka: each input (submit, task event, cancel, clock tick)
 * gives the next status and the tasks to dispatch. A completion is recorded once per task id;
 * later duplicates (re-deliveries, retried attempts) are counted and otherwise ignored.
 */
public final class Lifecycle {

    /** The result of one transition; {@code status} is null when nothing changed. */
    public record Outcome(ExperimentStatus status, List<Task> dispatch, boolean duplicateCompletion,
                          boolean completionRecorded) {
        public static Outcome unchangedOutcome() {
            return new Outcome(null, List.of(), false, false);
        }

        Outcome withCompletionRecorded() {
            return new Outcome(status, dispatch, duplicateCompletion, true);
        }

        public boolean changed() {
            return status != null;
        }
    }

    private final RetryPolicy retry;

    public Lifecycle(RetryPolicy retry) {
        this.retry = retry;
    }

    public Outcome submit(String experimentId, ExperimentSpec canonicalSpec, Instant now) {
        Map<String, TaskStatus> plan = Planner.plan(experimentId, canonicalSpec);
        ExperimentStatus s = new ExperimentStatus(ExperimentStatus.VERSION, experimentId, canonicalSpec.name(),
                ExperimentStatus.State.RUNNING, canonicalSpec, now, now, plan, null, 0, null, null);
        return advance(s, new LinkedHashMap<>(plan), now, false);
    }

    public Outcome cancel(ExperimentStatus s, String reason, Instant now) {
        if (s.state().terminal()) {
            return Outcome.unchangedOutcome();
        }
        Map<String, TaskStatus> tasks = new LinkedHashMap<>(s.tasks());
        tasks.replaceAll((id, t) -> t.state().terminal() ? t : t.toBuilder().state(TaskStatus.State.CANCELLED).build());
        return new Outcome(s.with(ExperimentStatus.State.CANCELLED, tasks,
                "cancelled" + (reason == null ? "" : ": " + reason), now), List.of(), false, false);
    }

    public Outcome onEvent(ExperimentStatus s, TaskEvent e, Instant now) {
        TaskStatus t = s.tasks().get(e.taskId());
        if (t != null && e.kind() == TaskEvent.Kind.COMPLETED && t.state() == TaskStatus.State.SUCCEEDED) {
            return new Outcome(null, List.of(), true, false);
        }
        if (t == null || s.state().terminal()) {
            return Outcome.unchangedOutcome();
        }
        boolean stale = e.attempt() < t.attempt();
        TaskStatus.Builder b = t.toBuilder();
        switch (e.kind()) {
            case COMPLETED -> {
                if (t.state().terminal()) {
                    return Outcome.unchangedOutcome();
                }
                b.state(TaskStatus.State.SUCCEEDED).completedAt(now).progress(1.0).results(e.results())
                        .metrics(e.metrics()).worker(e.worker()).completions(t.completions() + 1).retryAt(null)
                        .error(null);
            }
            case FAILED -> {
                if (stale || t.state().terminal() || t.state() == TaskStatus.State.RETRY_WAIT) {
                    return Outcome.unchangedOutcome();
                }
                b.error(e.error()).worker(e.worker());
                if (e.permanentFailure()) {
                    b.state(TaskStatus.State.FAILED).completedAt(now)
                            .error("permanent (not retried): " + e.error());
                } else if (t.attempt() < retry.maxAttempts()) {
                    b.state(TaskStatus.State.RETRY_WAIT).retryAt(now.plus(retry.backoffAfter(t.attempt())));
                } else {
                    b.state(TaskStatus.State.FAILED).completedAt(now);
                }
            }
            case ACCEPTED, STARTED, PROGRESS, HEARTBEAT -> {
                if (stale || t.state().terminal() || t.state() == TaskStatus.State.RETRY_WAIT) {
                    return Outcome.unchangedOutcome();
                }
                // a heartbeat only refreshes "still alive": recorded at most every tenth of the stall timeout,
                // so heartbeats do not rewrite the status every few seconds
                if (e.kind() == TaskEvent.Kind.HEARTBEAT && t.state() == TaskStatus.State.RUNNING
                        && t.lastEventAt() != null && e.worker() != null && e.worker().equals(t.worker())
                        && t.lastEventAt().plus(retry.stallTimeout().dividedBy(10)).isAfter(now)) {
                    return Outcome.unchangedOutcome();
                }
                b.state(TaskStatus.State.RUNNING).worker(e.worker()).lastEventAt(now);
                if (t.startedAt() == null) {
                    b.startedAt(e.at());
                }
                if (e.progress() != null) {
                    b.progress(e.progress());
                }
                if (e.message() != null) {
                    b.message(e.message());
                }
                if (!e.metrics().isEmpty()) {
                    b.metrics(e.metrics());
                }
            }
        }
        Map<String, TaskStatus> tasks = new LinkedHashMap<>(s.tasks());
        tasks.put(t.taskId(), b.build());
        Outcome o = advance(s, tasks, now, true);
        return e.kind() == TaskEvent.Kind.COMPLETED ? o.withCompletionRecorded() : o;
    }

    /**
     * Dispatches retries whose backoff has elapsed, and treats a running task whose worker has been
     * silent longer than the stall timeout as failed (another attempt within the budget): a worker
     * that hangs while its Kafka consumer stays alive would otherwise hold the task forever.
     */
    public Outcome tick(ExperimentStatus s, Instant now) {
        if (s.state().terminal() || !anyDue(s, now)) {
            return Outcome.unchangedOutcome();
        }
        Map<String, TaskStatus> tasks = new LinkedHashMap<>(s.tasks());
        tasks.replaceAll((id, t) -> {
            if (!stalled(t, now)) {
                return t;
            }
            String error = "no word from worker " + t.worker() + " for " + retry.stallTimeout().toSeconds()
                    + " s (heartbeats stopped)";
            return t.attempt() < retry.maxAttempts()
                    ? t.toBuilder().state(TaskStatus.State.RETRY_WAIT).retryAt(now).error(error).build()
                    : t.toBuilder().state(TaskStatus.State.FAILED).completedAt(now).error(error).build();
        });
        return advance(s, tasks, now, true);
    }

    /** Whether a retry is due or a task stalled: a plain loop, run once a second over every task of every experiment. */
    private boolean anyDue(ExperimentStatus s, Instant now) {
        for (TaskStatus t : s.tasks().values()) {
            if (stalled(t, now) || retryDue(t, now)) {
                return true;
            }
        }
        return false;
    }

    private boolean stalled(TaskStatus t, Instant now) {
        return t.state() == TaskStatus.State.RUNNING && t.lastEventAt() != null
                && t.lastEventAt().plus(retry.stallTimeout()).isBefore(now);
    }

    /** The earliest pending retry of this experiment, if any. */
    public static Instant nextRetry(ExperimentStatus s) {
        return s.tasks().values().stream().filter(t -> t.state() == TaskStatus.State.RETRY_WAIT)
                .map(TaskStatus::retryAt).min(Instant::compareTo).orElse(null);
    }

    private static boolean retryDue(TaskStatus t, Instant now) {
        return t.state() == TaskStatus.State.RETRY_WAIT && t.retryAt() != null && !t.retryAt().isAfter(now);
    }

    /** Dispatches every task whose dependencies are done, then settles the experiment's own state. */
    private Outcome advance(ExperimentStatus s, Map<String, TaskStatus> tasks, Instant now, boolean existing) {
        List<Task> dispatch = new ArrayList<>();
        TaskStatus failed = tasks.values().stream().filter(t -> t.state() == TaskStatus.State.FAILED).findFirst()
                .orElse(null);
        if (failed != null) {
            tasks.replaceAll((id, t) -> t.state().terminal() ? t : t.toBuilder().state(TaskStatus.State.CANCELLED).build());
            String reason = "task " + failed.taskId() + " failed after " + failed.attempt() + " attempt(s): "
                    + failed.error();
            return new Outcome(s.with(ExperimentStatus.State.FAILED, tasks, reason, now), List.of(), false, false);
        }
        for (TaskStatus t : List.copyOf(tasks.values())) {
            boolean ready = t.state() == TaskStatus.State.WAITING && t.dependsOn().stream()
                    .allMatch(d -> tasks.get(d).state() == TaskStatus.State.SUCCEEDED);
            if (ready || retryDue(t, now)) {
                int attempt = t.attempt() + 1;
                Map<String, Map<String, String>> inputs = new LinkedHashMap<>();
                t.dependsOn().forEach(d -> inputs.put(d, tasks.get(d).results()));
                dispatch.add(Task.of(t.taskId(), s.experimentId(), t.type(), attempt, t.params(), inputs));
                tasks.put(t.taskId(), t.toBuilder().state(TaskStatus.State.DISPATCHED).attempt(attempt)
                        .dispatchedAt(now).retryAt(null).progress(null).build());
            }
        }
        boolean allDone = tasks.values().stream().allMatch(t -> t.state() == TaskStatus.State.SUCCEEDED);
        ExperimentStatus.State state = allDone ? ExperimentStatus.State.SUCCEEDED : ExperimentStatus.State.RUNNING;
        ExperimentStatus next = existing ? s.with(state, tasks, null, now)
                : new ExperimentStatus(s.v(), s.experimentId(), s.name(), state, s.spec(), s.submittedAt(), now, tasks,
                null, s.revision(), null, null);
        return new Outcome(next, dispatch, false, false);
    }
}
