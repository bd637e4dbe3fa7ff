package io.robustpose.core.bottomup;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.robustpose.core.inference.LoadedModel;
import io.robustpose.core.inference.ModelDescriptor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * A bottom-up network exported from PyTorch — TorchScript ({@code .pt}, DJL's PyTorch engine) or ONNX ({@code .onnx},
 * ONNX Runtime) — whose descriptor says {@code "output": "higherhrnet"}: the official {@code PoseHigherResolutionNet}
 * traced or exported with dynamic height and width, returning its two {@code final_outputs} in order.
 */
public final class ExportedBottomUpNetwork implements BottomUpNetwork {
    private final ModelDescriptor descriptor;
    private final LoadedModel model;

    public ExportedBottomUpNetwork(Path file, ModelDescriptor descriptor, Device device) throws IOException {
        if (!descriptor.bottomUp()) {
            throw new IllegalArgumentException("descriptor output '" + descriptor.output() + "': a bottom-up export needs "
                    + "\"output\": \"" + ModelDescriptor.HIGHERHRNET + "\"");
        }
        this.descriptor = descriptor;
        model = file.getFileName().toString().toLowerCase().endsWith(".onnx") ? LoadedModel.onnx(file, device)
                : LoadedModel.torchScript(file, device);
    }

    @Override
    public int joints() {
        return descriptor.joints();
    }

    @Override
    public int inputSize() {
        return Math.min(descriptor.inputHeight(), descriptor.inputWidth());
    }

    @Override
    public String inputColor() {
        return descriptor.color();
    }

    @Override
    public float[][] outputs(float[] input, int height, int width) {
        int k = descriptor.joints();
        return model.run(FloatBuffer.wrap(input), new Shape(1, 3, height, width), out -> {
            if (out.size() < 2) {
                throw new IllegalStateException("a higherhrnet export returns two outputs, this one " + out.size());
            }
            float[] quarter = checked(out, 0, 2 * k, height / 4, width / 4);
            float[] half = checked(out, 1, k, height / 2, width / 2);
            return new float[][]{quarter, half};
        });
    }

    private static float[] checked(NDList out, int i, int channels, int h, int w) {
        Shape expected = new Shape(1, channels, h, w);
        if (!out.get(i).getShape().equals(expected)) {
            throw new IllegalStateException("output " + i + " of the export is " + out.get(i).getShape() + ", a "
                    + "higherhrnet export gives " + expected);
        }
        return out.get(i).toFloatArray();
    }

    @Override
    public void close() {
        model.close();
    }
}
