package io.robustpose.core.inference;

import io.robustpose.core.benchmark.CocoBenchmark;
import io.robustpose.core.benchmark.Condition;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.eval.coco.CocoEvalResult;
import io.robustpose.core.eval.coco.CocoKeypointEval;
import io.robustpose.core.eval.coco.OksMatrix;
import io.robustpose.core.image.ImageIo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real BodyPix MobileNet model on real COCO val images with GT boxes. */
class BodyPixRealDataTest {
    static Path shared;

    @BeforeAll
    static void locate() {
        shared = Path.of(System.getProperty("robustpose.shared", "/work/shared"));
        assumeTrue(Files.exists(shared.resolve("models/bodypix-mobilenetv1-x050-stride16.onnx")),
                "../shared/models is absent: skipping the real-model test");
    }

    static List<PosePrediction> run(CocoDataset gt, Map<Long, List<PersonInstance>> persons, TopDownEstimator est) {
        List<PosePrediction> all = new ArrayList<>();
        for (var img : gt.images()) {
            Mat image = ImageIo.read(shared.resolve("realdata/coco").resolve(img.fileName()));
            for (TopDownEstimator.Crop c : est.crop(image, persons.get(img.id()))) {
                all.addAll(est.predict(List.of(c)));
            }
            image.release();
        }
        return all;
    }

    @Test
    void reachesTheExpectedMeanOksWithGroundTruthBoxes() throws Exception {
        CocoDataset gt = CocoReader.readCoco(shared.resolve("realdata/coco/test_coco.json"));
        Map<Long, List<PersonInstance>> persons = PersonSources.groundTruth(gt);
        try (PoseModel model = new OnnxPoseModel(shared.resolve("models/bodypix-mobilenetv1-x050-stride16.onnx"),
                ModelDescriptor.bodyPix(321, 241))) {
            TopDownEstimator est = new TopDownEstimator(model, TopDownEstimator.Options.PUBLISHED);
            List<PosePrediction> poses = run(gt, persons, est);
            assertThat(poses).hasSize(persons.values().stream().mapToInt(List::size).sum());
            // one prediction per GT box, numbered in order: the OKS of each with its own GT
            List<KeypointResult> results = new ArrayList<>();
            for (PosePrediction p : poses) {
                results.add(p.toResult());
            }
            CocoEvalResult eval = CocoKeypointEval.evaluate(gt, results);
            double sum = 0;
            int n = 0;
            for (int i = 0; i < poses.size(); i++) {
                PosePrediction p = poses.get(i);
                OksMatrix m = eval.oks(p.person().imageId());
                int dt = indexOf(m.dtIds(), i + 1);
                int g = indexOf(m.gtIds(), p.person().annotationId());
                if (dt >= 0 && g >= 0) {
                    sum += m.get(dt, g);
                    n++;
                }
            }
            double meanOks = sum / n;
            System.out.printf("BodyPix on %d COCO persons (GT boxes): mean OKS %.4f, AP %.4f%n", n, meanOks, eval.stats().ap());
            assertThat(n).isEqualTo(poses.size());
            assertThat(meanOks).isGreaterThanOrEqualTo(0.55);
        }
    }

    @Test
    void apFallsWithGaussianNoiseSeverityOnTheFly() throws Exception {
        CocoDataset gt = CocoReader.readCoco(shared.resolve("realdata/coco/test_coco.json"));
        var setup = new CocoBenchmark.Setup(gt, shared.resolve("realdata/coco"), PersonSources.groundTruth(gt),
                Corruptor.withProceduralFrost(), 1, null, 2);
        try (PoseModel model = new OnnxPoseModel(shared.resolve("models/bodypix-mobilenetv1-x050-stride16.onnx"),
                ModelDescriptor.bodyPix(321, 241))) {
            TopDownEstimator est = new TopDownEstimator(model, TopDownEstimator.Options.PUBLISHED);
            double[] ap = new double[6];
            for (int k = 0; k <= 5; k++) {
                Condition c = k == 0 ? Condition.CLEAN : new Condition(Corruption.GAUSSIAN_NOISE, k);
                var out = CocoBenchmark.predict(est, setup, c, CocoBenchmark.shard(setup, 0, 1), null);
                ap[k] = CocoBenchmark.evaluate(gt, out.results()).ap();
            }
            System.out.printf("BodyPix AP clean %.4f, gaussian_noise s1..s5: %.4f %.4f %.4f %.4f %.4f%n",
                    ap[0], ap[1], ap[2], ap[3], ap[4], ap[5]);
            assertThat(ap[5]).isLessThan(ap[0]);
            assertThat((ap[4] + ap[5]) / 2).isLessThan((ap[1] + ap[2]) / 2);
        }
    }

    private static int indexOf(long[] ids, long id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
