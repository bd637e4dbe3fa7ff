package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code _make_transition_layer} of pose_hrnet.py, between stages. An existing branch i passes
 * through unchanged when its channel count stays, else goes through 3×3 conv (stride 1) → BN →
 * ReLU. A new branch is made from the <em>last</em> (lowest-resolution) branch of the previous
 * stage by a chain of 3×3 stride-2 conv → BN → ReLU.
 */
final class HrTransition extends PoseBlock {

    private final int[] outChannels;
    private final int previousBranches;
    /** paths.get(i): the convs producing branch i, empty for a pass-through. */
    private final List<List<ConvBn>> paths = new ArrayList<>();

    HrTransition(int[] previous, int[] current) {
        this.outChannels = current.clone();
        this.previousBranches = previous.length;
        for (int i = 0; i < current.length; i++) {
            List<ConvBn> path = new ArrayList<>();
            if (i < previous.length) {
                if (current[i] != previous[i]) {
                    path.add(ConvBn.sequential(current[i], 3, 1, true));
                }
            } else {
                int in = previous[previous.length - 1];
                for (int j = 0; j < i + 1 - previous.length; j++) {
                    path.add(ConvBn.sequential(j == i - previous.length ? current[i] : in, 3, 2, true));
                }
            }
            for (int k = 0; k < path.size(); k++) {
                addChildBlock("t" + i + "_" + k, path.get(k));
            }
            paths.add(path);
        }
    }

    int[] outChannels() {
        return outChannels.clone();
    }

    private int sourceBranch(int i) {
        return Math.min(i, previousBranches - 1);
    }

    @Override
    NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training) {
        NDList out = new NDList(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            NDArray x = inputs.get(sourceBranch(i));
            for (ConvBn step : paths.get(i)) {
                x = forward1(step, ps, x, training);
            }
            out.add(x);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int i = 0; i < paths.size(); i++) {
            Shape s = inputShapes[sourceBranch(i)];
            for (ConvBn step : paths.get(i)) {
                s = initChild(step, manager, dataType, s);
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[paths.size()];
        for (int i = 0; i < paths.size(); i++) {
            Shape s = inputShapes[sourceBranch(i)];
            for (ConvBn step : paths.get(i)) {
                s = step.getOutputShapes(new Shape[] {s})[0];
            }
            out[i] = s;
        }
        return out;
    }

    @Override
    void mapStateDict(String prefix, StateDict.Builder sd) {
        for (int i = 0; i < paths.size(); i++) {
            List<ConvBn> path = paths.get(i);
            if (i < previousBranches) {
                if (!path.isEmpty()) {
                    path.get(0).mapStateDict(prefix + i + ".", sd); // Sequential(conv, bn, relu)
                }
            } else {
                for (int k = 0; k < path.size(); k++) {
                    path.get(k).mapStateDict(prefix + i + "." + k + ".", sd); // Sequential of those
                }
            }
        }
    }
}
