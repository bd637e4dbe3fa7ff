package io.robustpose.core.inference;

import io.robustpose.core.image.ImageIo;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OKS-NMS as the official inference applies it, and switched off: two GT boxes of overlapping people
 * on a real OCHuman image, a stand-in network that puts every joint at the crop centre (so the two
 * poses nearly coincide, as a real network's do for people this close). Threshold 0.9 keeps one of
 * them — a correct pose lost — and 0 keeps both.
 */
class TopDownEstimatorNmsTest {
    private static final Path SHARED = Path.of(System.getProperty("robustpose.shared", "../shared")).toAbsolutePath().normalize();

    @Test
    void overlappingPeopleAreMergedAt09AndKeptWithNmsOff() {
        Mat image = ImageIo.read(SHARED.resolve("realdata/ochuman/000817.jpg"));
        List<PersonInstance> persons = List.of(new PersonInstance(817, 100, 80, 120, 240, 1, 1),
                new PersonInstance(817, 104, 82, 118, 236, 1, 2));
        int[] kept = new int[2];
        double[] thresholds = {0.9, 0};
        for (int i = 0; i < 2; i++) {
            TopDownEstimator estimator = new TopDownEstimator(new CentrePeakModel(256, 192, 17), new TopDownEstimator.Options(true, 0.2, thresholds[i]));
            List<PosePrediction> poses = estimator.predict(estimator.crop(image, persons));
            assertThat(poses).hasSize(2);
            kept[i] = estimator.suppress(poses).size();
        }
        assertThat(kept[0]).as("OKS-NMS 0.9").isEqualTo(1);
        assertThat(kept[1]).as("OKS-NMS off").isEqualTo(2);
    }
}
