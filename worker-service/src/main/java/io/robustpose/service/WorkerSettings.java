package io.robustpose.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Worker pool settings (env: ROBUSTPOSE_WORKER_CONCURRENCY, ROBUSTPOSE_WORKER_MAX_ATTEMPTS, ...). */
@ConfigMapping(prefix = "robustpose.worker")
public interface WorkerSettings {
    /** Stable id of this worker (defaults to host name and pid). */
    Optional<String> id();

    @WithDefault("1")
    int concurrency();

    /** Attempts of a failing handler before the task is reported failed. */
    @WithDefault("2")
    int maxAttempts();

    @WithDefault("2s")
    Duration retryBackoff();

    @WithDefault("5s")
    Duration heartbeatInterval();

    /** Time running tasks get to finish on shutdown before they are released for re-delivery. */
    @WithDefault("20s")
    Duration shutdownGrace();

    /** Consumer session timeout: how soon a crashed worker's tasks move to another worker. */
    @WithDefault("45s")
    Duration sessionTimeout();
}
