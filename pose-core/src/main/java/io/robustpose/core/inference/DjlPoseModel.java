package io.robustpose.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.robustpose.core.device.HostArrays;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import org.opencv.core.Mat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A SimpleBaseline/HRNet network of this project (DJL, PyTorch engine) as a {@link PoseModel}:
 * ImageNet-normalized NCHW input, RGB unless the checkpoint's {@code color} metadata says BGR (the
 * official SimpleBaseline checkpoints were trained on BGR input: {@code COLOR_RGB: false}), heatmaps at
 * 1/4 resolution, eval-mode BatchNorm.
 */
public final class DjlPoseModel implements PoseModel {
    private final PoseNet net;
    private final NDManager manager;
    private final ModelDescriptor descriptor;
    private final ParameterStore parameters;

    /** Wraps a network (fed in its {@link PoseNet#inputColor()}); {@code manager} owns its parameters and is closed with this model. */
    public DjlPoseModel(PoseNet net, NDManager manager, int maxBatch) {
        net.architecture().requireTopDown("a top-down pose model");
        this.net = net;
        this.manager = manager;
        ModelDescriptor d = ModelDescriptor.heatmapNetwork(net.inputHeight(), net.inputWidth(), net.joints());
        this.descriptor = new ModelDescriptor(d.inputHeight(), d.inputWidth(), d.layout(), net.inputColor(), d.normalization(),
                d.output(), d.heatmapName(), d.offsetName(), d.stride(), d.heatmapLogits(), maxBatch, d.joints(),
                d.flipTest());
        this.parameters = new ParameterStore(manager, false);
    }

    /** A checkpoint written by this project's training (safetensors with official state_dict names). */
    public static DjlPoseModel fromCheckpoint(Path checkpoint, int maxBatch) throws IOException {
        return fromCheckpoint(checkpoint, maxBatch, ai.djl.Device.cpu());
    }

    /** As {@link #fromCheckpoint(Path, int)}, the parameters on {@code device} (checkpoints are device-independent). */
    public static DjlPoseModel fromCheckpoint(Path checkpoint, int maxBatch, ai.djl.Device device) throws IOException {
        Checkpoints.readInfo(checkpoint).architecture().requireTopDown(checkpoint.toString());
        NDManager manager = PoseNetworks.newManager(device);
        try {
            return new DjlPoseModel(Checkpoints.load(checkpoint, manager).freeze(), manager, maxBatch);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Output forward(List<Mat> crops) {
        try (NDManager step = manager.newSubManager()) {
            NDArray input = step.create(InputTensors.packed(crops, descriptor), InputTensors.shape(crops.size(), descriptor));
            NDArray heatmaps = net.predict(parameters, input);
            heatmaps.attach(step);
            long[] s = heatmaps.getShape().getShape();
            return new Output(InputTensors.unflatten(HostArrays.floats(heatmaps), (int) s[0], (int) s[1], (int) s[2], (int) s[3]),
                    null);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
