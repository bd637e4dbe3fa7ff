package io.robustpose.core.bottomup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.dataset.KeypointResult;
import io.robustpose.core.dataset.SharedFixtures;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.WeightFormula;
import io.robustpose.core.model.WeightImporter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/**
 * HigherHRNet's multi-scale test ({@code TEST.SCALE_FACTOR}). The sizes and the affine of every scale are the
 * official {@code get_multi_scale_size}'s (the values below were printed by lib/utils/transforms.py of
 * HigherHRNet @ aa23881 for min scale 0.5); a single scale [1] is exactly the single-scale test; [1, 0.5] runs the
 * network at both sizes and groups on the scale-1 grid. The aggregation itself (sum of the projected flip-test
 * heatmaps, largest scale first, divided by the count; tags of scale 1) has no official fixture here.
 */
class MultiScaleTestTest {

    /** {image w, h, input size, scale, official resized w, h, centre x, y, scale w, h}. */
    private static final double[][] OFFICIAL = {
        {640, 427, 512, 2, 1536, 1024, 320, 214, 3.2025, 2.135},
        {640, 427, 512, 1, 768, 512, 320, 214, 3.2025, 2.135},
        {640, 427, 512, 0.5, 384, 256, 320, 214, 3.2025, 2.135},
        {640, 427, 640, 1, 1024, 640, 320, 214, 3.4160000000000004, 2.135},
        {333, 500, 512, 2, 1024, 1536, 167, 250, 1.665, 2.4975},
        {333, 500, 512, 0.5, 256, 384, 167, 250, 1.665, 2.4975},
        {333, 500, 128, 1, 128, 256, 167, 250, 1.665, 3.33},
        {80, 60, 640, 2, 1792, 1280, 40, 30, 0.42, 0.3},
        {80, 60, 128, 0.5, 128, 64, 40, 30, 0.6, 0.3},
        {500, 333, 640, 0.5, 512, 320, 250, 167, 2.664, 1.665},
    };

    @Test
    void everyScaleHasTheOfficialSizeAndAffine() {
        for (double[] c : OFFICIAL) {
            MultiScaleSize s = MultiScaleSize.of((int) c[0], (int) c[1], (int) c[2], c[3], 0.5);
            assertThat(new double[] {s.width(), s.height(), s.centerX(), s.centerY(), s.scaleW(), s.scaleH()})
                    .as("%s", java.util.Arrays.toString(c)).containsExactly(c[4], c[5], c[6], c[7], c[8], c[9]);
        }
    }

    @Test
    void oneScaleIsTheSingleScaleTestAndTwoScalesGroupOnTheScaleOneGrid() {
        Mat image = ImageIo.read(SharedFixtures.require("realdata/coco/000000040083.jpg"));
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, Architecture.HIGHERHRNET_W32, 17, 128, 128);
            WeightImporter.fromFormula(net, WeightFormula.RunningStats.NON_TRIVIAL);
            List<KeypointResult> single = new BottomUpEstimator(net, manager, 128, true).estimate(image, 1);
            List<KeypointResult> one = new BottomUpEstimator(net, manager, 128, true, List.of(1.0)).estimate(image, 1);
            assertThat(one).hasSameSizeAs(single);
            for (int i = 0; i < one.size(); i++) {
                assertThat(one.get(i).keypoints()).containsExactly(single.get(i).keypoints());
                assertThat(one.get(i).score()).isEqualTo(single.get(i).score());
            }
            List<KeypointResult> two = new BottomUpEstimator(net, manager, 128, true, List.of(0.5, 1.0))
                    .estimate(image, 1);
            assertThat(two).isNotEmpty();
            // people in image coordinates, within the scale-1 grid (the 500×333 image and its padding to 256×128)
            MultiScaleSize grid = MultiScaleSize.of(500, 333, 128, 1, 0.5);
            assertThat(grid.width()).isEqualTo(256);
            double halfW = grid.scaleW() * 100;
            double halfH = grid.scaleH() * 100;
            for (KeypointResult r : two) {
                for (int j = 0; j < 17; j++) {
                    assertThat(r.keypoints()[3 * j]).isBetween(grid.centerX() - halfW, grid.centerX() + halfW);
                    assertThat(r.keypoints()[3 * j + 1]).isBetween(grid.centerY() - halfH, grid.centerY() + halfH);
                }
            }
            assertThat(two.get(0).score()).as("another test, other scores").isNotCloseTo(single.get(0).score(),
                    within(1e-9));
            assertThatThrownBy(() -> new BottomUpEstimator(net, manager, 128, true, List.of(2.0, 0.5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("include 1");
        } finally {
            image.release();
        }
    }
}
