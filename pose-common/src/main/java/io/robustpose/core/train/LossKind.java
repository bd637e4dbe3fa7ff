package io.robustpose.core.train;

/**
 * The per-joint heatmap criterion. The paper says MSE; the authors' code runs SmoothL1 (its
 * JointsMSELoss picks SmoothL1Loss when its {@code smooth_L1} flag is False).
 */
public enum LossKind {
    MSE,
    SMOOTH_L1
}
