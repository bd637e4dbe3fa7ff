package io.robustpose.core.inference;

import io.robustpose.core.device.Accelerators;
import io.robustpose.core.device.DeviceRequest;
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
        return open(file, descriptor, DeviceRequest.CPU);
    }

    /**
     * As {@link #open(Path, String)}, on the device {@code device} resolves to for the model's engine (PyTorch for
     * checkpoints and TorchScript, ONNX Runtime for ONNX); a GPU that cannot be used is an error, not a fallback.
     */
    public static PoseModel open(Path file, String descriptor, DeviceRequest device) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("model file not found: " + file);
        }
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".safetensors")) {
            return DjlPoseModel.fromCheckpoint(file, 32,
                    Accelerators.single(device, Accelerators.Runtime.PYTORCH, "evaluation"));
        }
        if (name.endsWith(".onnx") || name.endsWith(".pt") || name.endsWith(".torchscript")) {
            if (descriptor(descriptor).bottomUp()) {
                throw new IllegalArgumentException(file.getFileName() + " is described as a bottom-up (higherhrnet) export: "
                        + "it runs on whole images through the bottom-up test, not as a top-down model");
            }
        }
        if (name.endsWith(".onnx")) {
            ModelDescriptor d = descriptor(descriptor);
            return new OnnxPoseModel(file, d, Accelerators.single(device, Accelerators.Runtime.ONNX_RUNTIME, "evaluation"));
        }
        if (name.endsWith(".pt") || name.endsWith(".torchscript")) {
            ModelDescriptor d = descriptor(descriptor);
            return new TorchScriptPoseModel(file, d, Accelerators.single(device, Accelerators.Runtime.PYTORCH, "evaluation"));
        }
        throw new IllegalArgumentException("unsupported model file " + file + " (supported: .onnx, .pt TorchScript, .safetensors)");
    }

    /** The engine that runs a model file (decided by its extension, as {@link #open} does). */
    public static Accelerators.Runtime runtimeOf(Path file) {
        return file.getFileName().toString().toLowerCase().endsWith(".onnx") ? Accelerators.Runtime.ONNX_RUNTIME
                : Accelerators.Runtime.PYTORCH;
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
