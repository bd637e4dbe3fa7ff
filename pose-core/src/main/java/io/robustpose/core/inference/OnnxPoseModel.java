package io.robustpose.core.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.opencv.core.Mat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** An imported ONNX pose model run through DJL's ONNX Runtime engine (inference only). */
public final class OnnxPoseModel implements PoseModel {
    private final ModelDescriptor descriptor;
    private final LoadedModel model;

    public OnnxPoseModel(Path onnxFile, ModelDescriptor descriptor) throws IOException {
        this(onnxFile, descriptor, Device.cpu());
    }

    /** On a GPU through ONNX Runtime's CUDA execution provider (the onnxruntime_gpu artifact of the cuda images). */
    public OnnxPoseModel(Path onnxFile, ModelDescriptor descriptor, Device device) throws IOException {
        this.descriptor = descriptor;
        model = LoadedModel.onnx(onnxFile, device);
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Output forward(List<Mat> crops) {
        if (crops.size() > descriptor.maxBatch()) {
            throw new IllegalArgumentException("batch of " + crops.size() + " exceeds the model's " + descriptor.maxBatch());
        }
        int n = crops.size();
        return model.run(InputTensors.packed(crops, descriptor), InputTensors.shape(n, descriptor), out ->
                new Output(toNchw(pick(out, descriptor.heatmapName())),
                        descriptor.offsetName() == null ? null : toNchw(pick(out, descriptor.offsetName()))));
    }

    private static NDArray pick(NDList out, String name) {
        if (name == null) {
            return out.get(0);
        }
        NDArray a = out.get(name);
        if (a == null) {
            throw new IllegalArgumentException("the model has no output named '" + name + "'");
        }
        return a;
    }

    private float[][][][] toNchw(NDArray a) {
        if (descriptor.layout().equals("NHWC")) {
            a = a.transpose(0, 3, 1, 2);
        }
        long[] s = a.getShape().getShape();
        return InputTensors.unflatten(a.toFloatArray(), (int) s[0], (int) s[1], (int) s[2], (int) s[3]);
    }

    @Override
    public void close() {
        model.close();
    }
}
