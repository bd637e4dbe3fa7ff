package io.robustpose.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress of a long command on stderr with the time left: a bar redrawn in place on a terminal; on anything
 * else (a log file, a pipe, CI) a plain line every {@code interval}, so logs stay readable — and always the last
 * step. The time left is the elapsed time per step times the steps left (steps of a resumed run that were done
 * before it started count as neither).
 */
final class Progress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long startNanos = -1;
    private long startDone;
    private long lastLineNanos;

    Progress(PrintStream out, boolean terminal, long intervalNanos, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /** On stderr; a bar when the process has a terminal, a line every 10 s otherwise. */
    static Progress onStderr() {
        return new Progress(System.err, System.console() != null, 10_000_000_000L, System::nanoTime);
    }

    void update(String label, long done, long total) {
        long now = clock.getAsLong();
        if (startNanos < 0) {
            startNanos = now;
            startDone = done;
            lastLineNanos = now;
        }
        boolean last = done >= total;
        String eta = eta(now, done, total);
        if (terminal) {
            int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, WIDTH * done / total);
            out.printf("\r%s [%s%s] %d/%d%s", label, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, eta);
            if (last) {
                out.println();
            }
        } else if (last || now - lastLineNanos >= intervalNanos) {
            lastLineNanos = now;
            out.printf("%s %d/%d (%.0f %%)%s%n", label, done, total, total <= 0 ? 100.0 : 100.0 * done / total, eta);
        }
    }

    private String eta(long now, long done, long total) {
        long stepsHere = done - startDone;
        if (done >= total) {
            return ", done in " + duration((now - startNanos) / 1e9);
        }
        if (stepsHere <= 0) {
            return "";
        }
        double secondsLeft = (now - startNanos) / 1e9 / stepsHere * (total - done);
        return ", " + duration(secondsLeft) + " left";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
