package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * HRNet-W{32,48} (Sun et al. 2019), {@code PoseHighResolutionNet} of lib/models/pose_hrnet.py with
 * the w{32,48}_256x192_adam_lr1e-3.yaml configs: stem of two 3×3 stride-2 conv → BN → ReLU (64),
 * layer1 = 4 Bottlenecks (64 → 256), then stages 2, 3, 4 with 2, 3, 4 branches of C, 2C, 4C, 8C
 * channels (C = 32 or 48), 1, 4, 3 modules of 4 BasicBlocks per branch, a transition before each
 * stage; the last module outputs only the highest resolution; final_layer 1×1 conv with bias.
 */
class HrNet extends PoseNet {

    private static final int BLOCKS_PER_BRANCH = 4;
    private static final int[] MODULES_PER_STAGE = {1, 4, 3};

    private final ConvBn stem1;
    private final ConvBn stem2;
    private final List<ResidualUnit> layer1;
    private final List<HrTransition> transitions = new ArrayList<>();
    private final List<List<HighResolutionModule>> stages = new ArrayList<>();
    private final Conv2d finalLayer;

    HrNet(Architecture architecture, int joints, int inputHeight, int inputWidth) {
        this(architecture, joints, inputHeight, inputWidth, true);
    }

    /** {@code withFinalLayer} false: the backbone only, for a subclass's own head (HigherHRNet). */
    HrNet(Architecture architecture, int joints, int inputHeight, int inputWidth, boolean withFinalLayer) {
        super(architecture, joints, inputHeight, inputWidth);
        int c = architecture.hrnetWidth();
        stem1 = addChildBlock("stem1", new ConvBn(64, 3, 2, 1, true, "conv1", "bn1"));
        stem2 = addChildBlock("stem2", new ConvBn(64, 3, 2, 1, true, "conv2", "bn2"));
        layer1 = ResidualUnit.layer(ResidualUnit.Kind.BOTTLENECK, 64, 64, 4, 1);
        for (int u = 0; u < layer1.size(); u++) {
            addChildBlock("layer1_" + u, layer1.get(u));
        }
        int[] previous = {layer1.get(layer1.size() - 1).outChannels()};
        for (int stage = 0; stage < MODULES_PER_STAGE.length; stage++) {
            int branches = stage + 2;
            int[] channels = new int[branches];
            for (int b = 0; b < branches; b++) {
                channels[b] = c << b;
            }
            HrTransition transition = addChildBlock("transition" + (stage + 1), new HrTransition(previous, channels));
            transitions.add(transition);
            int[] in = transition.outChannels();
            List<HighResolutionModule> modules = new ArrayList<>();
            for (int m = 0; m < MODULES_PER_STAGE[stage]; m++) {
                boolean lastOfNetwork = stage == MODULES_PER_STAGE.length - 1 && m == MODULES_PER_STAGE[stage] - 1;
                HighResolutionModule module = new HighResolutionModule(in, channels, BLOCKS_PER_BRANCH, !lastOfNetwork);
                modules.add(addChildBlock("stage" + (stage + 2) + "_" + m, module));
                in = module.outChannels();
            }
            stages.add(modules);
            previous = in;
        }
        finalLayer = withFinalLayer ? addChildBlock("final_layer", ConvBn.conv(joints, 1, 1, 0, true)) : null;
    }

    @Override
    NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training) {
        return new NDList(forward1(finalLayer, ps, backbone(ps, inputs.singletonOrThrow(), training), training));
    }

    /** Stem, layer1 and the four stages: the highest-resolution branch of the last module (1/4, C channels). */
    final NDArray backbone(ParameterStore ps, NDArray input, boolean training) {
        NDArray x = forward1(stem1, ps, MemoryFormat.channelsLast(input), training);
        x = forward1(stem2, ps, x, training);
        for (ResidualUnit unit : layer1) {
            x = forward1(unit, ps, x, training);
        }
        NDList branches = new NDList(x);
        for (int stage = 0; stage < stages.size(); stage++) {
            branches = transitions.get(stage).forward(ps, branches, training);
            for (HighResolutionModule module : stages.get(stage)) {
                branches = module.forward(ps, branches, training);
            }
        }
        return branches.get(0);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        initChild(finalLayer, manager, dataType, initializeBackbone(manager, dataType, inputShapes[0]));
    }

    /** Initializes the backbone for this input shape; the shape of its output. */
    final Shape initializeBackbone(NDManager manager, DataType dataType, Shape input) {
        Shape s = initChild(stem1, manager, dataType, input);
        s = initChild(stem2, manager, dataType, s);
        for (ResidualUnit unit : layer1) {
            s = initChild(unit, manager, dataType, s);
        }
        Shape[] branches = {s};
        for (int stage = 0; stage < stages.size(); stage++) {
            HrTransition transition = transitions.get(stage);
            transition.initialize(manager, dataType, branches);
            branches = transition.getOutputShapes(branches);
            for (HighResolutionModule module : stages.get(stage)) {
                module.initialize(manager, dataType, branches);
                branches = module.getOutputShapes(branches);
            }
        }
        return branches[0];
    }

    @Override
    void mapStateDict(String prefix, StateDict.Builder sd) {
        mapBackbone(prefix, sd);
        sd.conv(prefix + "final_layer", finalLayer);
    }

    final void mapBackbone(String prefix, StateDict.Builder sd) {
        stem1.mapStateDict(prefix, sd);
        stem2.mapStateDict(prefix, sd);
        for (int u = 0; u < layer1.size(); u++) {
            layer1.get(u).mapStateDict(prefix + "layer1." + u + ".", sd);
        }
        for (int stage = 0; stage < stages.size(); stage++) {
            transitions.get(stage).mapStateDict(prefix + "transition" + (stage + 1) + ".", sd);
            List<HighResolutionModule> modules = stages.get(stage);
            for (int m = 0; m < modules.size(); m++) {
                modules.get(m).mapStateDict(prefix + "stage" + (stage + 2) + "." + m + ".", sd);
            }
        }
    }
}
