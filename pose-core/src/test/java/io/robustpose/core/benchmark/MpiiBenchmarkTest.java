package io.robustpose.core.benchmark;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.MpiiAnnotation;
import io.robustpose.core.dataset.MpiiDataset;
import io.robustpose.core.dataset.MpiiGroundTruth;
import io.robustpose.core.inference.BoxTransform;
import io.robustpose.core.inference.PersonInstance;
import io.robustpose.core.inference.PersonSources;
import io.robustpose.core.inference.PoseModel;
import io.robustpose.core.inference.TopDownEstimator;
import io.robustpose.core.train.TrainFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** MPII-C through the top-down pipeline: HRNet's centre/scale crops and the official PCKh. */
class MpiiBenchmarkTest {
    private static final Path MPII = TrainFixtures.shared().resolve("realdata/mpii");

    private static MpiiDataset dataset() {
        assumeTrue(Files.exists(MPII.resolve("test_mpii.json")), "../shared/realdata/mpii absent: MPII checks skipped");
        return MpiiDataset.read(MPII.resolve("test_mpii.json"));
    }

    @Test
    void cropsAtHrnetsCentreAndScale() {
        MpiiDataset d = dataset();
        Map<Long, List<PersonInstance>> persons = PersonSources.mpii(d, new HashMap<>());
        for (List<PersonInstance> list : persons.values()) {
            for (PersonInstance p : list) {
                MpiiAnnotation a = d.annotations().get((int) p.annotationId() - 1);
                BoxTransform t = BoxTransform.fromBox(p.x(), p.y(), p.w(), p.h(), 256, 256);
                // lib/dataset/mpii.py: c[1] += 15 * s; s *= 1.25; c -= 1
                assertEquals(a.center()[0] - 1, t.centerX(), 1e-9);
                assertEquals(a.center()[1] + 15 * a.scale() - 1, t.centerY(), 1e-9);
                assertEquals(a.scale() * 1.25, t.scaleX(), 1e-12);
                assertEquals(a.scale() * 1.25, t.scaleY(), 1e-12);
            }
        }
    }

    @Test
    void perfectPredictionsScoreFullPckh() {
        MpiiDataset d = dataset();
        var setup = setup(d, MpiiBenchmark.headBoxesFromJoints(d));
        double[][][] pred = new double[d.annotations().size()][16][3];
        for (int p = 0; p < pred.length; p++) {
            for (int j = 0; j < 16; j++) {
                pred[p][j][0] = d.annotations().get(p).joints()[j][0] - 1; // the network's 0-based pixels
                pred[p][j][1] = d.annotations().get(p).joints()[j][1] - 1;
            }
        }
        assertEquals(100.0, MpiiBenchmark.pckh(setup, pred).mean(), 1e-9);
        pred[0][0][0] += 1000; // one joint far off: below 100
        assertTrue(MpiiBenchmark.pckh(setup, pred).mean() < 100.0);
    }

    /**
     * A stand-in network whose heatmaps peak at the crop's centre: every joint must come back at
     * HRNet's person centre in image pixels (flip test on and off), clean and corrupted; to 1e-3 px, as
     * the decoded peaks are float32.
     */
    @Test
    void pipelineProjectsTheCropCentreBackToThePersonCentre(@TempDir Path out) throws Exception {
        MpiiDataset d = dataset();
        var setup = setup(d, MpiiBenchmark.headBoxesFromJoints(d));
        for (boolean flip : new boolean[]{false, true}) {
            try (PoseModel centre = new io.robustpose.core.inference.CentrePeakModel(256, 256, 16)) {
                var estimator = new TopDownEstimator(centre, new TopDownEstimator.Options(flip, 0.2, 0.9));
                var metrics = MpiiBenchmark.run("centre", estimator, setup,
                        List.of(Condition.CLEAN, new Condition(Corruption.GAUSSIAN_NOISE, 3)), out, null);
                assertTrue(metrics.clean() >= 0 && metrics.clean() <= 100);
                assertEquals(metrics.clean(), metrics.get(Corruption.GAUSSIAN_NOISE, 3), 1e-12,
                        "the stand-in ignores pixels, so corruption cannot change its PCKh");
                var o = MpiiBenchmark.predict(estimator, setup, Condition.CLEAN, null);
                for (int p = 0; p < o.predictions().length; p++) {
                    MpiiAnnotation a = d.annotations().get(p);
                    for (double[] joint : o.predictions()[p]) {
                        assertEquals(a.center()[0] - 1, joint[0], 1e-3, "x of person " + p + " flip " + flip);
                        assertEquals(a.center()[1] + 15 * a.scale() - 1, joint[1], 1e-3, "y of person " + p + " flip " + flip);
                    }
                }
            }
        }
        assertTrue(Files.exists(out.resolve("clean/predictions.json")));
        assertTrue(Files.exists(out.resolve("gaussian_noise/3/predictions.json")));
    }

    private static MpiiBenchmark.Setup setup(MpiiDataset d, double[][][] headboxes) {
        return new MpiiBenchmark.Setup(d, MpiiGroundTruth.of(d, headboxes), MPII, Corruptor.withProceduralFrost(), 1, null, 2);
    }
}
