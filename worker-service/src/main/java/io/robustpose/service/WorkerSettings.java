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

    /**
     * Attempts of a transiently failing handler in this worker before the failure is reported. 1 (the
     * default) leaves retries to the orchestrator's budget (ROBUSTPOSE_RETRY_MAX_ATTEMPTS), so a
     * failure runs at most that many times in all.
     */
    @WithDefault("1")
    int maxAttempts();

    /** Deliveries of a task that may start without finishing (the worker died) before it is failed as poison. */
    @WithDefault("3")
    int maxCrashes();

    @WithDefault("2s")
    Duration retryBackoff();

    @WithDefault("5s")
    Duration heartbeatInterval();

    /** Time running tasks get to finish on shutdown before they are released for re-delivery. */
    @WithDefault("20s")
    Duration shutdownGrace();

    /**
     * The named pool this worker serves (ROBUSTPOSE_WORKER_POOL): it reads only the tasks routed to that pool (a spec's
     * {@code models[].pools}), on the pool's own topics and consumer group; absent, the shared pool of its task types.
     */
    Optional<String> pool();

    /** Consumer session timeout: how soon a crashed worker's tasks move to another worker. */
    @WithDefault("45s")
    Duration sessionTimeout();
}
