package io.robustpose.core.train.data;

/**
 * One prepared training sample: normalized RGB CHW images, heatmap target and target weight.
 *
 * @param record       index of the person in its {@link TrainingData}
 * @param clean        3·H·W normalized clean crop
 * @param extras       further images per {@link Proposals} (AutoAugment, GridMask / sequential)
 * @param mixWeights   per-image Dirichlet(1, …, 1) weights over clean + extras, or null
 * @param target       J·(H/4)·(W/4) Gaussian heatmaps
 * @param targetWeight J weights (visibility, 0 when the Gaussian is outside the heatmap)
 * @param joints       2·J joint coordinates in input pixels (for checks and debugging; empty for bottom-up)
 * @param bottomUp     the further targets of a bottom-up network, or null (top-down); {@code target} is then
 *                     its 1/4-resolution heatmaps and {@code targetWeight} all ones
 */
public record TrainSample(int record, float[] clean, float[][] extras, float[] mixWeights, float[] target,
        float[] targetWeight, float[] joints, BottomUp bottomUp) {

    /**
     * @param heatmaps1 J·(H/2)·(W/2) Gaussian heatmaps at 1/2 resolution
     * @param mask0     (H/4)·(W/4), 0 where the loss is ignored
     * @param mask1     (H/2)·(W/2), likewise
     * @param tags      per person, per joint {@code {index into the J·(H/4)·(W/4) tag maps, visible}}
     */
    public record BottomUp(float[] heatmaps1, float[] mask0, float[] mask1, long[][][] tags) {
    }
}
