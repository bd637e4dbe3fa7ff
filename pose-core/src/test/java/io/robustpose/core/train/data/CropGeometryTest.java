package io.robustpose.core.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.image.OpenCv;
import io.robustpose.core.inference.BoxTransform;
import io.robustpose.core.inference.Skeleton;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** The random crop: HRNet's scale / rotation ranges, flip with joint swap, and the folded flip matrix. */
class CropGeometryTest {

    private static PersonRecord person() {
        float[] joints = new float[34];
        float[] vis = new float[17];
        for (int k = 0; k < 17; k++) {
            joints[2 * k] = 100 + 3 * k;
            joints[2 * k + 1] = 60 + 5 * k;
            vis[k] = k == 3 ? 0 : 1;
        }
        return new PersonRecord(Path.of("x.jpg"), new double[] {80, 50, 60, 120}, 0, 0, 0, joints, vis);
    }

    private static TrainingData data(PersonRecord p) {
        return new TrainingData(DatasetFormat.COCO, Skeleton.COCO, List.of(p),
                new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    }

    @Test
    void withoutAugmentationJointsFollowTheBoxTransform() {
        PersonRecord p = person();
        CropGeometry g = CropGeometry.draw(p, data(p), AugmentationConfig.coco(), 96, 128, 300, new SplittableRandom(1),
                false);
        BoxTransform t = BoxTransform.fromBox(80, 50, 60, 120, 96, 128);
        assertThat(g.transform()).isEqualTo(t);
        assertThat(g.flipped()).isFalse();
        double[][] xy = {{g.joints()[0], g.joints()[1]}};
        t.toImage(xy, 96, 128);
        assertThat(xy[0][0]).isCloseTo(100, within(1e-3));
        assertThat(xy[0][1]).isCloseTo(60, within(1e-3));
        // the invisible joint is left as it was
        assertThat(g.joints()[6]).isEqualTo(p.joints()[6]);
        assertThat(g.visibility()[3]).isZero();
    }

    @Test
    void randomScaleAndRotationStayInHrnetRanges() {
        PersonRecord p = person();
        TrainingData d = data(p);
        BoxTransform base = BoxTransform.fromBox(80, 50, 60, 120, 96, 128);
        SplittableRandom rng = new SplittableRandom(7);
        int rotated = 0;
        int flipped = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            CropGeometry g = CropGeometry.draw(p, d, AugmentationConfig.coco(), 96, 128, 300, rng, true);
            double f = g.transform().scaleX() / base.scaleX();
            assertThat(f).isBetween(0.7 - 1e-9, 1.3 + 1e-9);
            assertThat(g.transform().rotationDeg()).isBetween(-80.0, 80.0);
            if (g.transform().rotationDeg() != 0) {
                rotated++;
            }
            if (g.flipped()) {
                flipped++;
            }
        }
        assertThat(rotated / (double) n).isCloseTo(0.6, within(0.03));
        assertThat(flipped / (double) n).isCloseTo(0.5, within(0.03));
    }

    @Test
    void flipSwapsLeftAndRightAndTheFoldedMatrixMirrorsTheImage() {
        OpenCv.load();
        PersonRecord p = person();
        TrainingData d = data(p);
        int width = 300;
        SplittableRandom rng = new SplittableRandom(3);
        CropGeometry g;
        do {
            g = CropGeometry.draw(p, d, AugmentationConfig.coco(), 96, 128, width, rng, true);
        } while (!g.flipped());
        // joint 1 (left eye) of the crop is the mirrored right eye (2) of the image
        double[] m = flipMatrixOf(g);
        double xr = width - 1 - p.joints()[4];
        double yr = p.joints()[5];
        assertThat(g.joints()[2]).isCloseTo((float) (m[0] * xr + m[1] * yr + m[2]), within(1e-3f));
        assertThat(g.joints()[3]).isCloseTo((float) (m[3] * xr + m[4] * yr + m[5]), within(1e-3f));
        assertThat(g.visibility()[4]).isZero(); // invisible joint 3 became 4

        // warping the original with the folded matrix = flipping the image, then warping it (HRNet)
        Mat image = new Mat(200, width, CvType.CV_8UC3);
        Core.randu(image, 0, 256);
        // smooth content: OpenCV quantizes sampling positions to 1/32 px, differently on mirrored axes
        Imgproc.GaussianBlur(image, image, new Size(21, 21), 6);
        Mat flippedImage = new Mat();
        Core.flip(image, flippedImage, 1);
        Mat hrnet = warp(flippedImage, m);
        Mat folded = warp(image, g.sourceMatrix(96, 128));
        Mat diff = new Mat();
        Core.absdiff(hrnet, folded, diff);
        Core.MinMaxLocResult mm = Core.minMaxLoc(diff.reshape(1));
        assertThat(mm.maxVal).isLessThanOrEqualTo(3.0);
        assertThat(Core.mean(diff).val[0]).isLessThan(0.05);
    }

    @Test
    void halfBodyCropsTheSelectedJointsWithMargin() {
        PersonRecord p = person();
        TrainingData d = data(p);
        AugmentationConfig half = new AugmentationConfig(0, 0, 0, false, 1.0, 8, 2.0);
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 50; i++) {
            CropGeometry g = CropGeometry.draw(p, d, half, 96, 128, 300, rng, true);
            double cx = g.transform().centerX();
            // upper body: visible joints 0..10 without 3 → mean x of 100 + 3k; lower: 11..16
            double upper = 0;
            int nu = 0;
            double lower = 0;
            for (int k = 0; k < 17; k++) {
                if (k == 3) {
                    continue;
                }
                if (k <= 10) {
                    upper += 100 + 3 * k;
                    nu++;
                } else {
                    lower += 100 + 3 * k;
                }
            }
            double upperMean = upper / nu;
            double lowerMean = lower / 6;
            assertThat(Math.min(Math.abs(cx - upperMean), Math.abs(cx - lowerMean))).isLessThan(1e-4);
            // scale = 1.5 · extent / 200 with the aspect fixed to 96/128
            assertThat(g.transform().scaleX() / g.transform().scaleY()).isCloseTo(96 / 128.0, within(1e-9));
        }
    }

    private static double[] flipMatrixOf(CropGeometry g) {
        Mat mat = g.transform().affine(96, 128, false);
        double[] m = new double[6];
        mat.get(0, 0, m);
        return m;
    }

    private static Mat warp(Mat src, double[] m) {
        Mat matrix = new Mat(2, 3, CvType.CV_64F);
        matrix.put(0, 0, m);
        Mat out = new Mat();
        Imgproc.warpAffine(src, out, matrix, new Size(96, 128), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT,
                new Scalar(0, 0, 0));
        return out;
    }
}
