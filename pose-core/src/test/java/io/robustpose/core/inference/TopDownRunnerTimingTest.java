package io.robustpose.core.inference;

import io.robustpose.core.image.ImageIo;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's account of where the network thread's time went, on a real image: with slow loaders
 * (40 ms per image, one thread) and a fast network it waits for input most of the time; with a slow
 * network (20 ms per batch) and images already decoded, almost never.
 */
class TopDownRunnerTimingTest {
    private static final Path SHARED = Path.of(System.getProperty("robustpose.shared", "../shared")).toAbsolutePath().normalize();

    @Test
    void inputWaitShareTellsSlowLoadersFromASlowNetwork() throws Exception {
        Mat image = ImageIo.read(SHARED.resolve("realdata/ochuman/000817.jpg"));
        List<PersonInstance> person = List.of(new PersonInstance(817, 100, 80, 120, 240, 1, 1));

        TopDownRunner.Timing slowLoaders = run(new CentrePeakModel(256, 192, 17), image, person, 40);
        TopDownRunner.Timing slowNetwork = run(new SlowModel(new CentrePeakModel(256, 192, 17), 20), image, person, 0);

        // measured here: 0.92 and 0.017; the bounds leave room for a loaded machine
        System.out.printf("input wait share: slow loaders %.3f, slow network %.3f%n", slowLoaders.inputWaitShare(),
                slowNetwork.inputWaitShare());
        assertThat(slowLoaders.inputWaitShare()).isGreaterThan(0.6);
        assertThat(slowNetwork.inputWaitShare()).isLessThan(0.3);
        assertThat(slowNetwork.networkSeconds()).isGreaterThanOrEqualTo(12 * 0.020);
    }

    private static TopDownRunner.Timing run(PoseModel model, Mat image, List<PersonInstance> persons, long loadMillis)
            throws Exception {
        TopDownEstimator estimator = new TopDownEstimator(model, new TopDownEstimator.Options(true, 0.2, 0));
        List<TopDownRunner.ImageJob> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long imageId = i;
            jobs.add(new TopDownRunner.ImageJob(imageId, () -> {
                Thread.sleep(loadMillis);
                return image.clone();
            }, persons.stream().map(p -> new PersonInstance(imageId, p.x(), p.y(), p.w(), p.h(), p.score(),
                    p.annotationId())).toList()));
        }
        TopDownRunner.Result r = TopDownRunner.run(estimator, jobs, 1, null);
        assertThat(r.poses()).hasSize(12);
        return r.timing();
    }

    /** A model that takes {@code millis} per forward pass on top of the wrapped one, one crop per pass. */
    private record SlowModel(PoseModel inner, long millis) implements PoseModel {
        @Override
        public ModelDescriptor descriptor() {
            ModelDescriptor d = inner.descriptor();
            return new ModelDescriptor(d.inputHeight(), d.inputWidth(), d.layout(), d.color(), d.normalization(),
                    d.output(), d.heatmapName(), d.offsetName(), d.stride(), d.heatmapLogits(), 1, d.joints(),
                    d.flipTest());
        }

        @Override
        public Output forward(List<Mat> crops) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.forward(crops);
        }

        @Override
        public void close() {
        }
    }
}
