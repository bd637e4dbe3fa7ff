package io.robustpose.core.train.data;

/**
 * A batch as flat float arrays, ready to become NDArrays.
 *
 * @param epoch        the epoch it belongs to
 * @param index        its position in the epoch (0-based)
 * @param size         samples in it (the last batch of an epoch may be smaller)
 * @param records      the person indices
 * @param clean        size·3·H·W
 * @param extras       per extra proposal, size·3·H·W
 * @param mixWeights   size·(1 + extras) Dirichlet weights, or null
 * @param target       size·J·(H/4)·(W/4)
 * @param targetWeight size·J
 */
public record TrainBatch(int epoch, int index, int size, int[] records, float[] clean, float[][] extras,
        float[] mixWeights, float[] target, float[] targetWeight) {

    /** Samples {@code [from, to)} as a batch of their own (a micro-batch of gradient accumulation). */
    public TrainBatch slice(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of a batch of " + size);
        }
        int n = to - from;
        int img = clean.length / size;
        float[][] ex = new float[extras.length][];
        for (int e = 0; e < extras.length; e++) {
            ex[e] = java.util.Arrays.copyOfRange(extras[e], from * img, to * img);
        }
        int k = mixWeights == null ? 0 : mixWeights.length / size;
        int hm = target.length / size;
        int j = targetWeight.length / size;
        return new TrainBatch(epoch, index, n, java.util.Arrays.copyOfRange(records, from, to),
                java.util.Arrays.copyOfRange(clean, from * img, to * img), ex,
                mixWeights == null ? null : java.util.Arrays.copyOfRange(mixWeights, from * k, to * k),
                java.util.Arrays.copyOfRange(target, from * hm, to * hm),
                java.util.Arrays.copyOfRange(targetWeight, from * j, to * j));
    }

    static TrainBatch of(int epoch, int index, TrainSample[] samples) {
        int n = samples.length;
        int img = samples[0].clean().length;
        int hm = samples[0].target().length;
        int j = samples[0].targetWeight().length;
        int extras = samples[0].extras().length;
        int[] records = new int[n];
        float[] clean = new float[n * img];
        float[][] ex = new float[extras][n * img];
        float[] target = new float[n * hm];
        float[] weight = new float[n * j];
        float[] mix = samples[0].mixWeights() == null ? null : new float[n * samples[0].mixWeights().length];
        for (int i = 0; i < n; i++) {
            TrainSample s = samples[i];
            records[i] = s.record();
            System.arraycopy(s.clean(), 0, clean, i * img, img);
            for (int e = 0; e < extras; e++) {
                System.arraycopy(s.extras()[e], 0, ex[e], i * img, img);
            }
            System.arraycopy(s.target(), 0, target, i * hm, hm);
            System.arraycopy(s.targetWeight(), 0, weight, i * j, j);
            if (mix != null) {
                int k = s.mixWeights().length;
                System.arraycopy(s.mixWeights(), 0, mix, i * k, k);
            }
        }
        return new TrainBatch(epoch, index, n, records, clean, ex, mix, target, weight);
    }
}
