package io.robustpose.workflow.worker;

import java.util.Map;

/** What a running handler can use: the artifact store, progress reporting, cancellation. */
public interface TaskContext {
    ArtifactStore artifacts();

    /** Publishes a progress event (rate-limited by the runtime). */
    void progress(double fraction, String message, Map<String, Double> metrics);

    /** Counts images handled, for the images/s meters. */
    void imagesProcessed(long count);

    /**
     * The task's cumulative count of images handled so far, for handlers whose progress arrives
     * from several threads: only growth is counted, so a stale total that arrives late adds nothing.
     */
    void imagesProcessedSoFar(long total);

    /** True once the worker is shutting down; long handlers should stop soon and may resume later. */
    boolean cancelled();

    String workerId();
}
