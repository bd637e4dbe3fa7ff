package io.robustpose.core.train;

/** PyTorch's MultiStepLR: {@code base · factor^k}, k the number of milestones at or before {@code t}. */
public final class MultiStep {
    private MultiStep() {
    }

    public static double rate(double base, double factor, long[] milestones, long t) {
        double lr = base;
        for (long m : milestones) {
            if (t >= m) {
                lr *= factor;
            }
        }
        return lr;
    }
}
