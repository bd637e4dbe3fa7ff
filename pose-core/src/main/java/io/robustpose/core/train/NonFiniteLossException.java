package io.robustpose.core.train;

import java.nio.file.Path;

/** Training stopped because a loss became NaN or infinite; the last checkpoint is left as it was. */
public final class NonFiniteLossException extends RuntimeException {

    private final int epoch;
    private final long step;
    private final transient Path lastCheckpoint;

    public NonFiniteLossException(String what, double value, int epoch, long step, Path lastCheckpoint) {
        super(what + " is " + value + " at epoch " + epoch + ", step " + step + "; training aborted, "
                + (lastCheckpoint == null ? "no checkpoint was written yet"
                        : "the last good checkpoint is " + lastCheckpoint)
                + " (lower the learning rate or check the data before resuming)");
        this.epoch = epoch;
        this.step = step;
        this.lastCheckpoint = lastCheckpoint;
    }

    public int epoch() {
        return epoch;
    }

    public long step() {
        return step;
    }

    public Path lastCheckpoint() {
        return lastCheckpoint;
    }
}
