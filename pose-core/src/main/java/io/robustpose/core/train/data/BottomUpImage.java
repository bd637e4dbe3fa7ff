package io.robustpose.core.train.data;

import io.robustpose.core.dataset.Segmentation;
import java.nio.file.Path;
import java.util.List;

/**
 * One training image of a bottom-up network: every annotated person's keypoints and the regions the loss
 * ignores (crowds, people annotated without keypoints), as HigherHRNet's {@code CocoKeypoints} item.
 *
 * @param people  per person {@code 3·J} values {@code x, y, v} in image pixels (unlabelled joints have v = 0)
 * @param ignored segmentations of the ignored regions
 */
public record BottomUpImage(Path image, int width, int height, List<float[]> people, List<Segmentation> ignored) {
    public BottomUpImage {
        people = List.copyOf(people);
        ignored = List.copyOf(ignored);
    }
}
