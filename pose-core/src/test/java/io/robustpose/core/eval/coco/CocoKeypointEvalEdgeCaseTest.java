package io.robustpose.core.eval.coco;

import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.KeypointResults;
import io.robustpose.core.dataset.MalformedRecordException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Behaviour on edge inputs, following pycocotools where it defines it. The expected numbers
 * follow from pycocotools' formulas: e.g. one detection that is a true positive has precision
 * 1 / (1 + np.spacing(1)) = 1 - 2^-52, one false positive ranked before it gives 1 / 2.
 */
class CocoKeypointEvalEdgeCaseTest {
    /** pycocotools' precision of a single true positive: tp / (tp + fp + np.spacing(1)). */
    private static final double ONE_TP = 1 / (1 + Math.ulp(1.0));

    /** A large person (area 20000) on image 1. */
    private static TinyCoco onePerson() {
        return new TinyCoco().image(1).image(2).person(1, 1, 100, 50, 100, 200);
    }

    @Test
    void perfectDetectionScoresOneMinusSpacing() {
        CocoEvalResult r = onePerson().detection(1, 100, 50, 100, 200, 0.9).evaluate();
        assertThat(r.oks(1).get(0, 0)).isEqualTo(1.0);
        assertThat(r.stats().ap()).isCloseTo(1.0, within(1e-15)).isLessThan(1.0);
        assertThat(r.precision(0, 0, 0, 0, 0)).isEqualTo(ONE_TP);
        assertThat(r.stats().ar()).isEqualTo(1.0);
        assertThat(r.stats().apLarge()).isEqualTo(r.stats().ap());
        // no GT in the medium range: nothing to average, -1 as pycocotools prints
        assertThat(r.stats().apMedium()).isEqualTo(-1);
        assertThat(r.stats().arMedium()).isEqualTo(-1);
    }

    @Test
    void emptyResultsGiveZeroWhereThereIsGroundTruth() {
        CocoEvalResult r = onePerson().evaluate();
        assertThat(r.stats().ap()).isZero();
        assertThat(r.stats().ar()).isZero();
        assertThat(r.stats().apLarge()).isZero();
        assertThat(r.stats().apMedium()).isEqualTo(-1);
        assertThat(r.oksMatrices()).isEmpty();
        assertThat(r.counts().resultsTotal()).isZero();
    }

