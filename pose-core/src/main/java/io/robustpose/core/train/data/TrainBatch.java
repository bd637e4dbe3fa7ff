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
 * @param bottomUp     a bottom-up network's further targets, or null
 */
public record TrainBatch(int epoch, int index, int size, int[] records, float[] clean, float[][] extras,
        float[] mixWeights, float[] target, float[] targetWeight, BottomUp bottomUp) {

    /** As {@link TrainSample.BottomUp}, for the batch: arrays concatenated, tags per image. */
    public record BottomUp(float[] heatmaps1, float[] mask0, float[] mask1, long[][][][] tags) {
        BottomUp slice(int from, int to, int size) {
            int h = heatmaps1.length / size;
            int m0 = mask0.length / size;
            int m1 = mask1.length / size;
            return new BottomUp(java.util.Arrays.copyOfRange(heatmaps1, from * h, to * h),
                    java.util.Arrays.copyOfRange(mask0, from * m0, to * m0),
                    java.util.Arrays.copyOfRange(mask1, from * m1, to * m1),
                    java.util.Arrays.copyOfRange(tags, from, to));
        }

        static BottomUp of(TrainSample[] samples) {
            int n = samples.length;
            TrainSample.BottomUp first = samples[0].bottomUp();
            int h = first.heatmaps1().length;
            int m0 = first.mask0().length;
            int m1 = first.mask1().length;
            float[] heat = new float[n * h];
            float[] mask0 = new float[n * m0];
            float[] mask1 = new float[n * m1];
            long[][][][] tags = new long[n][][][];
            for (int i = 0; i < n; i++) {
                TrainSample.BottomUp b = samples[i].bottomUp();
                System.arraycopy(b.heatmaps1(), 0, heat, i * h, h);
                System.arraycopy(b.mask0(), 0, mask0, i * m0, m0);
                System.arraycopy(b.mask1(), 0, mask1, i * m1, m1);
                tags[i] = b.tags();
            }
            return new BottomUp(heat, mask0, mask1, tags);
        }
    }

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
                java.util.Arrays.copyOfRange(targetWeight, from * j, to * j),
                bottomUp == null ? null : bottomUp.slice(from, to, size));
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
        return new TrainBatch(epoch, index, n, records, clean, ex, mix, target, weight,
                samples[0].bottomUp() == null ? null : BottomUp.of(samples));
    }
}
