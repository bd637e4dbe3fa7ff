package io.robustpose.core.bottomup;

import io.robustpose.core.eval.NumpySum;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups joints into people from heatmaps and associative-embedding tags (Newell et al. 2017), as the
 * official HigherHRNet test does it ({@code HeatmapParser} of lib/core/group.py): heatmap NMS by a 5×5
 * max-pool, the top 30 candidates per joint, joint-by-joint matching to the people found so far by tag
 * distance with the Hungarian algorithm ({@link Munkres}, the same solver, so equal-cost assignments
 * are broken the same way), a quarter-pixel {@code adjust}, and {@code refine}, which fills each
 * person's missing joints from the best heatmap value near the person's mean tag.
 *
 * <p>Arithmetic follows the official numpy/torch types where it decides outcomes: tag means and the
 * person scores in float32 (numpy's pairwise sum for the 17-joint score mean), tag distances in float64
 * for matching and float32 for refine, {@code np.round} as round-half-even.
 */
public final class AssociativeEmbeddingParser {

    /** The grouping settings; {@link #higherHrNet()} gives the values of the official w32/w48 COCO configs. */
    public record Params(int maxPeople, double detectionThreshold, double tagThreshold, boolean useDetectionVal,
                         boolean ignoreTooMuch, int nmsKernel, int nmsPadding, int[] jointOrder) {
        /**
         * DATASET.MAX_NUM_PEOPLE 30, TEST.DETECTION_THRESHOLD 0.1, TAG_THRESHOLD 1.0, USE_DETECTION_VAL,
         * not IGNORE_TOO_MUCH, NMS_KERNEL 5 / NMS_PADDING 2 (experiments/coco/higher_hrnet/*.yaml,
         * lib/config/default.py); joints visited in group.py's order without the center joint.
         */
        public static Params higherHrNet() {
            return new Params(30, 0.1, 1.0, true, false, 5, 2,
                    new int[]{0, 1, 2, 3, 4, 5, 6, 11, 12, 7, 8, 9, 10, 13, 14, 15, 16});
        }
    }

    /**
     * The maps of one image at parser resolution: {@code heatmaps} [J][H][W] and {@code tags} [J][H][W][K]
     * (K = 2 with flip test: the plain and the flipped pass), row-major float32.
     */
    public record Maps(int joints, int height, int width, int tagDim, float[] heatmaps, float[] tags) {
        public Maps {
            if (heatmaps.length != joints * height * width || tags.length != heatmaps.length * tagDim) {
                throw new IllegalArgumentException("maps of " + joints + "×" + height + "×" + width + "×" + tagDim
                        + " need " + joints * height * width + " heatmap and " + joints * height * width * tagDim
                        + " tag values, got " + heatmaps.length + " and " + tags.length);
            }
        }

        float det(int j, int y, int x) {
            return heatmaps[(j * height + y) * width + x];
        }

        float tag(int j, int y, int x, int k) {
            return tags[((j * height + y) * width + x) * tagDim + k];
        }
    }

    /** One candidate of a joint after NMS: pixel position, heatmap value and its K tag values. */
    public record Candidate(int x, int y, float val, float[] tag) {
    }

    /**
     * A grouped person: per joint {@code [x, y, score, tag_0..tag_K-1]} in parser pixel coordinates
     * (float32, as the official array), and {@code score}, the mean joint score before refine.
     */
    public record Person(float[][] joints, float score) {
    }

    private final Params params;

    public AssociativeEmbeddingParser(Params params) {
        this.params = params;
    }

    /** The whole parse: match, adjust, score, refine ({@code parse(det, tag, adjust, refine)}). */
    public List<Person> parse(Maps maps, boolean adjust, boolean refine) {
        List<float[][]> people = match(topK(maps), maps);
        if (adjust) {
            adjust(people, maps);
        }
        float[] scores = new float[people.size()];
        for (int p = 0; p < people.size(); p++) {
            float[] col = new float[maps.joints()];
            for (int j = 0; j < col.length; j++) {
                col[j] = people.get(p)[j][2];
            }
            scores[p] = NumpySum.mean(col); // numpy's pairwise float32 sum (17 values)
        }
        if (refine) {
            for (float[][] person : people) {
                refine(person, maps);
            }
        }
        List<Person> out = new ArrayList<>();
        for (int p = 0; p < people.size(); p++) {
            out.add(new Person(people.get(p), scores[p]));
        }
        return out;
    }

    /**
     * Per joint, the top {@code maxPeople} values of the NMS'd heatmap in descending order (equal values:
     * lower pixel index first; torch.topk leaves that order unspecified), with their tags.
     */
    public List<List<Candidate>> topK(Maps m) {
        int h = m.height();
        int w = m.width();
        int k = params.maxPeople();
        int r = params.nmsPadding();
        int size = params.nmsKernel();
        List<List<Candidate>> out = new ArrayList<>();
        float[] kept = new float[h * w];
        for (int j = 0; j < m.joints(); j++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = m.det(j, y, x);
                    float max = Float.NEGATIVE_INFINITY; // the pool's padding never wins
                    for (int yy = Math.max(0, y - r); yy < Math.min(h, y - r + size); yy++) {
                        for (int xx = Math.max(0, x - r); xx < Math.min(w, x - r + size); xx++) {
                            max = Math.max(max, m.det(j, yy, xx));
                        }
                    }
                    // det * (maxm == det): a suppressed value becomes v * 0 (-0.0 for negative v, as in torch)
                    kept[y * w + x] = max == v ? v : v * 0f;
                }
            }
            int[] best = topIndices(kept, Math.min(k, kept.length));
            List<Candidate> cands = new ArrayList<>();
            for (int ind : best) {
                int x = ind % w;
                int y = ind / w;
                float[] tag = new float[m.tagDim()];
                for (int t = 0; t < tag.length; t++) {
                    tag[t] = m.tag(j, y, x, t);
                }
                cands.add(new Candidate(x, y, kept[ind], tag));
            }
            out.add(cands);
        }
        return out;
    }

    private static int[] topIndices(float[] values, int k) {
        int[] best = new int[k];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (n == k && !(v > values[best[n - 1]])) {
                continue;
            }
            int pos = n == k ? k - 1 : n++;
            while (pos > 0 && v > values[best[pos - 1]]) {
                best[pos] = best[pos - 1];
                pos--;
            }
            best[pos] = i;
        }
        return best;
    }

    /** A person while matching: the joint rows (float64 as numpy holds them), its key and its tags so far. */
    private static final class Grouped {
        final float key;
        final double[][] joints;
        List<float[]> tags = new ArrayList<>();

        Grouped(float key, int numJoints, int cols) {
            this.key = key;
            this.joints = new double[numJoints][cols];
        }
    }

    /** {@code match_by_tag}: people as {@code [J][3+K]} float32 arrays in the official dict order. */
    public List<float[][]> match(List<List<Candidate>> topK, Maps m) {
        int numJoints = m.joints();
        int kDim = m.tagDim();
        List<Grouped> people = new ArrayList<>();
        for (int i = 0; i < numJoints; i++) {
            int idx = params.jointOrder()[i];
            List<Candidate> rows = new ArrayList<>();
            for (Candidate c : topK.get(idx)) {
                if ((double) c.val() > params.detectionThreshold()) {
                    rows.add(c);
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            if (i == 0 || people.isEmpty()) {
                for (Candidate c : rows) {
                    newPerson(people, c, idx, numJoints, kDim);
                }
                continue;
            }
            int numGrouped = Math.min(people.size(), params.maxPeople());
            if (params.ignoreTooMuch() && numGrouped == params.maxPeople()) {
                continue;
            }
            List<Grouped> grouped = List.copyOf(people.subList(0, numGrouped));
            float[][] groupedTags = new float[numGrouped][];
            for (int g = 0; g < numGrouped; g++) {
                groupedTags[g] = meanRows(grouped.get(g).tags, kDim);
            }
            int numAdded = rows.size();
            double[][] diffSaved = new double[numAdded][numGrouped];
            double[][] cost = new double[numAdded][Math.max(numAdded, numGrouped)];
            for (int r = 0; r < numAdded; r++) {
                Candidate c = rows.get(r);
                for (int g = 0; g < numGrouped; g++) {
                    double sum = 0;
                    for (int t = 0; t < kDim; t++) {
                        double d = (double) c.tag()[t] - (double) groupedTags[g][t];
                        sum += d * d;
                    }
                    double dist = Math.sqrt(sum);
                    diffSaved[r][g] = dist;
                    cost[r][g] = params.useDetectionVal() ? Math.rint(dist) * 100 - (double) c.val() : dist;
                }
                for (int g = numGrouped; g < cost[r].length; g++) {
                    cost[r][g] = 1e10; // group.py pads a tall matrix to square with 1e10
                }
            }
            for (int[] pair : Munkres.compute(cost)) {
                int r = pair[0];
                int col = pair[1];
                Candidate c = rows.get(r);
                if (r < numAdded && col < numGrouped && diffSaved[r][col] < params.tagThreshold()) {
                    Grouped g = grouped.get(col);
                    g.joints[idx] = row(c, kDim);
                    g.tags.add(c.tag());
                } else {
                    newPerson(people, c, idx, numJoints, kDim);
                }
            }
        }
        List<float[][]> out = new ArrayList<>();
        for (Grouped g : people) {
            float[][] a = new float[numJoints][3 + kDim];
            for (int j = 0; j < numJoints; j++) {
                for (int c = 0; c < a[j].length; c++) {
                    a[j][c] = (float) g.joints[j][c];
                }
            }
            out.add(a);
        }
        return out;
    }

    /** {@code joint_dict.setdefault(tag[0], zeros)[idx] = joint; tag_dict[tag[0]] = [tag]}: an equal key reuses its person. */
    private static void newPerson(List<Grouped> people, Candidate c, int idx, int numJoints, int kDim) {
        float key = c.tag()[0];
        Grouped g = null;
        for (Grouped p : people) {
            if (p.key == key) {
                g = p;
                break;
            }
        }
        if (g == null) {
            g = new Grouped(key, numJoints, 3 + kDim);
            people.add(g);
        }
        g.joints[idx] = row(c, kDim);
        g.tags = new ArrayList<>(List.of(c.tag()));
    }

    private static double[] row(Candidate c, int kDim) {
        double[] r = new double[3 + kDim];
        r[0] = c.x();
        r[1] = c.y();
        r[2] = c.val();
        for (int t = 0; t < kDim; t++) {
            r[3 + t] = c.tag()[t];
        }
        return r;
    }

    /** {@code np.mean(list_of_float32_vectors, axis=0)}: a float32 running sum over the rows, then / n. */
    private static float[] meanRows(List<float[]> rows, int kDim) {
        float[] s = new float[kDim];
        for (float[] r : rows) {
            for (int t = 0; t < kDim; t++) {
                s[t] += r[t];
            }
        }
        for (int t = 0; t < kDim; t++) {
            s[t] /= rows.size();
        }
        return s;
    }

    /**
     * {@code adjust}: a quarter pixel towards the higher neighbour in x and in y (strict {@code >}, so
     * equal neighbours move back), read on the un-suppressed heatmap, then +0.5 (pixel centres).
     */
    public void adjust(List<float[][]> people, Maps m) {
        int h = m.height();
        int w = m.width();
        for (float[][] person : people) {
            for (int j = 0; j < person.length; j++) {
                float[] joint = person[j];
                if (joint[2] > 0) {
                    float x = joint[0];
                    float y = joint[1];
                    int xx = (int) x;
                    int yy = (int) y;
                    x += m.det(j, yy, Math.min(xx + 1, w - 1)) > m.det(j, yy, Math.max(xx - 1, 0)) ? 0.25f : -0.25f;
                    y += m.det(j, Math.min(yy + 1, h - 1), xx) > m.det(j, Math.max(yy - 1, 0), xx) ? 0.25f : -0.25f;
                    joint[0] = x + 0.5f;
                    joint[1] = y + 0.5f;
                }
            }
        }
    }

    /**
     * {@code refine}: every joint with score exactly 0 takes, if positive, the heatmap value at the
     * first maximum of {@code det - round(|tag - person's mean tag|)}, at that pixel's centre ±¼ pixel.
     */
    public void refine(float[][] person, Maps m) {
        int h = m.height();
        int w = m.width();
        int kDim = m.tagDim();
        List<float[]> tags = new ArrayList<>();
        for (int j = 0; j < person.length; j++) {
            if (person[j][2] > 0) {
                int x = (int) person[j][0];
                int y = (int) person[j][1];
                float[] t = new float[kDim];
                for (int k = 0; k < kDim; k++) {
                    t[k] = m.tag(j, y, x, k);
                }
                tags.add(t);
            }
        }
        if (tags.isEmpty()) {
            return;
        }
        float[] prevTag = meanRows(tags, kDim);
        for (int j = 0; j < person.length; j++) {
            int bestX = 0;
            int bestY = 0;
            float best = Float.NaN;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float sum = 0f;
                    for (int k = 0; k < kDim; k++) {
                        float d = m.tag(j, y, x, k) - prevTag[k];
                        sum += d * d;
                    }
                    float tt = (float) Math.sqrt(sum);
                    float v = m.det(j, y, x) - (float) Math.rint(tt);
                    if (Float.isNaN(best) || v > best) { // np.argmax: the first maximum
                        best = v;
                        bestX = x;
                        bestY = y;
                    }
                }
            }
            float val = m.det(j, bestY, bestX);
            double x = bestX + 0.5;
            double y = bestY + 0.5;
            x += m.det(j, bestY, Math.min(bestX + 1, w - 1)) > m.det(j, bestY, Math.max(bestX - 1, 0)) ? 0.25 : -0.25;
            y += m.det(j, Math.min(bestY + 1, h - 1), bestX) > m.det(j, Math.max(bestY - 1, 0), bestX) ? 0.25 : -0.25;
            if (val > 0 && person[j][2] == 0) {
                person[j][0] = (float) x;
                person[j][1] = (float) y;
                person[j][2] = val;
            }
        }
    }
}
