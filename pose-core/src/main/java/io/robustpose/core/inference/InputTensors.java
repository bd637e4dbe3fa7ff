package io.robustpose.core.inference;

import ai.djl.ndarray.types.Shape;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/** Packs BGR uint8 crops into one float input tensor in the layout, channel order and scale a model expects. */
public final class InputTensors {
    /** ImageNet statistics (RGB) used by SimpleBaseline / HRNet. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private InputTensors() {
    }

    /** A direct buffer holding the crops as the model's input tensor (rewound), and its shape. */
    public static FloatBuffer packed(List<Mat> crops, ModelDescriptor d) {
        FloatBuffer fb = ByteBuffer.allocateDirect(crops.size() * 3 * d.inputHeight() * d.inputWidth() * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        pack(crops, d, fb);
        return fb.rewind();
    }

    public static Shape shape(int n, ModelDescriptor d) {
        return d.layout().equals("NCHW") ? new Shape(n, 3, d.inputHeight(), d.inputWidth())
                : new Shape(n, d.inputHeight(), d.inputWidth(), 3);
    }

    /** A row-major [n][c][h][w] float array from its flat form (how network outputs come back). */
    public static float[][][][] unflatten(float[] flat, int n, int c, int h, int w) {
        if (flat.length != n * c * h * w) {
            throw new IllegalStateException("the model returned " + flat.length + " values, expected " + n + "x" + c
                    + "x" + h + "x" + w + " (check the model descriptor)");
        }
        float[][][][] out = new float[n][c][h][w];
        int i = 0;
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(flat, i, out[b][k][y], 0, w);
                    i += w;
                }
            }
        }
        return out;
    }

    /** Fills {@code out} (position 0) with N×3×H×W (NCHW) or N×H×W×3 (NHWC) floats. */
    public static void pack(List<Mat> crops, ModelDescriptor d, FloatBuffer out) {
        int h = d.inputHeight();
        int w = d.inputWidth();
        boolean nchw = d.layout().equals("NCHW");
        boolean rgb = d.color().equals("RGB");
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            if (d.normalization().equals("imagenet")) {
                scale[c] = 1f / (255f * IMAGENET_STD[c]);
                shift[c] = -IMAGENET_MEAN[c] / IMAGENET_STD[c];
            } else {
                scale[c] = 1f / 127.5f;
                shift[c] = -1f;
            }
        }
        byte[] px = new byte[h * w * 3];
        float[] plane = new float[h * w * 3];
        for (Mat crop : crops) {
            if (crop.rows() != h || crop.cols() != w || crop.type() != CvType.CV_8UC3) {
                throw new IllegalArgumentException("crop must be " + w + "x" + h + " BGR uint8, got " + crop);
            }
            crop.get(0, 0, px);
            for (int i = 0, n = h * w; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    // c is the model's channel; the Mat is BGR
                    int src = rgb ? 2 - c : c;
                    float v = (px[i * 3 + src] & 0xff) * scale[c] + shift[c];
                    if (nchw) {
                        plane[c * n + i] = v;
                    } else {
                        plane[i * 3 + c] = v;
                    }
                }
            }
            out.put(plane);
        }
    }
}
