package io.robustpose.core.train.data;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.image.ImageIo;
import io.robustpose.core.image.OpenCv;
import io.robustpose.core.inference.InputTensors;
import io.robustpose.core.train.augment.AutoAugmentSubset;
import io.robustpose.core.train.augment.GridMask;
import io.robustpose.core.train.bottomup.BottomUpAugmentation;
import io.robustpose.core.train.bottomup.BottomUpSample;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Turns a person into a {@link TrainSample}: decode → random crop (bilinear warp, black outside the
 * image, as cv2.warpAffine) → heatmap targets → proposals. Order of the AdvMix proposals (the
 * authors' {@code MixCombine}): AutoAugment on the uint8 crop, then ImageNet normalization; GridMask
 * on the normalized clean crop. The targets are the clean crop's (the authors train on
 * {@code targets[0]}). Thread-safe; all randomness comes from {@link Seeds} streams of
 * (seed, epoch, record).
 */
public final class SampleFactory {

    private final TrainingData data;
    private final AugmentationConfig augmentation;
    private final int inputW;
    private final int inputH;
    private final Proposals proposals;
    private final boolean dirichlet;
    private final boolean augment;
    /** Channel order of the network's input: RGB, or BGR (official SimpleBaseline checkpoints). */
    private boolean rgb = true;
    private final long seed;
    private final List<Corruption> trainingCorruptions;
    private final boolean augmentStylized;
    private final Corruptor corruptor;
    private BottomUpAugmentation bottomUpAugmentation = BottomUpAugmentation.COCO;

    public SampleFactory(TrainingData data, AugmentationConfig augmentation, int inputH, int inputW,
            Proposals proposals, boolean dirichletWeights, boolean augment, long seed) {
        this(data, augmentation, inputH, inputW, proposals, dirichletWeights, augment, seed, List.of(), false);
    }

    /**
     * @param trainingCorruptions corrupt every sample's full image before the crop with one of these,
     *                            drawn uniformly, at a severity drawn from 1..5 (the transfer methods);
     *                            empty: no corruption
     * @param augmentStylized     apply AutoAugment and GridMask to stylized-source images too (else
     *                            their proposals are the stylized crop itself, the authors' sp_style)
     */
    public SampleFactory(TrainingData data, AugmentationConfig augmentation, int inputH, int inputW,
            Proposals proposals, boolean dirichletWeights, boolean augment, long seed,
            List<Corruption> trainingCorruptions, boolean augmentStylized) {
        if (inputH % 4 != 0 || inputW % 4 != 0) {
            throw new IllegalArgumentException("input " + inputH + "x" + inputW + " must be divisible by 4");
        }
        this.data = data;
        this.augmentation = augmentation;
        this.inputW = inputW;
        this.inputH = inputH;
        this.proposals = proposals;
        this.dirichlet = dirichletWeights;
        this.augment = augment;
        this.seed = seed;
        this.trainingCorruptions = List.copyOf(trainingCorruptions);
        this.augmentStylized = augmentStylized;
        this.corruptor = this.trainingCorruptions.isEmpty() ? null : Corruptor.withProceduralFrost();
        if (data.bottomUp() && inputH != inputW) {
            throw new IllegalArgumentException("a bottom-up network trains on square inputs (INPUT_SIZE, e.g. 512x512), "
                    + "not " + inputH + "x" + inputW);
        }
        OpenCv.load();
    }

    public int inputWidth() {
        return inputW;
    }

    public int inputHeight() {
        return inputH;
    }

    public int joints() {
        return data.joints();
    }

    public Proposals proposals() {
        return proposals;
    }

    public boolean dirichletWeights() {
        return dirichlet;
    }

    public TrainingData data() {
        return data;
    }

    /** The sample of person {@code record} in {@code epoch}. */
    public TrainSample make(int record, int epoch) {
        if (data.bottomUp()) {
            return makeBottomUp(record, epoch);
        }
        PersonRecord r = data.records().get(record);
        // the authors' --random_corruption: corrupt(data_numpy, ...) on the whole image, before the crop
        Mat image = decode(r.image(), record, epoch);
        try {
            SplittableRandom geometryRng = Seeds.random(seed, epoch, record, Seeds.STREAM_GEOMETRY);
            CropGeometry g = CropGeometry.draw(r, data, augmentation, inputW, inputH, image.cols(), geometryRng,
                    augment);
            byte[] crop = warp(image, g.sourceMatrix(inputW, inputH));
            int hmW = inputW / 4;
            int hmH = inputH / 4;
            int j = data.joints();
            float[] target = new float[j * hmW * hmH];
            float[] weight = new float[j];
            HeatmapTargets.generate(g.joints(), g.visibility(), inputW, inputH, hmW, hmH, augmentation.sigma(),
                    target, 0, weight, 0);
            float[] clean = normalize(crop, inputW, inputH, rgb);
            float[][] extras = proposalImages(crop, clean, r.stylized(), record, epoch);
            return new TrainSample(record, clean, extras, mixWeights(extras.length, record, epoch), target, weight,
                    g.joints(), null);
        } finally {
            image.release();
        }
    }

