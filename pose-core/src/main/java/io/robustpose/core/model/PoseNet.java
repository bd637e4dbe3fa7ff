package io.robustpose.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * A pose network as a DJL block: input {@code [N, 3, H, W]} float32 (normalized RGB, as the official
 * code feeds it), output {@code [N, joints, H/4, W/4]} heatmaps (top-down), or for a bottom-up network
 * the outputs {@link HigherHrNet} describes. Built by
 * {@link PoseNetworks}; its parameters are named by the official PyTorch state_dict keys through
 * {@link #stateDict()} (after {@link #initialize(NDManager)}).
 */
public abstract class PoseNet extends PoseBlock {

    private final Architecture architecture;
    private final int joints;
    private final int inputHeight;
    private final int inputWidth;
    /** The channel order the weights expect: RGB, or BGR for the official SimpleBaseline checkpoints. */
    private String inputColor = "RGB";
    /** How this network's transposed convolutions are computed (set by {@link PoseNetworks#build}). */
    private DeconvMethod deconvMethod = DeconvMethod.DEFAULT;
    private StateDict stateDict;
    private List<Parameter> parameterList;

    PoseNet(Architecture architecture, int joints, int inputHeight, int inputWidth) {
        if (joints < 1) {
            throw new IllegalArgumentException("joints must be positive: " + joints);
        }
        // both networks downsample by 32 (SimpleBaseline's layer4, HRNet's 4th branch)
        if (inputHeight < 32 || inputWidth < 32 || inputHeight % 32 != 0 || inputWidth % 32 != 0) {
            throw new IllegalArgumentException("input " + inputHeight + "x" + inputWidth
                    + " must be a multiple of 32 (e.g. 256x192, 384x288, 256x256)");
        }
        this.architecture = architecture;
        this.joints = joints;
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
    }

    public Architecture architecture() {
        return architecture;
    }

    public int joints() {
        return joints;
    }

    public int inputHeight() {
        return inputHeight;
    }

    public int inputWidth() {
        return inputWidth;
    }

    /** How the transposed convolutions are computed: a network of the same structure needs the same method. */
    public DeconvMethod deconvMethod() {
        return deconvMethod;
    }

    void deconvMethod(DeconvMethod method) {
        this.deconvMethod = method;
    }

    /** RGB or BGR: the channel order these weights were trained on (carried by checkpoints; RGB when absent). */
    public String inputColor() {
        return inputColor;
    }

    public void inputColor(String color) {
        if (!"RGB".equals(color) && !"BGR".equals(color)) {
            throw new IllegalArgumentException("input colour must be RGB or BGR, not " + color);
        }
        this.inputColor = color;
    }

    public int heatmapHeight() {
        return inputHeight / 4;
    }

    public int heatmapWidth() {
        return inputWidth / 4;
    }

    /** Allocates the parameters (float32) on {@code manager}'s device for this network's input size. */
    public PoseNet initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 3, inputHeight, inputWidth));
        return this;
    }

    /** The official state_dict ↔ DJL parameter mapping. Requires an initialized network. */
    public synchronized StateDict stateDict() {
        if (!isInitialized()) {
            throw new IllegalStateException("initialize the network before mapping its parameters");
        }
        if (stateDict == null) {
            StateDict.Builder sd = new StateDict.Builder();
            mapStateDict("", sd);
            stateDict = sd.build(this);
        }
        return stateDict;
    }

    /** Number of trainable parameter elements (BatchNorm running statistics excluded). */
    public long trainableParameterCount() {
        long total = 0;
        for (var pair : getParameters()) {
            Parameter p = pair.getValue();
            if (p.requiresGradient()) {
                total += p.getShape().size();
            }
        }
        return total;
    }

    /**
     * Heatmaps for a batch in eval mode (BatchNorm on running statistics) with autograd off, like
     * {@code torch.no_grad()}: libtorch's grad mode is per thread and on by default in threads other
     * than the one that loaded the engine, so without this a worker thread would record a backward
     * graph whenever the parameters have gradients attached (a network that is also being trained).
     */
    public NDArray predict(ParameterStore ps, NDArray images) {
        return predictOutputs(ps, images).singletonOrThrow();
    }

    /** As {@link #predict}, every output (a bottom-up network has two: 1/4 heatmaps + tags, 1/2 heatmaps). */
    public NDList predictOutputs(ParameterStore ps, NDArray images) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return forward(ps, new NDList(images), false);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * Declares that this network's parameters will not change again — a frozen teacher, a checkpoint loaded for
     * inference — so its inference forward may keep what it derives from them: the batch norms folded into their
     * convolutions are made once per device instead of on every forward (AdvMix's teacher runs once per iteration,
     * an evaluation thousands of batches). Call it after the weights are loaded; calling it again after loading
     * others drops what was kept. Training forwards are unaffected. Returns this network.
     */
    public PoseNet freeze() {
        freezeAll(this);
        return this;
    }

    private static void freezeAll(ai.djl.nn.Block block) {
        if (block instanceof ConvBn c) {
            c.freeze();
        }
        for (ai.djl.nn.Block child : block.getChildren().values()) {
            freezeAll(child);
        }
    }

    /**
     * A ParameterStore that copies parameters (copy=true, or one copy per device under a
     * multi-device Trainer) creates the copies on first use. Made inside the forward's NDScope they
     * would be closed with it, so they are resolved here, before the scope opens.
     */
    @Override
    void beforeScope(ParameterStore ps, NDList inputs, boolean training) {
        if (parameterList == null) {
            parameterList = getParameters().values();
        }
        Device device = inputs.head().getDevice();
        for (Parameter p : parameterList) {
            ps.getValue(p, device, training);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), joints, in.get(2) / 4, in.get(3) / 4)};
    }
}
