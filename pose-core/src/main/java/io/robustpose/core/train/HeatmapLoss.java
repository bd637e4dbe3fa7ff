package io.robustpose.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * HRNet's JointsMSELoss with use_target_weight: for each joint, {@code 0.5 · criterion(pred·w,
 * target·w)} (mean over batch and pixels), averaged over joints; every joint has the same number
 * of pixels, so that is {@code 0.5 · mean(criterion(w·(pred − target)))} over everything.
 * SmoothL1 uses β = 1 (PyTorch's default).
 */
public final class HeatmapLoss {

    private HeatmapLoss() {
    }

    /** {@code pred}, {@code target}: [N, J, h, w]; {@code weight}: [N, J]. Returns a scalar. */
    public static NDArray compute(NDArray pred, NDArray target, NDArray weight, LossKind kind) {
        long n = pred.getShape().get(0);
        long j = pred.getShape().get(1);
        NDArray diff = pred.sub(target).mul(weight.reshape(n, j, 1, 1));
        NDArray elementwise;
        if (kind == LossKind.MSE) {
            elementwise = diff.square();
        } else {
            NDArray a = diff.abs();
            elementwise = NDArrays.where(a.lt(1f), a.square().mul(0.5f), a.sub(0.5f));
        }
        return elementwise.mean().mul(0.5f);
    }
}
