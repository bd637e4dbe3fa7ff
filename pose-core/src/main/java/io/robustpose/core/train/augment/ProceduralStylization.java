package io.robustpose.core.train.augment;

import io.robustpose.core.benchmark.AnnotatedImageFiles;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.image.OpenCv;
import io.robustpose.core.train.data.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import org.opencv.photo.Photo;

/**
 * A procedural stand-in for Stylized-COCO, the AdaIN-stylized copy of the training images that
 * AdvMix + Stylized adds as a second source (the style-transfer network itself cannot run here).
 * Per image: OpenCV's edge-preserving non-photorealistic {@code stylization} (flattened texture,
 * kept shapes — what the stylized source is for: a shape-biased view of the same persons), then a
 * random hue rotation and saturation / contrast change drawn from the image's seed (new colour
 * statistics, as a new style would bring). Geometry is untouched, so the annotations hold.
 */
public final class ProceduralStylization {

    private ProceduralStylization() {
    }

    /** Stylizes one BGR image (a new Mat). */
    public static Mat apply(Mat bgr, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mat styled = new Mat();
        // OpenCV's defaults: sigma_s 60 (spatial), sigma_r 0.45 (range)
        Photo.stylization(bgr, styled, 60f, 0.45f);
        Mat hsv = new Mat();
        Imgproc.cvtColor(styled, hsv, Imgproc.COLOR_BGR2HSV);
        styled.release();
        List<Mat> ch = new java.util.ArrayList<>();
        Core.split(hsv, ch);
        // hue in OpenCV's 0..179, rotated by a random angle; saturation scaled 0.5..1.5
        int shift = rng.nextInt(180);
        Core.add(ch.get(0), new Scalar(shift), ch.get(0));
        Mat wrap = new Mat();
        Imgproc.threshold(ch.get(0), wrap, 179, 180, Imgproc.THRESH_BINARY);
        Core.subtract(ch.get(0), wrap, ch.get(0));
        wrap.release();
        ch.get(1).convertTo(ch.get(1), -1, 0.5 + rng.nextDouble(), 0);
        Core.merge(ch, hsv);
        ch.forEach(Mat::release);
        Mat out = new Mat();
        Imgproc.cvtColor(hsv, out, Imgproc.COLOR_HSV2BGR);
        hsv.release();
        double contrast = 0.7 + 0.6 * rng.nextDouble();
        out.convertTo(out, -1, contrast, 128 * (1 - contrast));
        return out;
    }

    /** Writes the stylized copy of {@code files} (relative to {@code images}) under {@code out}; skips existing ones. */
    public static int writeCopy(Path images, List<String> files, Path out, long seed) throws IOException {
        OpenCv.load();
        int written = 0;
        for (String f : files) {
            Path target = AnnotatedImageFiles.resolve(out, f);
            if (Files.exists(target)) {
                continue;
            }
            Mat in = ImageIo.read(AnnotatedImageFiles.resolve(images, f));
            try {
                Mat styled = apply(in, Seeds.derive(seed, f.hashCode()));
                try {
                    Files.createDirectories(target.getParent());
                    ImageIo.write(target, styled);
                    written++;
                } finally {
                    styled.release();
                }
            } finally {
                in.release();
            }
        }
        return written;
    }
}
