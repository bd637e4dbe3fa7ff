package io.robustpose.core.train;

import java.util.Arrays;

/**
 * Multi-step learning rate (PyTorch MultiStepLR): {@code lr = base · factor^k} with k the number of
 * milestones reached. The official schedule is lr 1e-3, ×0.1 at epochs 170 and 200 of 210; for
 * other lengths the milestones keep their fraction of the run (170/210, 200/210) and are placed on
 * optimizer steps, so a 3-epoch smoke run also decays. With the full 210 epochs the milestones fall
 * exactly on the first step of epochs 170 and 200.
 */
public final class LrSchedule {

    /** HRNet / AdvMix: LR_STEP [170, 200] of END_EPOCH 210. */
    public static final double[] OFFICIAL_MILESTONES = {170.0 / 210, 200.0 / 210};
    public static final double OFFICIAL_FACTOR = 0.1;

    private final double base;
    private final double factor;
    private final long[] milestoneSteps;

    public LrSchedule(double base, double factor, long[] milestoneSteps) {
        this.base = base;
        this.factor = factor;
        this.milestoneSteps = milestoneSteps.clone();
        Arrays.sort(this.milestoneSteps);
    }

    /** Milestones given as fractions of {@code epochs · stepsPerEpoch}. */
    public static LrSchedule scaled(double base, double factor, double[] fractions, int epochs, int stepsPerEpoch) {
        long total = (long) epochs * stepsPerEpoch;
        long[] steps = new long[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            // epoch-exact when fraction·epochs is an integer (170/210 · 210 = 170)
            double epochPoint = fractions[i] * epochs;
            long rounded = Math.round(epochPoint);
            steps[i] = Math.abs(epochPoint - rounded) < 1e-9 ? rounded * stepsPerEpoch
                    : (long) Math.floor(fractions[i] * total);
        }
        return new LrSchedule(base, factor, steps);
    }

    /** The rate for the optimizer step with 0-based index {@code step}. */
    public double at(long step) {
        return MultiStep.rate(base, factor, milestoneSteps, step);
    }

    public long[] milestoneSteps() {
        return milestoneSteps.clone();
    }
}
