package io.robustpose.core.eval.coco;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link CocoKeypointEval} computed: pycocotools' {@code eval['precision']} (T×R×K×A×M),
 * {@code eval['recall']} (T×K×A×M) and {@code eval['scores']}, the summary statistics over all
 * categories and per category, the per-image OKS matrices, counts and timings.
 */
public final class CocoEvalResult {
    private final CocoEvalParams params;
    private final long[] imageIds;
    private final int[] categoryIds;
    private final double[] precision;
    private final double[] recall;
    private final double[] scores;
    private final Map<Long, Map<Integer, OksMatrix>> oks;
    private final Counts counts;
    private final Timings timings;
    private final CocoStats stats;
    private final Map<Integer, CocoStats> perCategory;

    /**
     * @param resultsTotal         entries in the results list
     * @param resultsEvaluated     entries of an evaluated image and category
     * @param resultsOtherCategory entries whose category is not in the ground truth (pycocotools never loads them)
     * @param resultsOtherImage    entries for images excluded by {@link CocoEvalParams#imageIds()}
     * @param resultsBeyondMaxDets evaluated entries dropped because their image has more than maxDets better ones
     * @param gtEvaluated          ground truth annotations of the evaluated images and categories
     * @param gtIgnored            of those, crowd or without labelled keypoints (ignored in every area range)
     */
    public record Counts(int images, int categories, long resultsTotal, long resultsEvaluated,
                         long resultsOtherCategory, long resultsOtherImage, long resultsBeyondMaxDets,
                         long gtEvaluated, long gtIgnored) {
    }

    /** Wall-clock milliseconds of the phases (evaluate = prepare + OKS + matching, as pycocotools' evaluate()). */
    public record Timings(double evaluateMs, double accumulateMs, double summarizeMs) {
        public double evaluateAndAccumulateMs() {
            return evaluateMs + accumulateMs;
        }
    }

    CocoEvalResult(CocoEvalParams params, long[] imageIds, int[] categoryIds, double[] precision, double[] recall,
                   double[] scores, Map<Long, Map<Integer, OksMatrix>> oks, Counts counts, double evaluateMs,
                   double accumulateMs) {
        this.params = params;
        this.imageIds = imageIds;
        this.categoryIds = categoryIds;
        this.precision = precision;
        this.recall = recall;
        this.scores = scores;
        this.oks = oks;
        this.counts = counts;
        long t0 = System.nanoTime();
        this.stats = summarizeKeypoints(-1);
        Map<Integer, CocoStats> per = new LinkedHashMap<>();
        for (int k = 0; k < categoryIds.length; k++) {
            per.put(categoryIds[k], summarizeKeypoints(k));
        }
        this.perCategory = Collections.unmodifiableMap(per);
        this.timings = new Timings(evaluateMs, accumulateMs, (System.nanoTime() - t0) / 1e6);
    }

    public CocoEvalParams params() {
        return params;
    }

    /** The 10 standard statistics over all categories (pycocotools' {@code stats}). */
    public CocoStats stats() {
        return stats;
    }

    /** The same statistics for each category alone, by category id. */
    public Map<Integer, CocoStats> perCategory() {
        return perCategory;
    }

    public Counts counts() {
        return counts;
    }

    public Timings timings() {
        return timings;
    }

    /** Evaluated image ids, ascending. */
    public long[] imageIds() {
        return imageIds.clone();
    }

    /** Evaluated category ids, ascending. */
    public int[] categoryIds() {
        return categoryIds.clone();
    }

    /**
     * The OKS matrix of an image for the only (or first) category, or null where pycocotools'
     * computeOks returns [] (no ground truth or no detection).
     */
    public OksMatrix oks(long imageId) {
        return categoryIds.length == 0 ? null : oks(imageId, categoryIds[0]);
    }

    public OksMatrix oks(long imageId, int categoryId) {
        Map<Integer, OksMatrix> m = oks.get(imageId);
        return m == null ? null : m.get(categoryId);
    }

