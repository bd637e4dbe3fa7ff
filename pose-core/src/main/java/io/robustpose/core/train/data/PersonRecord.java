package io.robustpose.core.train.data;

import java.nio.file.Path;

/**
 * One training person (HRNet's {@code db} entry): its image, where the crop goes, and its
 * keypoints in image pixels (0-based).
 *
 * @param image       the image file
 * @param box         {@code [x, y, w, h]} (COCO's cleaned bbox), turned into center/scale for the
 *                    network's aspect ratio with padding 1.25 at sampling time; null when
 *                    {@code center}/{@code scale} are given (MPII)
 * @param centerX     crop center when {@code box} is null
 * @param centerY     crop center when {@code box} is null
 * @param scale       crop scale (pixel_std units, padding included) when {@code box} is null; the
 *                    crop width is {@code scale·200}, its height follows the input's aspect ratio
 * @param joints      {@code [x0, y0, x1, y1, ...]} (2·J values)
 * @param visibility  J flags, 1 labelled (COCO v ≥ 1 or MPII joints_vis), 0 not
 * @param stylized    the image comes from a stylized copy of the dataset (AdvMix + Stylized)
 */
public record PersonRecord(Path image, double[] box, double centerX, double centerY, double scale, float[] joints,
        float[] visibility, boolean stylized) {

    public PersonRecord(Path image, double[] box, double centerX, double centerY, double scale, float[] joints,
            float[] visibility) {
        this(image, box, centerX, centerY, scale, joints, visibility, false);
    }

    public int jointCount() {
        return visibility.length;
    }

    public int visibleJoints() {
        int n = 0;
        for (float v : visibility) {
            if (v > 0) {
                n++;
            }
        }
        return n;
    }
}
