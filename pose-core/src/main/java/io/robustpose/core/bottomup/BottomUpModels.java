package io.robustpose.core.bottomup;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.device.Accelerators;
import io.robustpose.core.device.DeviceRequest;
import io.robustpose.core.inference.PoseModels;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recognises and opens bottom-up models: this project's HigherHRNet checkpoints and exports described as such. */
public final class BottomUpModels {
    private BottomUpModels() {
    }

    /**
     * Whether {@code model} is bottom-up: a {@code .safetensors} checkpoint of a bottom-up architecture, or an
     * {@code .onnx}/{@code .pt} export whose descriptor (a JSON file) says {@code "output": "higherhrnet"}.
     */
    public static boolean isBottomUp(Path model, String descriptor) throws IOException {
        String name = model.getFileName().toString().toLowerCase();
        if (name.endsWith(".safetensors")) {
            return Checkpoints.readInfo(model).architecture().bottomUp();
        }
        if (descriptor == null || descriptor.equals("bodypix") || !Files.isRegularFile(Path.of(descriptor))) {
            return false; // opening it as a top-down model reports what is missing
        }
        return PoseModels.descriptor(descriptor).bottomUp();
    }

    /** Opens a model {@link #isBottomUp} accepted, on the device {@code device} resolves to for its engine. */
    public static BottomUpNetwork open(Path model, String descriptor, DeviceRequest device) throws IOException {
        if (!Files.isRegularFile(model)) {
            throw new IOException("model file not found: " + model);
        }
        var runtime = PoseModels.runtimeOf(model);
        var resolved = Accelerators.single(device, runtime, "evaluation");
        if (!model.getFileName().toString().toLowerCase().endsWith(".safetensors")) {
            return new ExportedBottomUpNetwork(model, PoseModels.descriptor(descriptor), resolved);
        }
        NDManager manager = PoseNetworks.newManager(resolved);
        try {
            PoseNet net = Checkpoints.load(model, manager).freeze();
            return new NativeBottomUpNetwork(net, manager, true);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