    /** All non-empty OKS matrices by image id and category id. */
    public Map<Long, Map<Integer, OksMatrix>> oksMatrices() {
        return oks;
    }

    private int t() {
        return params.iouThrs().length;
    }

    private int r() {
        return params.recThrs().length;
    }

    private int a() {
        return params.areaRanges().size();
    }

    private int m() {
        return params.maxDets().length;
    }

    /** Interpolated precision at OKS threshold t, recall point r, category k, area a, maxDets m; -1 if absent. */
    public double precision(int t, int r, int k, int a, int m) {
        return precision[index5(t, r, k, a, m)];
    }

    /** Score of the detection that sets {@link #precision} at that point (0 beyond the reached recall). */
    public double score(int t, int r, int k, int a, int m) {
        return scores[index5(t, r, k, a, m)];
    }

    /** Recall at OKS threshold t, category k, area a, maxDets m; -1 if absent. */
    public double recall(int t, int k, int a, int m) {
        return recall[index4(t, k, a, m)];
    }

    private int index5(int t, int r, int k, int a, int m) {
        return (((t * r() + r) * categoryIds.length + k) * a() + a) * m() + m;
    }

    private int index4(int t, int k, int a, int m) {
        return ((t * categoryIds.length + k) * a() + a) * m() + m;
    }

    /** The 10 keypoint statistics of pycocotools' {@code _summarizeKps}; k = -1 for all categories. */
    private CocoStats summarizeKeypoints(int k) {
        double[] s = new double[10];
        s[0] = summarize(true, null, "all", 20, k);
        s[1] = summarize(true, .5, "all", 20, k);
        s[2] = summarize(true, .75, "all", 20, k);
        s[3] = summarize(true, null, "medium", 20, k);
        s[4] = summarize(true, null, "large", 20, k);
        s[5] = summarize(false, null, "all", 20, k);
        s[6] = summarize(false, .5, "all", 20, k);
        s[7] = summarize(false, .75, "all", 20, k);
        s[8] = summarize(false, null, "medium", 20, k);
        s[9] = summarize(false, null, "large", 20, k);
        return CocoStats.of(s);
    }

    /**
     * pycocotools' {@code _summarize}: the mean of the entries > -1 of precision (or recall) at the
     * selected threshold, area label and maxDets, in numpy's C order (t, r, k) and with numpy's
     * pairwise summation; -1 if there are none.
     *
     * @param iouThr an exact threshold value ({@code np.where(iouThr == p.iouThrs)}), or null for all
     * @param k      a category index, or -1 for all categories
     */
    public double summarize(boolean ap, Double iouThr, String areaLabel, int maxDets, int k) {
        List<CocoEvalParams.AreaRange> areas = params.areaRanges();
        int[] md = params.maxDets();
        int T = t();
        int R = ap ? r() : 1;
        int K = categoryIds.length;
        double[] buf = new double[T * R * Math.max(K, 1) * areas.size() * md.length];
        int n = 0;
        for (int a = 0; a < areas.size(); a++) {
            if (!areas.get(a).label().equals(areaLabel)) {
                continue;
            }
            for (int m = 0; m < md.length; m++) {
                if (md[m] != maxDets) {
                    continue;
                }
                for (int t = 0; t < T; t++) {
                    if (iouThr != null && params.iouThrs()[t] != iouThr) {
                        continue;
                    }
                    for (int r = 0; r < R; r++) {
                        for (int kk = 0; kk < K; kk++) {
                            if (k >= 0 && kk != k) {
                                continue;
                            }
                            double v = ap ? precision[index5(t, r, kk, a, m)] : recall[index4(t, kk, a, m)];
                            if (v > -1) {
                                buf[n++] = v;
                            }
                        }
                    }
                }
            }
        }
        // pycocotools selects one label and one maxDets value; more than one match is not a pycocotools case
        return n == 0 ? -1 : io.robustpose.core.eval.NumpySum.mean(buf, n);
    }
}
