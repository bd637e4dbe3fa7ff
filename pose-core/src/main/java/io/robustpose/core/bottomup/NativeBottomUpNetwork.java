package io.robustpose.core.bottomup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.robustpose.core.device.HostArrays;
import io.robustpose.core.model.PoseNet;

/** A HigherHRNet of this project run in inference mode; closing it closes its manager when it owns it. */
final class NativeBottomUpNetwork implements BottomUpNetwork {
    private final PoseNet net;
    private final NDManager manager;
    private final ParameterStore parameters;
    private final boolean ownsManager;

    NativeBottomUpNetwork(PoseNet net, NDManager manager, boolean ownsManager) {
        if (!net.architecture().bottomUp()) {
            throw new IllegalArgumentException(net.architecture().id() + " is a top-down network, not bottom-up");
        }
        this.net = net;
        this.manager = manager;
        this.parameters = new ParameterStore(manager, false);
        this.ownsManager = ownsManager;
    }

    @Override
    public int joints() {
        return net.joints();
    }

    @Override
    public int inputSize() {
        return Math.min(net.inputHeight(), net.inputWidth());
    }

    @Override
    public String inputColor() {
        return net.inputColor();
    }

    @Override
    public float[][] outputs(float[] input, int height, int width) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(input, new Shape(1, 3, height, width));
            NDList out = net.predictOutputs(parameters, x);
            return new float[][]{HostArrays.floats(out.get(0)), HostArrays.floats(out.get(1))};
        }
    }

    @Override
    public void close() {
        if (ownsManager) {
            manager.close();
        }
    }
}
