package io.robustpose.workflow.orchestration;

import java.time.Duration;

/**
 * The one retry budget of a task: how often a failed task is dispatched again (exponential backoff,
 * capped), counting every attempt wherever it failed — workers do not retry on their own by default
 * — and how long a running task's worker may stay silent (no heartbeat) before the task is
 * dispatched again. Permanent failures are not retried at all.
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration stallTimeout) {
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(5);
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(2));

    public RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
        this(maxAttempts, baseBackoff, maxBackoff, DEFAULT_STALL_TIMEOUT);
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive");
        }
    }

    public Duration backoffAfter(int attempt) {
        long ms = baseBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
