package io.robustpose.core.eval.coco;

import io.robustpose.core.dataset.CocoAnnotation;
import io.robustpose.core.dataset.CocoCategory;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.MalformedRecordException;
import io.robustpose.core.eval.NumpySum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * COCO keypoint evaluation computing what pycocotools 2.0's {@code COCOeval(gt, gt.loadRes(results),
 * 'keypoints')} computes in {@code evaluate()}, {@code accumulate()} and {@code summarize()}, in the
 * same floating point order:
 * <ul>
 * <li>OKS per (detection, GT): {@code sum(exp(-e)) / n} over the labelled joints (v > 0) with
 *     {@code e = (dx² + dy²) / (2σ)² / (area + np.spacing(1)) / 2}; for GT without labelled joints,
 *     the distance to the GT box enlarged by its size on each side, over all joints.</li>
 * <li>Detections sorted by score, stable ({@code mergesort}), at most maxDets per image; GT sorted
 *     with ignored ones last; greedy matching in that order where crowd GT can match many
 *     detections, an ignored GT is only taken when no regular one matched, and ties go to the later GT.</li>
 * <li>A GT is ignored if crowd, without labelled keypoints ({@code num_keypoints == 0}) or outside
 *     the area range (by its {@code area} field); unmatched detections outside the range are ignored.
 *     A detection matched to a GT with id 0 counts as a false positive (pycocotools stores the GT
 *     id as the match and tests it for non-zero).</li>
 * <li>Precision {@code tp / (tp + fp + np.spacing(1))} made monotone from the right and read at
 *     101 recall points ({@code searchsorted}, left); recall of the last detection.</li>
 * <li>Summary means over the entries > -1 with numpy's pairwise summation; -1 when none.</li>
 * </ul>
 * Input checks follow pycocotools where it has a rule (results for images that are not in the
 * ground truth are rejected, as loadRes asserts) and are explicit errors where pycocotools would
 * fail or silently compute nonsense (wrong keypoint count, NaN score, duplicated GT ids). An empty
 * results list, on which loadRes raises IndexError, is evaluated as "no detections" (AP and AR 0).
 */
public final class CocoKeypointEval {
    /** numpy's {@code np.spacing(1)} = 2^-52. */
    static final double SPACING_1 = Math.ulp(1.0);

    private CocoKeypointEval() {
    }

    public static CocoEvalResult evaluate(CocoDataset groundTruth, List<KeypointResult> results) {
        return evaluate(groundTruth, results, CocoEvalParams.keypoints());
    }

