package io.robustpose.core.train.bottomup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loss of HigherHRNet (lib/core/loss.py, {@code MultiLossFactory} with the COCO configs' LOSS
 * section): per resolution, the heatmap MSE masked where crowds and unannotated people are (mean over joints
 * and pixels, then over the batch), and at 1/4 resolution the associative-embedding losses of Newell et al.
 * on the tag maps — pull: per person the mean squared distance of its joints' tags to their mean, summed
 * over people and divided by their number; push: {@code Σ exp(−(t_i − t_j)²)} over pairs of person means
 * (diagonal removed), divided by {@code 2·n·(n−1)} ("exp" type); an image with one person has no push, one
 * without any neither. Push and pull are weighted 0.001 (PUSH/PULL_LOSS_FACTOR); the total is what
 * lib/core/trainer.py back-propagates: the sum of the batch means of every term.
 */
public final class AssociativeEmbeddingLoss {
    /** LOSS.PUSH_LOSS_FACTOR and PULL_LOSS_FACTOR of the w32_512 and w48_640 configs. */
    public static final float PUSH_FACTOR = 0.001f;
    public static final float PULL_FACTOR = 0.001f;

    /** The total (a scalar NDArray for backward) and its terms as numbers, for the log. */
    public record Terms(NDArray total, double heatmaps0, double push, double pull, double heatmaps1) {
    }

    private final int joints;

    public AssociativeEmbeddingLoss(int joints) {
        this.joints = joints;
    }

    /**
     * @param outputs {@code [N, 2J, H/4, W/4]} heatmaps + tags and {@code [N, J, H/2, W/2]} heatmaps
     * @param targets the target heatmaps at both resolutions
     * @param masks   {@code [N, h, w]} per resolution, 0 where the loss is ignored
     * @param people  per image, per person, per joint {@code {index into the flattened J×h×w tag maps, visible}}
     */
    public Terms compute(NDList outputs, NDList targets, NDList masks, long[][][][] people) {
        NDArray out0 = outputs.get(0);
        NDArray heat0 = heatmapLoss(out0.get(new NDIndex(":, :{}", joints)), targets.get(0), masks.get(0));
        NDArray heat1 = heatmapLoss(outputs.get(1), targets.get(1), masks.get(1));
        long n = out0.getShape().get(0);
        NDArray tags = out0.get(new NDIndex(":, {}:", joints)).reshape(n, -1);
        NDManager manager = out0.getManager();
        List<NDArray> pushes = new ArrayList<>();
        List<NDArray> pulls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NDArray[] pp = singleImage(manager, tags.get(i), people[i]);
            pushes.add(pp[0]);
            pulls.add(pp[1]);
        }
        NDArray push = NDArrays.stack(new NDList(pushes)).mean().mul(PUSH_FACTOR);
        NDArray pull = NDArrays.stack(new NDList(pulls)).mean().mul(PULL_FACTOR);
        NDArray total = heat0.add(push).add(pull).add(heat1);
        return new Terms(total, heat0.getFloat(), push.getFloat(), pull.getFloat(), heat1.getFloat());
    }

    /** {@code ((pred − gt)² · mask).mean over joints and pixels}, then over the batch. */
    public static NDArray heatmapLoss(NDArray pred, NDArray target, NDArray mask) {
        // as the official code: the mean over width, then height, then joints
        return pred.sub(target).square().mul(mask.expandDims(1)).mean(new int[] {3}).mean(new int[] {2})
                .mean(new int[] {1}).mean();
    }

    /** {push, pull} of one image ({@code singleTagLoss}). */
    private static NDArray[] singleImage(NDManager manager, NDArray tags, long[][][] people) {
        List<NDArray> means = new ArrayList<>();
        NDArray pull = null;
        for (long[][] person : people) {
            List<Long> idx = new ArrayList<>();
            for (long[] joint : person) {
                if (joint[1] > 0) {
                    idx.add(joint[0]);
                }
            }
            if (idx.isEmpty()) {
                continue;
            }
            NDArray t = tags.take(manager.create(idx.stream().mapToLong(Long::longValue).toArray()));
            NDArray mean = t.mean();
            means.add(mean);
            NDArray p = t.sub(mean).square().mean();
            pull = pull == null ? p : pull.add(p);
        }
        int count = means.size();
        NDArray zero = manager.zeros(new ai.djl.ndarray.types.Shape());
        if (count == 0) {
            return new NDArray[] {zero, zero};
        }
        if (count == 1) {
            return new NDArray[] {zero, pull};
        }
        NDArray m = NDArrays.stack(new NDList(means)); // [count]
        NDArray diff = m.expandDims(0).sub(m.expandDims(1));
        NDArray push = diff.square().neg().exp().sum().sub((float) count).div((float) ((count - 1) * count)).mul(0.5f);
        return new NDArray[] {push, pull.div((float) count)};
    }
}
