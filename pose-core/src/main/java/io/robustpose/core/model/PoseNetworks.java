package io.robustpose.core.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import io.robustpose.core.device.NativeMemory;

/**
 * Builds the official pose networks as DJL blocks on the PyTorch engine.
 *
 * <p>Device: parameters live on the device of the manager given to {@link PoseNet#initialize}.
 * CPU is the default; {@link io.robustpose.core.device.Accelerators} turns a user's device setting into
 * devices (on a GPU node: the cu128 flavour of the same libtorch 2.7.1, {@code PYTORCH_FLAVOR=cu128} or a
 * pre-extracted {@code PYTORCH_LIBRARY_PATH}). Disable TF32 there for parity runs.
 */
public final class PoseNetworks {

    /** The DJL engine these blocks are written for. */
    public static final String ENGINE = "PyTorch";
    public static final int COCO_JOINTS = 17;
    public static final int MPII_JOINTS = 16;

    static {
        NativeMemory.hugePages(); // before the first tensor: libtorch reads its allocator switch once
    }

    private PoseNetworks() {
    }

    /** The PyTorch engine, loaded on first use. */
    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /** An uninitialized network; transposed convolutions by {@link DeconvMethod#DEFAULT}. */
    public static PoseNet build(Architecture architecture, int joints, int inputHeight, int inputWidth) {
        return build(architecture, joints, inputHeight, inputWidth, DeconvMethod.DEFAULT);
    }

    public static PoseNet build(Architecture architecture, int joints, int inputHeight, int inputWidth,
            DeconvMethod deconvMethod) {
        PoseNet net = switch (architecture.family()) {
            case SIMPLE_BASELINE -> new SimpleBaselineNet(architecture, joints, inputHeight, inputWidth, deconvMethod);
            case HRNET -> new HrNet(architecture, joints, inputHeight, inputWidth);
            case HIGHER_HRNET -> new HigherHrNet(architecture, joints, inputHeight, inputWidth, deconvMethod);
        };
        // init_weights of the official code (training from scratch): conv and deconv weights
        // N(0, 0.001), biases 0; BN gamma 1, beta 0, running mean 0, var 1 are DJL's defaults
        net.setInitializer(new NormalInitializer(0.001f), Parameter.Type.WEIGHT);
        net.deconvMethod(deconvMethod);
        return net;
    }

    /** A network with its parameters allocated (official initialisation) on {@code manager}'s device. */
    public static PoseNet create(NDManager manager, Architecture architecture, int joints, int inputHeight,
            int inputWidth) {
        return create(manager, architecture, joints, inputHeight, inputWidth, DeconvMethod.DEFAULT);
    }

    public static PoseNet create(NDManager manager, Architecture architecture, int joints, int inputHeight,
            int inputWidth, DeconvMethod deconvMethod) {
        return build(architecture, joints, inputHeight, inputWidth, deconvMethod).initialize(manager);
    }

    /** A PyTorch-engine manager on the CPU. */
    public static NDManager newManager() {
        return newManager(Device.cpu());
    }

    public static NDManager newManager(Device device) {
        return NDManager.newBaseManager(device, ENGINE);
    }

    /** A DJL {@link Model} (PyTorch engine) holding an initialized network, e.g. for a Trainer. */
    public static Model newModel(String name, Device device, PoseNet net) {
        Model model = Model.newInstance(name, device, ENGINE);
        model.setBlock(net);
        net.initialize(model.getNDManager());
        return model;
    }
}