    @Test
    void resultsForUnknownImagesAreRejectedLikeLoadRes() {
        TinyCoco c = onePerson().detection(1, 100, 50, 100, 200, 0.9).detection(77, 0, 0, 10, 10, 0.5);
        assertThatThrownBy(c::evaluate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[77]").hasMessageContaining("not in the ground truth");
    }

    @Test
    void detectionOnImageWithoutGroundTruthIsAFalsePositive() {
        // image 2 has no GT; its detection outranks the true positive on image 1
        CocoEvalResult r = onePerson().detection(1, 100, 50, 100, 200, 0.8)
                .detection(2, 100, 50, 100, 200, 0.9).evaluate();
        assertThat(r.oks(2)).isNull();
        // ranks: FP then TP -> precision 1/2 at every recall point, recall 1
        assertThat(r.stats().ap()).isEqualTo(0.5);
        assertThat(r.stats().ar()).isEqualTo(1.0);
        // ranked after the TP it costs nothing at the recall points
        CocoEvalResult later = onePerson().detection(1, 100, 50, 100, 200, 0.9)
                .detection(2, 100, 50, 100, 200, 0.8).evaluate();
        assertThat(later.stats().ap()).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void groundTruthIdZeroIsNeverMatched() {
        TinyCoco zero = new TinyCoco().image(1).person(0, 1, 100, 50, 100, 200).detection(1, 100, 50, 100, 200, 0.9);
        CocoEvalResult r = zero.evaluate();
        assertThat(r.oks(1).get(0, 0)).isEqualTo(1.0);
        assertThat(r.stats().ap()).isZero();
        assertThat(r.stats().ar()).isZero();
        TinyCoco one = new TinyCoco().image(1).person(1, 1, 100, 50, 100, 200).detection(1, 100, 50, 100, 200, 0.9);
        assertThat(one.evaluate().stats().ar()).isEqualTo(1.0);
    }

    @Test
    void crowdWithKeypointsAbsorbsDetectionsWithoutCountingThem() {
        // a crowd region (with keypoints) and a person; two detections on the crowd outrank the person's
        TinyCoco c = onePerson().crowd(2, 1, 300, 50, 100, 200, true)
                .detection(1, 300, 50, 100, 200, 0.95).detection(1, 300, 50, 100, 200, 0.94)
                .detection(1, 100, 50, 100, 200, 0.9);
        CocoEvalResult r = c.evaluate();
        assertThat(r.counts().gtIgnored()).isEqualTo(1);
        // both crowd matches are ignored, not false positives: AP as if they were absent
        assertThat(r.stats().ap()).isCloseTo(1.0, within(1e-15));
        assertThat(r.stats().ar()).isEqualTo(1.0);
        // without the crowd GT the same detections are false positives before the true positive
        TinyCoco noCrowd = onePerson().detection(1, 300, 50, 100, 200, 0.95).detection(1, 300, 50, 100, 200, 0.94)
                .detection(1, 100, 50, 100, 200, 0.9);
        assertThat(noCrowd.evaluate().stats().ap()).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    void onlyIgnoredGroundTruthLeavesNothingToAverage() {
        TinyCoco c = new TinyCoco().image(1).crowd(1, 1, 100, 50, 100, 200, false).detection(1, 100, 50, 100, 200, .9);
        CocoEvalResult r = c.evaluate();
        assertThat(r.stats().toArray()).containsOnly(-1.0);
    }

    @Test
    void unlabelledGroundTruthUsesTheEnlargedBox() {
        // num_keypoints 0: OKS from the distance to the box grown by its size on each side
        TinyCoco c = new TinyCoco().image(1)
                .annotation(1, 1, 1, new double[51], 20000, new double[]{100, 50, 100, 200}, 0, 0)
                .detection(1, 0, 0, 10, 10, 0.9)           // inside the grown box: OKS 1
                .detection(1, 600, 470, 10, 10, 0.8);      // far outside: OKS < 1
        CocoEvalResult r = c.evaluate();
        OksMatrix m = r.oks(1);
        assertThat(m.get(0, 0)).isEqualTo(1.0);
        assertThat(m.get(1, 0)).isLessThan(1.0);
        assertThat(r.stats().ap()).isEqualTo(-1); // the only GT is ignored
    }

    @Test
    void onlyMaxDetsBestDetectionsPerImageCount() {
        TinyCoco c = onePerson();
        for (int i = 0; i < 20; i++) {
            c.detection(1, 400, 10 + i, 50, 100, 0.99 - i * 0.001); // false positives
        }
        c.detection(1, 100, 50, 100, 200, 0.5); // the true positive is the 21st
        CocoEvalResult r = c.evaluate();
        assertThat(r.counts().resultsBeyondMaxDets()).isEqualTo(1);
        assertThat(r.oks(1).rows()).isEqualTo(20);
        assertThat(r.stats().ar()).isZero();
        assertThat(r.stats().ap()).isZero();
        // with one false positive fewer it is the 20th and found
        TinyCoco d = onePerson();
        for (int i = 0; i < 19; i++) {
            d.detection(1, 400, 10 + i, 50, 100, 0.99 - i * 0.001);
        }
        d.detection(1, 100, 50, 100, 200, 0.5);
        CocoEvalResult rd = d.evaluate();
        assertThat(rd.stats().ar()).isEqualTo(1.0);
        // 20 detections, the last one right: precision 1/20 at every recall point
        assertThat(rd.precision(0, 100, 0, 0, 0)).isEqualTo(1.0 / 20);
        assertThat(rd.stats().ap()).isCloseTo(1.0 / 20, within(1e-16)); // numpy's mean of 1010 x 0.05 is 0.05000000000000001
    }

    @Test
    void equalScoresKeepResultsOrder() {
        // equal scores: the earlier result ranks first (stable sort); here the false positive
        TinyCoco fpFirst = onePerson().detection(1, 400, 10, 50, 100, 0.9).detection(1, 100, 50, 100, 200, 0.9);
        TinyCoco tpFirst = onePerson().detection(1, 100, 50, 100, 200, 0.9).detection(1, 400, 10, 50, 100, 0.9);
        assertThat(fpFirst.evaluate().stats().ap()).isEqualTo(0.5);
        assertThat(tpFirst.evaluate().stats().ap()).isCloseTo(1.0, within(1e-15));
        assertThat(fpFirst.evaluate().oks(1).dtIds()).containsExactly(1, 2);
    }

    @Test
    void unmatchedDetectionsOutsideTheAreaRangeAreIgnoredThere() {
        // medium person (area 5000) found; a false positive with a large keypoint extent outranks it
        TinyCoco c = new TinyCoco().image(1).person(1, 1, 100, 50, 50, 100)
                .detection(1, 300, 50, 150, 300, 0.9).detection(1, 100, 50, 50, 100, 0.8);
        CocoEvalResult r = c.evaluate();
        assertThat(r.stats().apMedium()).isCloseTo(1.0, within(1e-15)); // the large FP is ignored for "medium"
        assertThat(r.stats().ap()).isEqualTo(0.5);                     // but counts for "all"
    }

    @Test
    void aBboxOnTheFirstResultMakesBoxesTheDetectionAreas() {
        // as pycocotools' loadRes takes its bbox branch: the FP's box says "medium", so it counts there
        TinyCoco c = new TinyCoco().image(1).person(1, 1, 100, 50, 50, 100);
        double[] fp = TinyCoco.pose(300, 50, 150, 300, 0.9);
        c.results.add(new KeypointResult(1, 1, fp, 0.9, new double[]{300, 50, 40, 100}, 0));
        c.results.add(new KeypointResult(1, 1, TinyCoco.pose(100, 50, 50, 100, 0.9), 0.8,
                new double[]{100, 50, 50, 100}, 1));
        assertThat(c.evaluate().stats().apMedium()).isEqualTo(0.5);
        // the second result without a bbox: an error, where pycocotools raises KeyError
        TinyCoco d = new TinyCoco().image(1).person(1, 1, 100, 50, 50, 100);
        d.results.add(new KeypointResult(1, 1, fp, 0.9, new double[]{300, 50, 40, 100}, 0));
        d.results.add(new KeypointResult(1, 1, fp, 0.8, null, 1));
        assertThatThrownBy(d::evaluate).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("results[1]").hasMessageContaining("'bbox'");
    }

    @Test
    void wrongKeypointCountIsAnErrorNamingTheResult() {
        TinyCoco c = onePerson().detection(1, 100, 50, 100, 200, 0.9)
                .detection(1, 1, Arrays.copyOf(TinyCoco.pose(0, 0, 10, 10, 1), 48), 0.5);
        assertThatThrownBy(c::evaluate).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("results[1]").hasMessageContaining("'keypoints'").hasMessageContaining("51")
                .hasMessageContaining("48");
    }

    @Test
    void nanScoreIsAnError() {
        TinyCoco c = onePerson().detection(1, 100, 50, 100, 200, Double.NaN);
        assertThatThrownBy(c::evaluate).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("results[0]").hasMessageContaining("'score'");
    }

    @Test
    void nanOrMissingScoreInAResultsFileIsAnErrorNamingTheEntry() {
        String nan = "[{\"image_id\": 1, \"category_id\": 1, \"keypoints\": [" + zeros(51) + "], \"score\": NaN}]";
        assertThatThrownBy(() -> KeypointResults.read(stream(nan), "res.json"))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("res.json: results[0]").hasMessageContaining("'score'");
        String missing = "[{\"image_id\": 1, \"category_id\": 1, \"keypoints\": [" + zeros(51) + "], \"score\": 1},"
                + "{\"image_id\": 3, \"category_id\": 1, \"keypoints\": [" + zeros(51) + "]}]";
        assertThatThrownBy(() -> KeypointResults.read(stream(missing), "res.json"))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("results[1] (id image_id=3): field 'score': missing");
    }

    @Test
    void groundTruthNeedsNumKeypointsAreaAndUniqueIds() {
        TinyCoco noCount = new TinyCoco().image(1)
                .annotation(5, 1, 1, TinyCoco.pose(0, 0, 10, 10, 2), 100, new double[]{0, 0, 10, 10}, 0, -1);
        assertThatThrownBy(noCount::evaluate).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("annotations[0] (id 5)").hasMessageContaining("'num_keypoints'");
        TinyCoco duplicate = onePerson().person(1, 2, 10, 10, 50, 100);
        assertThatThrownBy(duplicate::evaluate).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("(id 1)").hasMessageContaining("'id'");
    }

    @Test
    void resultsOfOtherCategoriesAreCountedNotEvaluated() {
        TinyCoco c = onePerson().detection(1, 100, 50, 100, 200, 0.9)
                .detection(1, 7, TinyCoco.pose(100, 50, 100, 200, 1), 0.99);
        CocoEvalResult r = c.evaluate();
        assertThat(r.counts().resultsOtherCategory()).isEqualTo(1);
        assertThat(r.counts().resultsEvaluated()).isEqualTo(1);
        assertThat(r.stats().ap()).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void perCategoryStatsEqualEvaluatingEachCategoryAlone() {
        SyntheticKeypointCase big = SyntheticKeypointCase.generate(60, 90, 900, 11);
        // make a two-category case out of it: every third annotation and result becomes category 2
        TinyCoco two = new TinyCoco().category2();
        TinyCoco only1 = new TinyCoco();
        TinyCoco only2 = new TinyCoco();
        only2.category2();
        big.groundTruth().images().forEach(im -> {
            two.image(im.id());
            only1.image(im.id());
            only2.image(im.id());
        });
        for (var a : big.groundTruth().annotations()) {
            int cat = a.id() % 3 == 0 ? 2 : 1;
            for (TinyCoco t : List.of(two, cat == 1 ? only1 : only2)) {
                t.annotation(a.id(), a.imageId(), cat, a.keypoints(), a.area(), a.bbox(), a.iscrowd(), a.numKeypoints());
            }
        }
        List<KeypointResult> res = big.results();
        for (int i = 0; i < res.size(); i++) {
            int cat = i % 3 == 0 ? 2 : 1;
            KeypointResult r = res.get(i);
            two.detection(r.imageId(), cat, r.keypoints(), r.score());
            (cat == 1 ? only1 : only2).detection(r.imageId(), cat, r.keypoints(), r.score());
        }
        CocoEvalResult both = two.evaluate();
        assertThat(both.perCategory()).containsOnlyKeys(1, 2);
        assertThat(both.perCategory().get(1).toArray()).containsExactly(only1.evaluate().stats().toArray());
        // category 2 alone: its GT file also lists category 1 (without annotations), as in the two-category file
        CocoEvalResult alone2 = only2.evaluate();
        assertThat(both.perCategory().get(2).toArray()).containsExactly(alone2.perCategory().get(2).toArray());
        assertThat(both.stats().ap()).isBetween(
                Math.min(both.perCategory().get(1).ap(), both.perCategory().get(2).ap()),
                Math.max(both.perCategory().get(1).ap(), both.perCategory().get(2).ap()));
    }

    @Test
    void parallelAndSequentialEvaluationsAreIdentical() {
        SyntheticKeypointCase c = SyntheticKeypointCase.generate(400, 500, 8000, 5);
        CocoEvalResult seq = CocoKeypointEval.evaluate(c.groundTruth(), c.results(),
                CocoEvalParams.keypoints().withParallelism(1));
        CocoEvalResult par = CocoKeypointEval.evaluate(c.groundTruth(), c.results(),
                CocoEvalParams.keypoints().withParallelism(4));
        assertThat(par.stats().toArray()).containsExactly(seq.stats().toArray());
        for (int t = 0; t < 10; t++) {
            for (int r = 0; r < 101; r++) {
                for (int a = 0; a < 3; a++) {
                    assertThat(par.precision(t, r, 0, a, 0)).isEqualTo(seq.precision(t, r, 0, a, 0));
                }
            }
        }
        assertThat(seq.counts().resultsBeyondMaxDets()).isPositive();
        assertThat(seq.stats().ap()).isBetween(0.0, 1.0);
    }

    @Test
    void restrictingImagesEvaluatesOnlyThose() {
        TinyCoco c = onePerson().person(2, 2, 10, 10, 100, 200).detection(1, 100, 50, 100, 200, 0.9);
        CocoDataset gt = c.dataset();
        CocoEvalResult all = CocoKeypointEval.evaluate(gt, c.results);
        CocoEvalResult first = CocoKeypointEval.evaluate(gt, c.results,
                CocoEvalParams.keypoints().withImageIds(new long[]{1}));
        assertThat(all.stats().ar()).isEqualTo(0.5);
        assertThat(first.stats().ar()).isEqualTo(1.0);
        assertThat(first.counts().images()).isEqualTo(1);
    }

    private static String zeros(int n) {
        List<String> z = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            z.add("0");
        }
        return String.join(",", z);
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
