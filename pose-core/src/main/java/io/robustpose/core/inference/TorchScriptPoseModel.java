package io.robustpose.core.inference;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import org.opencv.core.Mat;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A TorchScript export (torch.jit.trace / script) run by DJL's PyTorch engine: the model
 * takes the descriptor's input tensor and returns heatmaps (its first output).
 */
public final class TorchScriptPoseModel implements PoseModel {
    private final ModelDescriptor descriptor;
    private final LoadedModel model;

    public TorchScriptPoseModel(Path file, ModelDescriptor descriptor) throws IOException {
        this(file, descriptor, Device.cpu());
    }

    public TorchScriptPoseModel(Path file, ModelDescriptor descriptor, Device device) throws IOException {
        if (!descriptor.output().equals(ModelDescriptor.HEATMAPS)) {
            throw new IllegalArgumentException("TorchScript models are read as heatmap models (descriptor output: heatmaps)");
        }
        this.descriptor = descriptor;
        model = LoadedModel.torchScript(file, device);
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Output forward(List<Mat> crops) {
        int n = crops.size();
        float[] flat = forwardRaw(InputTensors.packed(crops, descriptor), InputTensors.shape(n, descriptor));
        return new Output(InputTensors.unflatten(flat, n, descriptor.joints(), descriptor.heatmapHeight(),
                descriptor.heatmapWidth()), null);
    }

    /** The first output for an already prepared input tensor, flattened (row-major). */
    public float[] forwardRaw(FloatBuffer input, Shape shape) {
        return model.run(input, shape, out -> out.get(0).toFloatArray());
    }

    @Override
    public void close() {
        model.close();
    }
}
