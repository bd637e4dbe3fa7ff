package io.robustpose.core.eval.pckh;

import io.robustpose.core.Identified;
import io.robustpose.core.dataset.MpiiJoint;
import io.robustpose.core.eval.NumpySum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PCKh on MPII, as the official evaluation (MATLAB evaluatePCKh, HRNet's {@code mpii.py evaluate})
 * computes it, or in mmpose 1.x's variant.
 * <ul>
 * <li>Head size: 0.6 ({@code SC_BIAS}) × the diagonal of the head box.</li>
 * <li>A visible joint is correct when its error / head size ≤ 0.5 (official) or &lt; 0.5 (mmpose).
 *     1 is added to 0-based predictions before comparing with the 1-based ground truth.</li>
 * <li>Per joint: {@code 100 * correct / visible}; Head = head top; Shoulder, Elbow, Wrist, Hip,
 *     Knee, Ankle = mean of left and right.</li>
 * <li>Mean: per-joint values weighted by joint counts, pelvis and thorax left out, summed with
 *     numpy's pairwise order over the 14 remaining joints.</li>
 * <li>{@code Mean@0.1_rng10}: the same at threshold 0.1 ({@code np.arange(0, 0.51, 0.01)[10]});
 *     {@code Mean@0.1_rng11_hrnet}: HRNet's reported "Mean@0.1", which reads index 11, i.e. 0.11.</li>
 * </ul>
 */
public final class Pckh {
    /** HRNet: SC_BIAS = 0.6. */
    public static final double SC_BIAS = 0.6;
    public static final double THRESHOLD = 0.5;

    public enum Variant implements Identified {
        /** Official MPII / HRNet: error / head size ≤ threshold. */
        OFFICIAL,
        /** mmpose 1.x MpiiPCKAccuracy: error / head size &lt; threshold. */
        MMPOSE;

        @Override
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Variant> byId(String id) {
            return Arrays.stream(values()).filter(v -> v.id().equalsIgnoreCase(id.trim())).findFirst();
        }
    }

    /**
     * Everything one evaluation yields.
     *
     * @param perJoint    PCKh per joint in MPII order, in percent (NaN for a joint that is never visible)
     * @param jointCount  visible ground truth joints per joint
     */
    public record Result(Variant variant, boolean predPlusOne, double[] headSize, double[] perJoint, long[] jointCount,
                         double head, double shoulder, double elbow, double wrist, double hip, double knee,
                         double ankle, double mean, double meanAt01, double meanAt011Hrnet) {

        /** The keys and order of the reference files' {@code official} / {@code mmpose} objects. */
        public LinkedHashMap<String, Object> toMap() {
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("variant", variant.id());
            m.put("thr", THRESHOLD);
            m.put("sc_bias", SC_BIAS);
            m.put("pred_plus_one", predPlusOne);
            List<Double> hs = new ArrayList<>(headSize.length);
            for (double h : headSize) {
                hs.add(h);
            }
            m.put("head_size", hs);
            LinkedHashMap<String, Double> joints = new LinkedHashMap<>();
            LinkedHashMap<String, Long> counts = new LinkedHashMap<>();
            for (MpiiJoint j : MpiiJoint.values()) {
                joints.put(j.id(), perJoint[j.ordinal()]);
                counts.put(j.id(), jointCount[j.ordinal()]);
            }
            m.put("per_joint_PCKh", joints);
            m.put("joint_count", counts);
            m.put("Head", head);
            m.put("Shoulder", shoulder);
            m.put("Elbow", elbow);
            m.put("Wrist", wrist);
            m.put("Hip", hip);
            m.put("Knee", knee);
            m.put("Ankle", ankle);
            m.put("Mean", mean);
            m.put("Mean@0.1_rng10", meanAt01);
            m.put("Mean@0.1_rng11_hrnet", meanAt011Hrnet);
            return m;
        }
    }

    private Pckh() {
    }

    /** The reference files' key/value map for one variant. */
    public static LinkedHashMap<String, Object> evaluate(PckhCase c, Variant variant) {
        return compute(c, variant).toMap();
    }

    public static Result compute(PckhCase c, Variant variant) {
        int n = c.persons();
        int J = MpiiJoint.COUNT;
        double[] headSize = new double[n];
        for (int p = 0; p < n; p++) {
            double[][] box = c.headboxes()[p];
            double w = box[1][0] - box[0][0];
            double h = box[1][1] - box[0][1];
            headSize[p] = Math.sqrt(w * w + h * h) * SC_BIAS; // np.linalg.norm, then *= SC_BIAS
        }
        // normalized errors of visible joints (NaN for invisible ones, which never count)
        double[][] scaled = new double[n][J];
        long[] count = new long[J];
        double offset = c.predIsZeroBased() ? 1.0 : 0.0;
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < J; j++) {
                if (c.visible()[p][j] == 0) {
                    scaled[p][j] = Double.NaN;
                    continue;
                }
                count[j]++;
                double dx = (c.pred()[p][j][0] + offset) - c.gt()[p][j][0];
                double dy = (c.pred()[p][j][1] + offset) - c.gt()[p][j][1];
                scaled[p][j] = Math.sqrt(dx * dx + dy * dy) / headSize[p];
            }
        }
        double[] perJoint = pck(scaled, count, THRESHOLD, variant);
        double[] ratio = jointRatio(count);
        // np.arange(0, 0.5 + 0.01, 0.01)[i] = i * 0.01
        double mean01 = weightedMean(pck(scaled, count, 10 * 0.01, variant), ratio);
        double mean011 = weightedMean(pck(scaled, count, 11 * 0.01, variant), ratio);
        return new Result(variant, c.predIsZeroBased(), headSize, perJoint, count,
                perJoint[MpiiJoint.HEAD_TOP.ordinal()],
                pair(perJoint, MpiiJoint.L_SHOULDER, MpiiJoint.R_SHOULDER),
                pair(perJoint, MpiiJoint.L_ELBOW, MpiiJoint.R_ELBOW),
                pair(perJoint, MpiiJoint.L_WRIST, MpiiJoint.R_WRIST),
                pair(perJoint, MpiiJoint.L_HIP, MpiiJoint.R_HIP),
                pair(perJoint, MpiiJoint.L_KNEE, MpiiJoint.R_KNEE),
                pair(perJoint, MpiiJoint.L_ANKLE, MpiiJoint.R_ANKLE),
                weightedMean(perJoint, ratio), mean01, mean011);
    }

    /** {@code 100 * correct / count} per joint. */
    private static double[] pck(double[][] scaled, long[] count, double threshold, Variant variant) {
        int J = count.length;
        long[] correct = new long[J];
        for (double[] person : scaled) {
            for (int j = 0; j < J; j++) {
                double e = person[j];
                // NaN (invisible, or 0/0 for a zero head box) compares false either way
                if (variant == Variant.OFFICIAL ? e <= threshold : e < threshold) {
                    correct[j]++;
                }
            }
        }
        double[] out = new double[J];
        for (int j = 0; j < J; j++) {
            out[j] = 100. * correct[j] / count[j];
        }
        return out;
    }

    private static boolean excluded(int j) {
        return j == MpiiJoint.PELVIS.ordinal() || j == MpiiJoint.THORAX.ordinal();
    }

    /** {@code jnt_count / sum(jnt_count)} over the joints that enter the mean. */
    private static double[] jointRatio(long[] count) {
        long total = 0;
        for (int j = 0; j < count.length; j++) {
            if (!excluded(j)) {
                total += count[j];
            }
        }
        double[] ratio = new double[count.length];
        for (int j = 0; j < count.length; j++) {
            ratio[j] = excluded(j) ? 0 : count[j] / (double) total;
        }
        return ratio;
    }

    private static double weightedMean(double[] perJoint, double[] ratio) {
        double[] terms = new double[perJoint.length - 2];
        int n = 0;
        for (int j = 0; j < perJoint.length; j++) {
            if (!excluded(j)) {
                terms[n++] = perJoint[j] * ratio[j];
            }
        }
        return NumpySum.sum(terms, 0, n);
    }

    private static double pair(double[] perJoint, MpiiJoint left, MpiiJoint right) {
        return 0.5 * (perJoint[left.ordinal()] + perJoint[right.ordinal()]);
    }
}
