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
 * {@code HighResolutionModule} of pose_hrnet.py: each branch runs its own residual blocks, then
 * every output resolution i sums all branches j ("fuse_method SUM"):
 * <ul>
 *   <li>j &gt; i (lower resolution): 1×1 conv to C_i → BN → nearest upsampling by 2^(j-i);</li>
 *   <li>j = i: the branch itself;</li>
 *   <li>j &lt; i (higher resolution): (i-j) 3×3 stride-2 convs, each with BN; the ones before the
 *       last keep C_j and have a ReLU, the last maps to C_i without ReLU;</li>
 * </ul>
 * followed by a ReLU. Without multi-scale output (last module of stage 4) only resolution 0 is
 * produced. The sum runs in the official order: y = f_i0(x_0), then + f_ij(x_j) for j = 1, 2, ...
 */
final class HighResolutionModule extends PoseBlock {

    private final int branchCount;
    private final int[] channels;
    private final List<List<ResidualUnit>> branches = new ArrayList<>();
    /** fuse.get(i).get(j): the path from branch j to output i; null for j == i. */
    private final List<List<List<ConvBn>>> fuse = new ArrayList<>();

    HighResolutionModule(int[] inChannels, int[] channels, int blocksPerBranch, boolean multiScaleOutput) {
        this.branchCount = channels.length;
        this.channels = channels.clone();
        for (int b = 0; b < branchCount; b++) {
            List<ResidualUnit> branch =
                    ResidualUnit.layer(ResidualUnit.Kind.BASIC, inChannels[b], channels[b], blocksPerBranch, 1);
            for (int u = 0; u < branch.size(); u++) {
                addChildBlock("branch" + b + "_" + u, branch.get(u));
            }
            branches.add(branch);
        }
        int outputs = branchCount == 1 ? 0 : multiScaleOutput ? branchCount : 1;
        for (int i = 0; i < outputs; i++) {
            List<List<ConvBn>> row = new ArrayList<>();
            for (int j = 0; j < branchCount; j++) {
                List<ConvBn> path = null;
                if (j > i) {
                    path = List.of(ConvBn.sequential(channels[i], 1, 1, false));
                } else if (j < i) {
                    path = new ArrayList<>();
                    for (int k = 0; k < i - j; k++) {
                        boolean last = k == i - j - 1;
                        path.add(ConvBn.sequential(last ? channels[i] : channels[j], 3, 2, !last));
                    }
                }
                if (path != null) {
                    for (int k = 0; k < path.size(); k++) {
                        addChildBlock("fuse" + i + "_" + j + "_" + k, path.get(k));
                    }
                }
                row.add(path);
            }
            fuse.add(row);
        }
    }

    int[] outChannels() {
        return fuse.isEmpty() || fuse.size() == branchCount ? channels.clone() : new int[] {channels[0]};
    }

    @Override
    NDList forwardScoped(ParameterStore ps, NDList inputs, boolean training) {
        NDArray[] x = new NDArray[branchCount];
        for (int b = 0; b < branchCount; b++) {
            x[b] = inputs.get(b);
            for (ResidualUnit unit : branches.get(b)) {
                x[b] = forward1(unit, ps, x[b], training);
            }
        }
        if (fuse.isEmpty()) {
            return new NDList(x);
        }
        NDList out = new NDList(fuse.size());
        for (int i = 0; i < fuse.size(); i++) {
            NDArray y = i == 0 ? x[0] : fused(ps, i, 0, x[0], training);
            for (int j = 1; j < branchCount; j++) {
                NDArray term = i == j ? x[j] : fused(ps, i, j, x[j], training);
                y = y == x[0] ? y.add(term) : addInto(y, term); // x[0] feeds the other rows too
            }
            out.add(relu(y)); // a sum of two or more branches: this forward's own
        }
        return out;
    }

    private NDArray fused(ParameterStore ps, int i, int j, NDArray xj, boolean training) {
        NDArray y = xj;
        for (ConvBn step : fuse.get(i).get(j)) {
            y = forward1(step, ps, y, training);
        }
        return j > i ? upsampleNearest(y, 1 << (j - i)) : y;
    }

    /** {@code nn.Upsample(scale_factor=f, mode='nearest')} for an integer factor: each pixel becomes f×f. */
    static NDArray upsampleNearest(NDArray x, int factor) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(n, c, h, 1, w, 1)
                .broadcast(new Shape(n, c, h, factor, w, factor))
                .reshape(n, c, h * factor, w * factor);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] branchOut = new Shape[branchCount];
        for (int b = 0; b < branchCount; b++) {
            Shape s = inputShapes[b];
            for (ResidualUnit unit : branches.get(b)) {
                s = initChild(unit, manager, dataType, s);
            }
            branchOut[b] = s;
        }
        for (List<List<ConvBn>> row : fuse) {
            for (int j = 0; j < branchCount; j++) {
                if (row.get(j) != null) {
                    Shape s = branchOut[j];
                    for (ConvBn step : row.get(j)) {
                        s = initChild(step, manager, dataType, s);
                    }
                }
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int outputs = fuse.isEmpty() ? branchCount : fuse.size();
        Shape[] out = new Shape[outputs];
        for (int i = 0; i < outputs; i++) {
            Shape in = inputShapes[i];
            out[i] = new Shape(in.get(0), channels[i], in.get(2), in.get(3));
        }
        return out;
    }

    @Override
    void mapStateDict(String prefix, StateDict.Builder sd) {
        for (int b = 0; b < branchCount; b++) {
            List<ResidualUnit> branch = branches.get(b);
            for (int u = 0; u < branch.size(); u++) {
                branch.get(u).mapStateDict(prefix + "branches." + b + "." + u + ".", sd);
            }
        }
        for (int i = 0; i < fuse.size(); i++) {
            for (int j = 0; j < branchCount; j++) {
                List<ConvBn> path = fuse.get(i).get(j);
                if (path == null) {
                    continue;
                }
                String key = prefix + "fuse_layers." + i + "." + j + ".";
                if (j > i) {
                    path.get(0).mapStateDict(key, sd); // Sequential(conv, bn, upsample): .0, .1
                } else {
                    for (int k = 0; k < path.size(); k++) {
                        path.get(k).mapStateDict(key + k + ".", sd); // Sequential of Sequential(conv, bn[, relu])
                    }
                }
            }
        }
    }
}
