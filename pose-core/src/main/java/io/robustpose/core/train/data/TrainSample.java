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
 * @param joints       2·J joint coordinates in input pixels (for checks and debugging)
 */
public record TrainSample(int record, float[] clean, float[][] extras, float[] mixWeights, float[] target,
        float[] targetWeight, float[] joints) {
}
