package io.robustpose.core.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens imported pose models from a file and a descriptor (a JSON file or a preset name). */
public final class PoseModels {
    private PoseModels() {
    }

    /**
     * @param file       the model: .onnx through ONNX Runtime, .pt TorchScript through the PyTorch engine,
     *                   or a .safetensors checkpoint of this project's networks (architecture and input
     *                   size in its metadata)
     * @param descriptor a descriptor JSON file, or the preset "bodypix" (PoseNet/BodyPix MobileNet exports at 321×241)
     */
    public static PoseModel open(Path file, String descriptor) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("model file not found: " + file);
        }
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".safetensors")) {
            return DjlPoseModel.fromCheckpoint(file, 32);
        }
        if (name.endsWith(".onnx")) {
            return new OnnxPoseModel(file, descriptor(descriptor));
        }
        if (name.endsWith(".pt") || name.endsWith(".torchscript")) {
            return new TorchScriptPoseModel(file, descriptor(descriptor));
        }
        throw new IllegalArgumentException("unsupported model file " + file + " (supported: .onnx, .pt TorchScript, .safetensors)");
    }

    public static ModelDescriptor descriptor(String descriptor) throws IOException {
        if (descriptor == null) {
            throw new IllegalArgumentException("an imported model needs a descriptor (JSON file or 'bodypix')");
        }
        if (descriptor.equals("bodypix")) {
            return ModelDescriptor.bodyPix(321, 241);
        }
        return ModelDescriptor.read(Path.of(descriptor));
    }
}
