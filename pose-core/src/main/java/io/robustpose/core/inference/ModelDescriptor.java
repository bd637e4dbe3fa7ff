package io.robustpose.core.inference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How to feed an imported model and read its output.
 *
 * @param inputHeight  network input height in pixels
 * @param inputWidth   network input width
 * @param layout       NCHW or NHWC
 * @param color        RGB or BGR channel order
 * @param normalization "imagenet" (x/255 − mean) / std, or "minus-one-to-one" (x/127.5 − 1)
 * @param output       "heatmaps" (argmax + quarter offset, flip test), "heatmaps+offsets"
 *                     (PoseNet/BodyPix: argmax cell + short-range offset in input pixels), or "higherhrnet" (a
 *                     bottom-up export with HigherHRNet's two outputs, run on whole images: the input size is the
 *                     short side, the output order fixed, heatmapName and offsetName unused)
 * @param heatmapName  output tensor holding the heatmaps (null: the first output)
 * @param offsetName   output tensor holding the offsets (K y-channels then K x-channels)
 * @param stride       input pixels per heatmap cell
 * @param heatmapLogits whether heatmaps are logits (confidence = sigmoid(max))
 * @param maxBatch     largest batch the model accepts (1 for fixed-batch exports)
 * @param joints       number of keypoints
 * @param flipTest     average with the horizontally flipped input (heatmap models)
 */
public record ModelDescriptor(int inputHeight, int inputWidth, String layout, String color, String normalization,
                              String output, String heatmapName, String offsetName, int stride, boolean heatmapLogits,
                              int maxBatch, int joints, boolean flipTest) {
    public static final String HEATMAPS = "heatmaps";
    public static final String HEATMAPS_AND_OFFSETS = "heatmaps+offsets";
    /** A bottom-up HigherHRNet export: two outputs, [1, 2K, H/4, W/4] heatmaps then tags and [1, K, H/2, W/2] heatmaps. */
    public static final String HIGHERHRNET = "higherhrnet";

    public ModelDescriptor {
        if (inputHeight < 16 || inputWidth < 16) {
            throw new IllegalArgumentException("model descriptor: input size " + inputHeight + "x" + inputWidth + " too small");
        }
        if (!List.of("NCHW", "NHWC").contains(layout)) {
            throw new IllegalArgumentException("model descriptor: layout must be NCHW or NHWC (got " + layout + ")");
        }
        if (!List.of("RGB", "BGR").contains(color)) {
            throw new IllegalArgumentException("model descriptor: color must be RGB or BGR (got " + color + ")");
        }
        if (!List.of("imagenet", "minus-one-to-one").contains(normalization)) {
            throw new IllegalArgumentException("model descriptor: normalization must be imagenet or minus-one-to-one (got "
                    + normalization + ")");
        }
        if (!List.of(HEATMAPS, HEATMAPS_AND_OFFSETS, HIGHERHRNET).contains(output)) {
            throw new IllegalArgumentException("model descriptor: output must be heatmaps, heatmaps+offsets or higherhrnet (got "
                    + output + ")");
        }
        if (output.equals(HIGHERHRNET) && (!layout.equals("NCHW") || !normalization.equals("imagenet") || stride != 4)) {
            throw new IllegalArgumentException("model descriptor: a higherhrnet export takes NCHW ImageNet-normalised "
                    + "input and has stride 4");
        }
        if (output.equals(HEATMAPS_AND_OFFSETS) && offsetName == null) {
            throw new IllegalArgumentException("model descriptor: offsetName is required for heatmaps+offsets");
        }
        if (stride < 1 || maxBatch < 1 || joints < 1) {
            throw new IllegalArgumentException("model descriptor: stride, maxBatch and joints must be >= 1");
        }
    }

    /** The descriptor of a SimpleBaseline/HRNet-style network trained by this project. */
    public static ModelDescriptor heatmapNetwork(int inputHeight, int inputWidth, int joints) {
        return new ModelDescriptor(inputHeight, inputWidth, "NCHW", "RGB", "imagenet", HEATMAPS, null, null, 4, false,
                64, joints, true);
    }

    /** PoseNet/BodyPix MobileNet exports: NHWC, [-1, 1], stride 16, heatmap logits + short offsets, batch 1. */
    public static ModelDescriptor bodyPix(int inputHeight, int inputWidth) {
        return new ModelDescriptor(inputHeight, inputWidth, "NHWC", "RGB", "minus-one-to-one", HEATMAPS_AND_OFFSETS,
                "heatmaps", "short_offsets", 16, true, 1, 17, false);
    }

    public static ModelDescriptor read(Path json) throws IOException {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .readValue(json.toFile(), ModelDescriptor.class);
    }

    /** Whether the model is a bottom-up export run on whole images (no person boxes). */
    public boolean bottomUp() {
        return output.equals(HIGHERHRNET);
    }

    public int heatmapWidth() {
        return output.equals(HEATMAPS_AND_OFFSETS) ? (inputWidth - 1) / stride + 1 : inputWidth / stride;
    }

    public int heatmapHeight() {
        return output.equals(HEATMAPS_AND_OFFSETS) ? (inputHeight - 1) / stride + 1 : inputHeight / stride;
    }
}