    public static CocoEvalResult evaluate(CocoDataset groundTruth, List<KeypointResult> results, CocoEvalParams params) {
        long t0 = System.nanoTime();
        Prepared prep = new Prepared(groundTruth, results, params);
        ImageEval[][] evals = evaluateImages(prep, params);
        long t1 = System.nanoTime();
        Accumulator acc = new Accumulator(prep, evals, params);
        acc.run();
        long t2 = System.nanoTime();
        CocoEvalResult.Counts counts = new CocoEvalResult.Counts(prep.imageIds.length, prep.categoryIds.length,
                results.size(), prep.resultsEvaluated, prep.resultsOtherCategory, prep.resultsOtherImage,
                beyondMaxDets(evals), prep.gtCount, prep.gtIgnoredCount);
        return new CocoEvalResult(params, prep.imageIds, prep.categoryIds, acc.precision, acc.recall, acc.scores,
                oksMatrices(prep, evals), counts, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }

    /** Ground truth and detections grouped by (category, image), validated, in pycocotools' order. */
    static final class Prepared {
        final long[] imageIds;
        final int[] categoryIds;
        final String source;
        final int numJoints;
        // ground truth of evaluated images and categories, flat
        final List<CocoAnnotation> gts = new ArrayList<>();
        final boolean[] gtIgnoreBase;
        final int[][][] gtByCategoryImage;
        final long gtCount;
        final long gtIgnoredCount;
        // detections: indexed by position in the results list (pycocotools id = position + 1)
        final List<KeypointResult> results;
        final double[] dtScore;
        final double[] dtArea;
        final int[][][] dtByCategoryImage;
        long resultsEvaluated;
        long resultsOtherCategory;
        long resultsOtherImage;

        Prepared(CocoDataset gt, List<KeypointResult> results, CocoEvalParams p) {
            this.source = gt.summary() == null ? "ground truth" : gt.summary().source();
            this.results = results;
            this.numJoints = p.numKeypoints();
            this.imageIds = selectImages(gt, p);
            TreeSet<Integer> cats = new TreeSet<>();
            for (CocoCategory c : gt.categories()) {
                cats.add(c.id());
            }
            this.categoryIds = cats.stream().mapToInt(Integer::intValue).toArray();
            Map<Long, Integer> imageIndex = new HashMap<>(imageIds.length * 2);
            for (int i = 0; i < imageIds.length; i++) {
                imageIndex.put(imageIds[i], i);
            }
            Map<Integer, Integer> categoryIndex = new HashMap<>();
            for (int k = 0; k < categoryIds.length; k++) {
                categoryIndex.put(categoryIds[k], k);
            }
            checkResultImages(gt, results);

            // ground truth: per evaluated image in id order, annotations in file order (pycocotools' imgToAnns)
            Map<Long, Integer> idCount = new HashMap<>();
            for (CocoAnnotation a : gt.annotations()) {
                idCount.merge(a.id(), 1, Integer::sum);
            }
            List<List<List<Integer>>> gtLists = grouping(categoryIds.length, imageIds.length);
            long ignored = 0;
            List<Boolean> ignoreBase = new ArrayList<>();
            for (int i = 0; i < imageIds.length; i++) {
                for (CocoAnnotation a : gt.annotationsOf(imageIds[i])) {
                    Integer k = categoryIndex.get(a.categoryId());
                    if (k == null) {
                        continue;
                    }
                    checkGroundTruth(a, idCount);
                    // pycocotools: ignore = iscrowd; for keypoints also num_keypoints == 0
                    boolean ig = a.isCrowd() || a.numKeypoints() == 0;
                    ignored += ig ? 1 : 0;
                    gtLists.get(k).get(i).add(gts.size());
                    gts.add(a);
                    ignoreBase.add(ig);
                }
            }
            this.gtCount = gts.size();
            this.gtIgnoredCount = ignored;
            this.gtIgnoreBase = new boolean[gts.size()];
            for (int g = 0; g < gts.size(); g++) {
                gtIgnoreBase[g] = ignoreBase.get(g);
            }
            this.gtByCategoryImage = toArrays(gtLists);

            // detections, in results order
            dtScore = new double[results.size()];
            dtArea = new double[results.size()];
            boolean areaFromBox = !results.isEmpty() && results.get(0).bbox() != null && results.get(0).bbox().length > 0;
            List<List<List<Integer>>> dtLists = grouping(categoryIds.length, imageIds.length);
            for (int d = 0; d < results.size(); d++) {
                KeypointResult r = results.get(d);
                if (Double.isNaN(r.score()) || Double.isInfinite(r.score())) {
                    throw resultError(d, r, "score", "must be a finite number, got " + r.score());
                }
                dtScore[d] = r.score();
                Integer k = categoryIndex.get(r.categoryId());
                if (k == null) {
                    resultsOtherCategory++;
                    continue;
                }
                Integer i = imageIndex.get(r.imageId());
                if (i == null) {
                    resultsOtherImage++;
                    continue;
                }
                double[] kp = r.keypoints();
                if (kp == null || kp.length != 3 * numJoints) {
                    throw resultError(d, r, "keypoints", "expected " + 3 * numJoints + " numbers (x, y, score for "
                            + numJoints + " joints), got " + (kp == null ? "none" : kp.length));
                }
                for (double v : kp) {
                    if (!Double.isFinite(v)) {
                        throw resultError(d, r, "keypoints", "contains " + v);
                    }
                }
                dtArea[d] = areaFromBox ? boxArea(d, r) : keypointExtentArea(kp);
                dtLists.get(k).get(i).add(d);
                resultsEvaluated++;
            }
            this.dtByCategoryImage = toArrays(dtLists);
        }

        private static long[] selectImages(CocoDataset gt, CocoEvalParams p) {
            long[] ids = p.imageIds() != null ? p.imageIds().clone()
                    : gt.imagesById().keySet().stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(ids); // np.unique
            return Arrays.stream(ids).distinct().toArray();
        }

        /** loadRes: {@code assert set(annsImgIds) == (set(annsImgIds) & set(self.getImgIds()))}. */
        private static void checkResultImages(CocoDataset gt, List<KeypointResult> results) {
            TreeSet<Long> unknown = new TreeSet<>();
            long entries = 0;
            for (KeypointResult r : results) {
                if (!gt.hasImage(r.imageId())) {
                    unknown.add(r.imageId());
                    entries++;
                }
            }
            if (!unknown.isEmpty()) {
                List<Long> some = unknown.stream().limit(10).toList();
                throw new IllegalArgumentException(entries + " results refer to " + unknown.size()
                        + " image ids that are not in the ground truth, e.g. " + some
                        + " (pycocotools' loadRes: 'Results do not correspond to current coco set')");
            }
        }

        private void checkGroundTruth(CocoAnnotation a, Map<Long, Integer> idCount) {
            String field = null;
            String problem = null;
            if (!a.hasNumKeypoints()) {
                field = "num_keypoints";
                problem = "missing (the keypoint evaluation ignores GT with num_keypoints 0)";
            } else if (!a.hasIscrowd()) {
                field = "iscrowd";
                problem = "missing (needed to tell crowd regions)";
            } else if (!a.hasArea()) {
                field = "area";
                problem = "missing (OKS scale and area ranges use it)";
            } else if (idCount.getOrDefault(a.id(), 0) > 1) {
                field = "id";
                problem = "used by " + idCount.get(a.id()) + " annotations (pycocotools would evaluate only the last of them)";
            }
            if (problem != null) {
                throw new MalformedRecordException(source, "annotations", a.index(), Long.toString(a.id()), field, problem);
            }
        }

        MalformedRecordException gtError(CocoAnnotation a, String field, String problem) {
            return new MalformedRecordException(source, "annotations", a.index(), Long.toString(a.id()), field, problem);
        }

        private static MalformedRecordException resultError(int d, KeypointResult r, String field, String problem) {
            return new MalformedRecordException(null, "results", d, "image_id=" + r.imageId(), field, problem);
        }

        /** pycocotools loadRes' bbox branch (taken when the first result has a bbox): area = w * h. */
        private static double boxArea(int d, KeypointResult r) {
            double[] bb = r.bbox();
            if (bb == null || bb.length != 4) {
                throw resultError(d, r, "bbox", "missing: the first result has a bbox, so pycocotools takes every "
                        + "detection's area from its bbox");
            }
            return bb[2] * bb[3];
        }

        /** pycocotools loadRes' keypoints branch: area of the extent of all joints (including unlabelled ones). */
        private static double keypointExtentArea(double[] kp) {
            double x0 = kp[0];
            double x1 = kp[0];
            double y0 = kp[1];
            double y1 = kp[1];
            for (int j = 3; j < kp.length; j += 3) {
                x0 = Math.min(x0, kp[j]);
                x1 = Math.max(x1, kp[j]);
                y0 = Math.min(y0, kp[j + 1]);
                y1 = Math.max(y1, kp[j + 1]);
            }
            return (x1 - x0) * (y1 - y0);
        }

        private static List<List<List<Integer>>> grouping(int categories, int images) {
            List<List<List<Integer>>> g = new ArrayList<>(categories);
            for (int k = 0; k < categories; k++) {
                List<List<Integer>> perImage = new ArrayList<>(images);
                for (int i = 0; i < images; i++) {
                    perImage.add(new ArrayList<>(2));
                }
                g.add(perImage);
            }
            return g;
        }

        private static int[][][] toArrays(List<List<List<Integer>>> lists) {
            int[][][] out = new int[lists.size()][][];
            for (int k = 0; k < out.length; k++) {
                List<List<Integer>> perImage = lists.get(k);
                out[k] = new int[perImage.size()][];
                for (int i = 0; i < out[k].length; i++) {
                    out[k][i] = perImage.get(i).stream().mapToInt(Integer::intValue).toArray();
                }
            }
            return out;
        }
    }

    /**
     * pycocotools' evaluateImg result for one (category, image), for every area range: the kept
     * detections (by descending score), their scores, the number of non-ignored GT per area and,
     * per area and detection, a bit per OKS threshold for "true positive" (low 32 bits) and for
     * "ignored" (high 32 bits); a detection with neither bit is a false positive.
     */
    record ImageEval(int[] detections, double[] scores, int[] regularGt, long[][] states, double[][] oks,
                     int[] groundTruth, int droppedBeyondMaxDets) {
    }

    private static ImageEval[][] evaluateImages(Prepared prep, CocoEvalParams p) {
        int K = prep.categoryIds.length;
        int I = prep.imageIds.length;
        ImageEval[][] out = new ImageEval[K][I];
        if (K * I == 0) {
            return out;
        }
        ImageEvaluator shared = new ImageEvaluator(prep, p);
        if (p.parallelism() <= 1 || I < 64) {
            ImageEvaluator ev = shared;
            for (int k = 0; k < K; k++) {
                for (int i = 0; i < I; i++) {
                    out[k][i] = ev.evaluate(k, i);
                }
            }
            return out;
        }
        ForkJoinPool pool = new ForkJoinPool(p.parallelism());
        try {
            // chunks of images; each worker thread has its own scratch buffers
            int chunk = 64;
            int chunks = (I + chunk - 1) / chunk;
            ThreadLocal<ImageEvaluator> evaluators = ThreadLocal.withInitial(() -> new ImageEvaluator(prep, p));
            pool.submit(() -> IntStream.range(0, K * chunks).parallel().forEach(c -> {
                int k = c / chunks;
                int from = (c % chunks) * chunk;
                int to = Math.min(I, from + chunk);
                ImageEvaluator ev = evaluators.get();
                for (int i = from; i < to; i++) {
                    out[k][i] = ev.evaluate(k, i);
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        return out;
    }

    /** Computes OKS and matching for one (category, image); holds per-thread scratch space. */
    static final class ImageEvaluator {
        private final Prepared prep;
        private final CocoEvalParams p;
        private final double[] variances;
        private final double[] terms;
        private final double[] matchThresholds;

        ImageEvaluator(Prepared prep, CocoEvalParams p) {
            this.prep = prep;
            this.p = p;
            double[] sigmas = p.sigmas();
            variances = new double[sigmas.length];
            for (int j = 0; j < sigmas.length; j++) {
                double twoSigma = sigmas[j] * 2; // vars = (sigmas * 2)**2
                variances[j] = twoSigma * twoSigma;
            }
            terms = new double[sigmas.length];
            matchThresholds = new double[p.iouThrs().length];
            for (int t = 0; t < matchThresholds.length; t++) {
                matchThresholds[t] = Math.min(p.iouThrs()[t], 1 - 1e-10); // iou = min([t, 1-1e-10])
            }
        }

        ImageEval evaluate(int k, int i) {
            int[] gts = prep.gtByCategoryImage[k][i];
            int[] dtAll = prep.dtByCategoryImage[k][i];
            if (gts.length == 0 && dtAll.length == 0) {
                return null; // pycocotools: evaluateImg returns None
            }
            int[] order = dtAll.clone();
            ScoreOrder.sortDescending(order, order.length, prep.dtScore, new int[order.length]);
            int nd = Math.min(order.length, p.maxDet());
            int[] dts = nd == order.length ? order : Arrays.copyOf(order, nd);
            double[] scores = new double[nd];
            for (int d = 0; d < nd; d++) {
                scores[d] = prep.dtScore[dts[d]];
            }
            double[][] oks = gts.length > 0 && nd > 0 ? computeOks(gts, dts) : null;
            List<CocoEvalParams.AreaRange> areas = p.areaRanges();
            int[] regular = new int[areas.size()];
            long[][] states = new long[areas.size()][];
            for (int a = 0; a < areas.size(); a++) {
                CocoEvalParams.AreaRange range = areas.get(a);
                states[a] = match(gts, dts, oks, range, regular, a);
            }
            return new ImageEval(dts, scores, regular, states, oks, gts, order.length - nd);
        }

        /** pycocotools' computeOks: rows = detections (sorted), columns = GT in file order. */
        private double[][] computeOks(int[] gts, int[] dts) {
            int J = variances.length;
            double[][] oks = new double[dts.length][gts.length];
            for (int gi = 0; gi < gts.length; gi++) {
                CocoAnnotation gt = prep.gts.get(gts[gi]);
                double[] g = gt.keypoints();
                if (g == null || g.length != 3 * J) {
                    throw prep.gtError(gt, "keypoints", g == null ? "missing"
                            : "expected " + 3 * J + " numbers, got " + g.length);
                }
                double[] bb = gt.bbox();
                if (bb == null) {
                    throw prep.gtError(gt, "bbox", "missing (pycocotools reads it for every OKS)");
                }
                int labelled = 0;
                for (int j = 0; j < J; j++) {
                    if (g[3 * j + 2] > 0) {
                        labelled++;
                    }
                }
                // the region used for GT without labelled joints: the box grown by its size on each side
                double x0 = bb[0] - bb[2];
                double x1 = bb[0] + bb[2] * 2;
                double y0 = bb[1] - bb[3];
                double y1 = bb[1] + bb[3] * 2;
                double scale = gt.area() + SPACING_1;
                for (int di = 0; di < dts.length; di++) {
                    double[] d = prep.results.get(dts[di]).keypoints();
                    int n = 0;
                    for (int j = 0; j < J; j++) {
                        double dx;
                        double dy;
                        if (labelled > 0) {
                            if (!(g[3 * j + 2] > 0)) {
                                continue;
                            }
                            dx = d[3 * j] - g[3 * j];
                            dy = d[3 * j + 1] - g[3 * j + 1];
                        } else {
                            double xd = d[3 * j];
                            double yd = d[3 * j + 1];
                            dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
                            dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
                        }
                        double e = (dx * dx + dy * dy) / variances[j] / scale / 2;
                        terms[n++] = Math.exp(-e);
                    }
                    oks[di][gi] = NumpySum.sum(terms, 0, n) / n;
                }
            }
            return oks;
        }

        /** pycocotools' evaluateImg matching for one area range; fills regular[a] with the non-ignored GT count. */
        private long[] match(int[] gts, int[] dts, double[][] oks, CocoEvalParams.AreaRange range, int[] regular,
                             int a) {
            int G = gts.length;
            int D = dts.length;
            // GT ignore flags, then a stable order with ignored GT last
            boolean[] ignored = new boolean[G];
            int regularCount = 0;
            for (int g = 0; g < G; g++) {
                CocoAnnotation gt = prep.gts.get(gts[g]);
                ignored[g] = prep.gtIgnoreBase[gts[g]] || gt.area() < range.min() || gt.area() > range.max();
                if (!ignored[g]) {
                    regularCount++;
                }
            }
            regular[a] = regularCount;
            int[] sorted = new int[G];
            int pos = 0;
            for (int g = 0; g < G; g++) {
                if (!ignored[g]) {
                    sorted[pos++] = g;
                }
            }
            for (int g = 0; g < G; g++) {
                if (ignored[g]) {
                    sorted[pos++] = g;
                }
            }
            boolean[] dtOutside = new boolean[D];
            for (int d = 0; d < D; d++) {
                double area = prep.dtArea[dts[d]];
                dtOutside[d] = area < range.min() || area > range.max();
            }
            long[] state = new long[D];
            int T = matchThresholds.length;
            if (G == 0 || D == 0) {
                long allIgnored = ((1L << T) - 1) << 32;
                for (int d = 0; d < D; d++) {
                    state[d] = dtOutside[d] ? allIgnored : 0;
                }
                return state;
            }
            boolean[] taken = new boolean[G]; // by sorted position
            for (int t = 0; t < T; t++) {
                Arrays.fill(taken, false);
                for (int d = 0; d < D; d++) {
                    double best = matchThresholds[t];
                    int m = -1;
                    for (int s = 0; s < G; s++) {
                        int g = sorted[s];
                        if (taken[s] && !prep.gts.get(gts[g]).isCrowd()) {
                            continue; // already matched and not a crowd
                        }
                        if (m > -1 && !ignored[sorted[m]] && ignored[g]) {
                            break; // matched a regular GT; the rest are ignored ones
                        }
                        double v = oks[d][g];
                        if (v < best) {
                            continue;
                        }
                        best = v;
                        m = s;
                    }
                    boolean matchedNonZeroId = false;
                    boolean ignoredDt = false;
                    if (m > -1) {
                        CocoAnnotation gt = prep.gts.get(gts[sorted[m]]);
                        taken[m] = true;
                        ignoredDt = ignored[sorted[m]];
                        // dtm stores the GT id; pycocotools then tests dtm != 0
                        matchedNonZeroId = gt.id() != 0;
                    }
                    if (!matchedNonZeroId && dtOutside[d]) {
                        ignoredDt = true;
                    }
                    if (ignoredDt) {
                        state[d] |= 1L << (32 + t);
                    } else if (matchedNonZeroId) {
                        state[d] |= 1L << t;
                    }
                }
            }
            return state;
        }
    }

    /** pycocotools' accumulate(): precision, recall and scores arrays. */
    static final class Accumulator {
        private final Prepared prep;
        private final ImageEval[][] evals;
        private final CocoEvalParams p;
        final double[] precision;
        final double[] recall;
        final double[] scores;
        private final int T;
        private final int R;
        private final int K;
        private final int A;
        private final int M;

        Accumulator(Prepared prep, ImageEval[][] evals, CocoEvalParams p) {
            this.prep = prep;
            this.evals = evals;
            this.p = p;
            T = p.iouThrs().length;
            R = p.recThrs().length;
            K = prep.categoryIds.length;
            A = p.areaRanges().size();
            M = p.maxDets().length;
            precision = new double[T * R * K * A * M];
            recall = new double[T * K * A * M];
            scores = new double[T * R * K * A * M];
            Arrays.fill(precision, -1);
            Arrays.fill(recall, -1);
            Arrays.fill(scores, -1);
        }

        void run() {
            double[] recThrs = p.recThrs();
            for (int k = 0; k < K; k++) {
                List<ImageEval> present = new ArrayList<>();
                for (ImageEval e : evals[k]) {
                    if (e != null) {
                        present.add(e);
                    }
                }
                if (present.isEmpty()) {
                    continue;
                }
                for (int m = 0; m < M; m++) {
                    int maxDet = p.maxDets()[m];
                    int nd = 0;
                    for (ImageEval e : present) {
                        nd += Math.min(maxDet, e.detections().length);
                    }
                    // concatenate in image order, then a stable sort by descending score
                    double[] dtScores = new double[nd];
                    int[] owner = new int[nd];
                    int[] slot = new int[nd];
                    int n = 0;
                    for (int e = 0; e < present.size(); e++) {
                        ImageEval ev = present.get(e);
                        int take = Math.min(maxDet, ev.detections().length);
                        for (int d = 0; d < take; d++) {
                            dtScores[n] = ev.scores()[d];
                            owner[n] = e;
                            slot[n] = d;
                            n++;
                        }
                    }
                    int[] order = ScoreOrder.argsortDescending(dtScores, nd);
                    double[] sortedScores = new double[nd];
                    for (int j = 0; j < nd; j++) {
                        sortedScores[j] = dtScores[order[j]];
                    }
                    long[] states = new long[nd];
                    double[] rc = new double[nd];
                    double[] pr = new double[nd];
                    for (int a = 0; a < A; a++) {
                        long npig = 0;
                        for (ImageEval ev : present) {
                            npig += ev.regularGt()[a];
                        }
                        if (npig == 0) {
                            continue;
                        }
                        for (int j = 0; j < nd; j++) {
                            int src = order[j];
                            states[j] = present.get(owner[src]).states()[a][slot[src]];
                        }
                        for (int t = 0; t < T; t++) {
                            long tpBit = 1L << t;
                            long ignoreBit = 1L << (32 + t);
                            long tp = 0;
                            long fp = 0;
                            for (int j = 0; j < nd; j++) {
                                long s = states[j];
                                if ((s & ignoreBit) == 0) {
                                    if ((s & tpBit) != 0) {
                                        tp++;
                                    } else {
                                        fp++;
                                    }
                                }
                                double tpd = tp;
                                rc[j] = tpd / npig;
                                pr[j] = tpd / ((double) fp + tpd + SPACING_1);
                            }
                            recall[index4(t, k, a, m)] = nd > 0 ? rc[nd - 1] : 0;
                            for (int j = nd - 1; j > 0; j--) {
                                if (pr[j] > pr[j - 1]) {
                                    pr[j - 1] = pr[j];
                                }
                            }
                            // q[r] = pr[searchsorted(rc, recThrs[r], 'left')]; 0 once past the last detection
                            int ptr = 0;
                            for (int r = 0; r < R; r++) {
                                while (ptr < nd && rc[ptr] < recThrs[r]) {
                                    ptr++;
                                }
                                int idx = index5(t, r, k, a, m);
                                if (ptr < nd) {
                                    precision[idx] = pr[ptr];
                                    scores[idx] = sortedScores[ptr];
                                } else {
                                    precision[idx] = 0;
                                    scores[idx] = 0;
                                }
                            }
                        }
                    }
                }
            }
        }

        private int index5(int t, int r, int k, int a, int m) {
            return (((t * R + r) * K + k) * A + a) * M + m;
        }

        private int index4(int t, int k, int a, int m) {
            return ((t * K + k) * A + a) * M + m;
        }
    }

    private static long beyondMaxDets(ImageEval[][] evals) {
        long n = 0;
        for (ImageEval[] perCategory : evals) {
            for (ImageEval e : perCategory) {
                if (e != null) {
                    n += e.droppedBeyondMaxDets();
                }
            }
        }
        return n;
    }

    private static Map<Long, Map<Integer, OksMatrix>> oksMatrices(Prepared prep, ImageEval[][] evals) {
        Map<Long, Map<Integer, OksMatrix>> out = new LinkedHashMap<>();
        for (int k = 0; k < evals.length; k++) {
            for (int i = 0; i < evals[k].length; i++) {
                ImageEval e = evals[k][i];
                if (e == null || e.oks() == null) {
                    continue;
                }
                long[] dtIds = new long[e.detections().length];
                for (int d = 0; d < dtIds.length; d++) {
                    dtIds[d] = e.detections()[d] + 1L; // loadRes: ann['id'] = index + 1
                }
                long[] gtIds = new long[e.groundTruth().length];
                for (int g = 0; g < gtIds.length; g++) {
                    gtIds[g] = prep.gts.get(e.groundTruth()[g]).id();
                }
                long imageId = prep.imageIds[i];
                out.computeIfAbsent(imageId, x -> new LinkedHashMap<>())
                        .put(prep.categoryIds[k], new OksMatrix(imageId, prep.categoryIds[k], dtIds, gtIds, e.oks()));
            }
        }
        out.replaceAll((key, v) -> Collections.unmodifiableMap(v));
        return Collections.unmodifiableMap(out);
    }
}