    /**
     * The method's further images of a sample (AdvMix's AutoAugment and GridMask versions, or the sequential
     * one) from its uint8 {@code crop} and normalized {@code clean} image; a stylized-source sample's are the
     * clean image itself unless stylized images are augmented too.
     */
    private float[][] proposalImages(byte[] crop, float[] clean, boolean stylized, int record, int epoch) {
        float[][] extras = new float[proposals.extraImages()][];
        if (proposals != Proposals.CLEAN && stylized && !augmentStylized) {
            for (int e = 0; e < extras.length; e++) {
                extras[e] = clean.clone();
            }
        } else if (proposals != Proposals.CLEAN) {
            byte[] auto = crop.clone();
            AutoAugmentSubset.apply(auto, inputW, inputH, 3, Seeds.random(seed, epoch, record, Seeds.STREAM_AUTOAUGMENT));
            float[] autoNorm = normalize(auto, inputW, inputH, rgb);
            SplittableRandom gridRng = Seeds.random(seed, epoch, record, Seeds.STREAM_GRIDMASK);
            if (proposals == Proposals.CLEAN_AUTOAUGMENT_GRIDMASK) {
                float[] grid = clean.clone();
                GridMask.apply(grid, 3, inputH, inputW, gridRng);
                extras[0] = autoNorm;
                extras[1] = grid;
            } else {
                GridMask.apply(autoNorm, 3, inputH, inputW, gridRng);
                extras[0] = autoNorm;
            }
        }
        return extras;
    }

    /** AugMix's Dirichlet(1, ..., 1) weights over clean + extras (normalized Exp(1) draws), or null. */
    private float[] mixWeights(int extras, int record, int epoch) {
        if (!dirichlet) {
            return null;
        }
        SplittableRandom mixRng = Seeds.random(seed, epoch, record, Seeds.STREAM_MIX);
        int k = 1 + extras;
        float[] mix = new float[k];
        double sum = 0;
        double[] e = new double[k];
        for (int i = 0; i < k; i++) {
            e[i] = -Math.log(1 - mixRng.nextDouble());
            sum += e[i];
        }
        for (int i = 0; i < k; i++) {
            mix[i] = (float) (e[i] / sum);
        }
        return mix;
    }

    /**
     * A whole-image sample of a bottom-up network ({@link BottomUpSample}): the official augmentation when
     * augmenting (else the centred image), the method's proposals made from the warped image as for a crop.
     */
    private TrainSample makeBottomUp(int record, int epoch) {
        BottomUpImage r = data.images().get(record);
        Mat image = decode(r.image(), record, epoch);
        try {
            SplittableRandom geometryRng = Seeds.random(seed, epoch, record, Seeds.STREAM_GEOMETRY);
            BottomUpAugmentation aug = augment ? bottomUpAugmentation : BottomUpAugmentation.NONE;
            BottomUpSample s = BottomUpSample.prepare(image, r, data.joints(), data.skeleton().flipPermutation(), inputW,
                    aug.draw(image.cols(), image.rows(), geometryRng));
            float[] clean = normalize(s.image(), inputW, inputH, rgb);
            float[][] extras = proposalImages(s.image(), clean, false, record, epoch);
            float[] weight = new float[data.joints()];
            java.util.Arrays.fill(weight, 1f);
            return new TrainSample(record, clean, extras, mixWeights(extras.length, record, epoch), s.heatmaps0(),
                    weight, new float[0], s.targets());
        } finally {
            image.release();
        }
    }

    /** The image as read, corrupted first for the transfer methods (the authors' --random_corruption). */
    private Mat decode(java.nio.file.Path file, int record, int epoch) {
        Mat image = ImageIo.read(file);
        if (corruptor != null) {
            SplittableRandom rng = Seeds.random(seed, epoch, record, Seeds.STREAM_CORRUPTION);
            Corruption c = trainingCorruptions.get(rng.nextInt(trainingCorruptions.size()));
            int severity = Corruption.MIN_SEVERITY + rng.nextInt(Corruption.MAX_SEVERITY - Corruption.MIN_SEVERITY + 1);
            Mat corrupted = corruptor.apply(image, c, severity, rng.nextLong(), file.toString(), Map.of());
            image.release();
            image = corrupted;
        }
        return image;
    }

    /** cv2.warpAffine(img, M, (w, h), flags=INTER_LINEAR), constant 0 border; BGR interleaved bytes. */
    private byte[] warp(Mat image, double[] m) {
        Mat matrix = new Mat(2, 3, CvType.CV_64F);
        matrix.put(0, 0, m);
        Mat out = new Mat();
        try {
            Imgproc.warpAffine(image, out, matrix, new Size(inputW, inputH), Imgproc.INTER_LINEAR,
                    Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
            byte[] px = new byte[inputW * inputH * 3];
            out.get(0, 0, px);
            return px;
        } finally {
            matrix.release();
            out.release();
        }
    }

    /** The whole-image augmentation of bottom-up samples (default: the official COCO one); returns this. */
    public SampleFactory bottomUpAugmentation(BottomUpAugmentation a) {
        this.bottomUpAugmentation = a;
        return this;
    }

    /** Feeds the network its channel order, RGB or BGR (the network's {@code inputColor}); returns this. */
    public SampleFactory inputColor(String color) {
        this.rgb = !"BGR".equals(color);
        return this;
    }

    /** torchvision ToTensor + Normalize(ImageNet): BGR uint8 HWC → RGB float CHW, (v/255 − mean) / std. */
    public static float[] normalize(byte[] bgr, int w, int h) {
        return normalize(bgr, w, h, true);
    }

    /**
     * As {@link #normalize(byte[], int, int)}; with {@code rgb} false the channels stay in OpenCV's BGR order and
     * channel c is normalised with ImageNet's c-th mean and std anyway — what HRNet's pipeline does with
     * {@code COLOR_RGB: false} (the official SimpleBaseline configs).
     */
    public static float[] normalize(byte[] bgr, int w, int h, boolean rgb) {
        int plane = w * h;
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            float mean = InputTensors.IMAGENET_MEAN[c];
            float std = InputTensors.IMAGENET_STD[c];
            int src = rgb ? 2 - c : c;
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                float x = (bgr[i * 3 + src] & 0xff) / 255f;
                out[base + i] = (x - mean) / std;
            }
        }
        return out;
    }
}
