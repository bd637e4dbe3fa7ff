package io.robustpose.core.train.bottomup;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.bottomup.BottomUpEstimator;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.synthetic.SyntheticPeople;
import io.robustpose.core.train.ProgressListener;
import io.robustpose.core.train.Trainer;
import io.robustpose.core.train.TrainingConfig;
import io.robustpose.core.train.TrainingMethod;
import io.robustpose.core.train.TrainingResult;
import io.robustpose.core.train.data.BottomUpImage;
import io.robustpose.core.train.data.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.opencv.core.Mat;

/**
 * An experiment, not part of the suite (minutes of CPU): HigherHRNet-W32 trained from random weights for a short
 * schedule on a few synthetic two-person images (128×128 input, the official augmentation), then run on them with
 * the official single-scale flip test and grouping. Per image it reports the people found and whether each of the
 * two annotated people is matched (OKS ≥ 0.5) by a different predicted person — the grouping separated them.
 * <pre>RP_BOTTOMUP_EXPERIMENT=1 ./mvnw -pl pose-core surefire:test -Dtest=BottomUpGroupingExperiment
 *     [-Dbu.steps=400 -Dbu.images=8 -Dbu.input=128 -Dbu.batch=4 -Dbu.lr=1e-3 -Dbu.augment=false -Dbu.out=DIR
 *      -Dbu.run=NAME -Dbu.init=MODEL]</pre>
 * The numbers of a run are in docs/results.md ("Bottom-up").
 */
@EnabledIfEnvironmentVariable(named = "RP_BOTTOMUP_EXPERIMENT", matches = "1")
class BottomUpGroupingExperiment {

    @Test
    void aShortScheduleSeparatesTwoPeople() throws Exception {
        int images = Integer.getInteger("bu.images", 8);
        int steps = Integer.getInteger("bu.steps", 400);
        int input = Integer.getInteger("bu.input", 128);
        int batch = Integer.getInteger("bu.batch", 4);
        Path out = Path.of(System.getProperty("bu.out", "target/bottomup-experiment"));
        Files.createDirectories(out);
        Path data = out.resolve("data");
        if (!Files.exists(data.resolve("annotations.json"))) {
            SyntheticPeople.writeSplit(data, "train", 60, 11, new SyntheticPeople.Options(192, 144, 2, 2, 60, 0.3));
        }
        TrainingData all = TrainingData.cocoImages(CocoReader.readCoco(data.resolve("annotations.json")),
                data.resolve("images"));
        List<BottomUpImage> two = all.images().stream().filter(i -> i.people().size() == 2).limit(images).toList();
        TrainingData train = all.filterImages(two::contains);
        int epochs = Math.max(1, steps * batch / train.size());
        String init = System.getProperty("bu.init"); // continue from an earlier run's model
        TrainingConfig.Builder builder = TrainingConfig.builder(TrainingMethod.STANDARD, Architecture.HIGHERHRNET_W32,
                out.resolve(System.getProperty("bu.run", "run"))).input(input, input).epochs(epochs).batchSize(batch)
                .seed(1).loaderThreads(1).learningRate(Double.parseDouble(System.getProperty("bu.lr", "1e-3")))
                .lrMilestones(0.8);
        if (!Boolean.parseBoolean(System.getProperty("bu.augment", "true"))) {
            builder.augmentation(io.robustpose.core.train.data.AugmentationConfig.none());
        }
        if (init != null) {
            builder.initCheckpoint(Path.of(init));
        }
        TrainingConfig config = builder.build();
        long t0 = System.nanoTime();
        TrainingResult r = Trainer.train(config, train, new ProgressListener() {
            @Override
            public void onEpochEnd(int epoch, double meanLoss) {
                if (epoch % 10 == 0 || epoch == config.epochs() - 1) {
                    System.out.printf(Locale.ROOT, "epoch %d loss %.5f%n", epoch, meanLoss);
                }
            }
        });
        double minutes = (System.nanoTime() - t0) / 60e9;
        int separated = 0;
        try (NDManager m = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(m, Architecture.HIGHERHRNET_W32, 17, input, input);
            Checkpoints.loadInto(r.model(), net);
            BottomUpEstimator estimator = new BottomUpEstimator(net, m, input, true);
            for (BottomUpImage img : two) {
                Mat bgr = ImageIo.read(img.image());
                List<KeypointResult> people = estimator.estimate(bgr, 1);
                bgr.release();
                List<Integer> matches = new ArrayList<>();
                for (float[] gt : img.people()) {
                    int best = -1;
                    double bestOks = 0.5;
                    for (int p = 0; p < people.size(); p++) {
                        double oks = oks(gt, people.get(p).keypoints());
                        if (oks >= bestOks) {
                            bestOks = oks;
                            best = p;
                        }
                    }
                    matches.add(best);
                }
                boolean apart = matches.get(0) >= 0 && matches.get(1) >= 0 && !matches.get(0).equals(matches.get(1));
                separated += apart ? 1 : 0;
                System.out.printf(Locale.ROOT, "%s: %d people (top scores %s), annotated people matched by %s%s%n",
                        img.image().getFileName(), people.size(), people.stream().limit(3)
                                .map(p -> String.format(Locale.ROOT, "%.2f", p.score())).toList(), matches,
                        apart ? " — separated" : "");
            }
        }
        System.out.printf(Locale.ROOT, "%d steps (%d epochs of %d images, batch %d, %dx%d) in %.1f min; two people "
                + "separated on %d of %d images%n", r.globalStep(), epochs, train.size(), batch, input, input, minutes,
                separated, two.size());
        assertThat(separated).as("images on which both annotated people were found as two people").isPositive();
    }

    /** COCO's OKS of a prediction against one annotated person (its area from the keypoints' extent). */
    private static double oks(float[] gt, double[] pred) {
        double[] sigmas = {.026, .025, .025, .035, .035, .079, .079, .072, .072, .062, .062, .107, .107, .087, .087,
            .089, .089};
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int j = 0; j < 17; j++) {
            if (gt[3 * j + 2] > 0) {
                minX = Math.min(minX, gt[3 * j]);
                maxX = Math.max(maxX, gt[3 * j]);
                minY = Math.min(minY, gt[3 * j + 1]);
                maxY = Math.max(maxY, gt[3 * j + 1]);
            }
        }
        double area = Math.max(1, (maxX - minX) * (maxY - minY));
        double sum = 0;
        int n = 0;
        for (int j = 0; j < 17; j++) {
            if (gt[3 * j + 2] > 0) {
                double dx = pred[3 * j] - gt[3 * j];
                double dy = pred[3 * j + 1] - gt[3 * j + 1];
                double var = Math.pow(2 * sigmas[j], 2);
                sum += Math.exp(-(dx * dx + dy * dy) / var / (area + Math.ulp(1.0)) / 2);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
