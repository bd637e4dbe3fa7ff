package io.robustpose.workflow.orchestration;

import java.time.Duration;

/** How often a failed task is dispatched again, and after how long (exponential backoff, capped). */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(2));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    public Duration backoffAfter(int attempt) {
        long ms = baseBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
