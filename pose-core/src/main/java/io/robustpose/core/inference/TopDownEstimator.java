package io.robustpose.core.inference;

import org.opencv.core.Core;
import org.opencv.core.Mat;

import java.util.ArrayList;
import java.util.List;

/**
 * Top-down pose estimation as SimpleBaseline/HRNet evaluate it: each person box is cropped with
 * {@link BoxTransform}, the network runs on batches of crops (and their mirror images for the flip
 * test), joints are decoded from the heatmaps (or heatmaps + offsets) and mapped back to the image;
 * poses are rescored and, for 17-joint layouts, filtered by OKS-NMS per image.
 */
public final class TopDownEstimator {

    /** @param inVisThreshold joint confidence above which it counts for rescoring (0.2 in HRNet)
     *  @param oksNmsThreshold OKS-NMS threshold (0.9 in HRNet); ≤ 0 disables NMS */
    public record Options(boolean flipTest, double inVisThreshold, double oksNmsThreshold, boolean dark) {
        public static final Options PUBLISHED = new Options(true, 0.2, 0.9, false);

        public Options(boolean flipTest, double inVisThreshold, double oksNmsThreshold) {
            this(flipTest, inVisThreshold, oksNmsThreshold, false);
        }
    }

    /** A person's crop, ready for the network. */
    public record Crop(PersonInstance person, BoxTransform transform, Mat pixels) {
    }

    private final PoseModel model;
    private final ModelDescriptor d;
    private final Skeleton skeleton;
    private final Options options;

    public TopDownEstimator(PoseModel model, Options options) {
        this.model = model;
        this.d = model.descriptor();
        this.skeleton = Skeleton.forJoints(d.joints());
        this.options = options;
    }

    public ModelDescriptor descriptor() {
        return d;
    }

    /** Crops the persons of one (possibly corrupted) image. Thread-safe: run it on a pool. */
    public List<Crop> crop(Mat image, List<PersonInstance> persons) {
        List<Crop> crops = new ArrayList<>(persons.size());
        for (PersonInstance p : persons) {
            BoxTransform t = BoxTransform.fromBox(p.x(), p.y(), p.w(), p.h(), d.inputWidth(), d.inputHeight());
            crops.add(new Crop(p, t, t.crop(image, d.inputWidth(), d.inputHeight())));
        }
        return crops;
    }

    /** Runs the network on up to maxBatch crops (releasing their pixels) and decodes the poses. */
    public List<PosePrediction> predict(List<Crop> batch) {
        List<Mat> pixels = batch.stream().map(Crop::pixels).toList();
        PoseModel.Output plain = model.forward(pixels);
        float[][][][] heatmaps = plain.heatmaps();
        boolean heatmapOnly = d.output().equals(ModelDescriptor.HEATMAPS);
        if (options.flipTest() && d.flipTest() && heatmapOnly) {
            List<Mat> mirrored = new ArrayList<>(pixels.size());
            for (Mat m : pixels) {
                Mat f = new Mat();
                Core.flip(m, f, 1);
                mirrored.add(f);
            }
            float[][][][] flipped = model.forward(mirrored).heatmaps();
            mirrored.forEach(Mat::release);
            for (int i = 0; i < heatmaps.length; i++) {
                heatmaps[i] = Heatmaps.mergeFlipped(heatmaps[i], flipped[i], skeleton);
            }
        }
        List<PosePrediction> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Crop c = batch.get(i);
            double[][] kp = heatmapOnly ? fromHeatmaps(heatmaps[i], c.transform())
                    : fromOffsets(heatmaps[i], plain.offsets()[i], c.transform());
            out.add(new PosePrediction(c.person(), kp, c.transform().area(), rescore(kp, c.person().score())));
            c.pixels().release();
        }
        return out;
    }

    private double[][] fromHeatmaps(float[][][] hm, BoxTransform t) {
        Heatmaps.Peak[] peaks = options.dark() ? Heatmaps.decodeDark(hm) : Heatmaps.decode(hm);
        double[][] kp = new double[peaks.length][3];
        for (int k = 0; k < peaks.length; k++) {
            kp[k][0] = peaks[k].x();
            kp[k][1] = peaks[k].y();
            kp[k][2] = d.heatmapLogits() ? Heatmaps.sigmoid(peaks[k].score()) : peaks[k].score();
        }
        t.toImage(kp, hm[0][0].length, hm[0].length);
        return kp;
    }

    /** PoseNet decoding: the argmax cell, displaced by its short-range offset (in input pixels). */
    private double[][] fromOffsets(float[][][] hm, float[][][] offsets, BoxTransform t) {
        int k = hm.length;
        double[][] kp = new double[k][3];
        for (int j = 0; j < k; j++) {
            int[] cell = Heatmaps.argmaxCell(hm[j]);
            int bx = cell[0];
            int by = cell[1];
            float best = hm[j][by][bx];
            kp[j][0] = bx * d.stride() + offsets[k + j][by][bx];
            kp[j][1] = by * d.stride() + offsets[j][by][bx];
            kp[j][2] = d.heatmapLogits() ? Heatmaps.sigmoid(best) : best;
        }
        t.toImage(kp, d.inputWidth(), d.inputHeight());
        return kp;
    }

    /** HRNet's rescoring: box score × mean confidence of the joints above the visibility threshold. */
    private double rescore(double[][] kp, double boxScore) {
        double sum = 0;
        int n = 0;
        for (double[] j : kp) {
            if (j[2] > options.inVisThreshold()) {
                sum += j[2];
                n++;
            }
        }
        return (n == 0 ? 0 : sum / n) * boxScore;
    }

    /** Per-image post-processing: OKS-NMS for COCO-style 17-joint poses. */
    public List<PosePrediction> suppress(List<PosePrediction> imagePoses) {
        if (options.oksNmsThreshold() <= 0 || d.joints() != OksNms.COCO_SIGMAS.length) {
            return imagePoses;
        }
        return OksNms.apply(imagePoses, options.oksNmsThreshold());
    }
}
