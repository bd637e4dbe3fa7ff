package io.robustpose.core.train.advmix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Mixing K proposals: weights {@code [N, K, H, W]} (per pixel) or {@code [N, K, 1, 1]} (per image)
 * that sum to 1 over K, and {@code mix = Σ_k w_k · image_k} with the same weight for the three
 * colour channels, on normalized images (the authors' {@code train_advmix}).
 */
public final class MixWeights {

    private MixWeights() {
    }

    /** AdvMix: softmax over the proposals of the generator's logits, per pixel. */
    public static NDArray perPixel(NDArray logits) {
        return logits.softmax(1);
    }

    /** advmix-image: one weight per proposal and image, softmax of the spatially averaged logits. */
    public static NDArray perImage(NDArray logits) {
        long n = logits.getShape().get(0);
        long k = logits.getShape().get(1);
        return logits.reshape(n, k, -1).mean(new int[] {2}).reshape(n, k, 1, 1).softmax(1);
    }

    /** Σ_k w[:, k] · images[k]; {@code weights} is [N, K, H, W] or [N, K, 1, 1]. */
    public static NDArray mix(NDList images, NDArray weights) {
        NDArray acc = null;
        for (int k = 0; k < images.size(); k++) {
            NDArray wk = weights.get(new NDIndex().addAllDim().addSliceDim(k, k + 1));
            NDArray term = images.get(k).mul(wk);
            acc = acc == null ? term : acc.add(term);
        }
        return acc;
    }
}
