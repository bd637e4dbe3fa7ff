package io.robustpose.core.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.robustpose.core.model.MemoryFormat;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.train.advmix.UnetGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * Data-parallel training inside one train task, as PyTorch's {@code nn.DataParallel} that the official
 * code wraps P in ({@code train.py}: {@code torch.nn.DataParallel(model, device_ids=gpus)}, 8 GPUs × 32
 * images in the paper): one replica of P — and of the teacher and the generator when the method has them —
 * per device; each optimizer step's micro-batches are spread over the replicas ({@link TrainingStep}: micro-batch
 * i on replica i mod R, so 8 micro-batches of 32 on 8 devices are the paper's 8 GPUs × 32); their gradients
 * are summed into the first device's, where the one Adam step happens; the new weights are then
 * copied to the other replicas. BatchNorm normalises per replica (per GPU, as under DataParallel); its
 * running statistics are those of the first replica — DataParallel's replica on {@code device_ids[0]}
 * shares the module's buffers, the others' updates are dropped — and are copied to the others too.
 *
 * <p>The replicas run one after the other from one thread; on GPUs their kernels are queued
 * asynchronously, so devices overlap only up to each micro-batch's loss read-out.
 */
final class DataParallel implements AutoCloseable {

    /** The networks of one device and where that device's per-step arrays go. */
    record Replica(PoseNet net, PoseNet teacher, UnetGenerator generator, NDManager manager, ParameterStore ps) {
    }

    private final List<Replica> replicas;
    private final List<NDManager> owned;

    private DataParallel(List<Replica> replicas, List<NDManager> owned) {
        this.replicas = List.copyOf(replicas);
        this.owned = owned;
    }

    /** The master alone: no replicas. */
    static DataParallel single(Replica master) {
        return new DataParallel(List.of(master), List.of());
    }

    /**
     * The master (on its manager's device) and one replica per further device, each a copy of the master's
     * networks: P's weights and statistics, the frozen teacher, the generator.
     */
    static DataParallel create(Replica master, List<Device> moreDevices) {
        List<Replica> all = new ArrayList<>(List.of(master));
        List<NDManager> owned = new ArrayList<>();
        try {
            for (Device device : moreDevices) {
                NDManager m = PoseNetworks.newManager(device);
                owned.add(m);
                PoseNet p = master.net();
                PoseNet net = PoseNetworks.create(m, p.architecture(), p.joints(), p.inputHeight(), p.inputWidth(),
                        p.deconvMethod());
                PoseNet teacher = null;
                if (master.teacher() != null) {
                    PoseNet t = master.teacher();
                    teacher = PoseNetworks.create(m, t.architecture(), t.joints(), t.inputHeight(), t.inputWidth(),
                            t.deconvMethod());
                    copy(t, teacher, false);
                    teacher.freeze();
                }
                UnetGenerator generator = null;
                if (master.generator() != null) {
                    generator = master.generator().sameShape();
                    generator.initialize(m, DataType.FLOAT32, new Shape(1, generator.inChannels(), p.inputHeight(),
                            p.inputWidth()));
                }
                all.add(new Replica(net, teacher, generator, m, new ParameterStore(m, false)));
            }
            DataParallel dp = new DataParallel(all, owned);
            for (Replica r : dp.replicas.subList(1, dp.replicas.size())) {
                // the trainable parameters of a replica take gradients as the master's do (AdamOptimizer sets them)
                requireGradients(r.net());
                if (r.generator() != null) {
                    requireGradients(r.generator());
                }
            }
            dp.broadcastNet(false);
            dp.broadcastGenerator();
            return dp;
        } catch (RuntimeException e) {
            owned.forEach(NDManager::close);
            throw e;
        }
    }

    int size() {
        return replicas.size();
    }

    Replica replica(int i) {
        return replicas.get(i);
    }

    /** Adds every replica's gradients of P into the master's and zeroes the replicas'. */
    void reduceNetGradients() {
        for (int r = 1; r < replicas.size(); r++) {
            addGradients(replicas.get(r).net(), replicas.get(0).net());
        }
    }

    /** The same for the generator. */
    void reduceGeneratorGradients() {
        for (int r = 1; r < replicas.size(); r++) {
            addGradients(replicas.get(r).generator(), replicas.get(0).generator());
        }
    }

    /** Copies P from the master to the replicas: everything, or only the BatchNorm statistics. */
    void broadcastNet(boolean statisticsOnly) {
        for (int r = 1; r < replicas.size(); r++) {
            copy(replicas.get(0).net(), replicas.get(r).net(), statisticsOnly);
        }
    }

    void broadcastGenerator() {
        if (replicas.get(0).generator() == null) {
            return;
        }
        for (int r = 1; r < replicas.size(); r++) {
            copy(replicas.get(0).generator(), replicas.get(r).generator(), false);
        }
    }

    /** Freezes or unfreezes the replicas' P (the master's is the optimizer's to set). */
    void setNetTrainable(boolean trainable) {
        for (int r = 1; r < replicas.size(); r++) {
            for (var p : replicas.get(r).net().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(trainable);
                }
            }
        }
    }

    private static void requireGradients(Block block) {
        for (var p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    /** Parameters pair up by position: a replica is built from the same architecture as its master. */
    private static void addGradients(Block from, Block into) {
        var src = from.getParameters();
        var dst = into.getParameters();
        for (int i = 0; i < src.size(); i++) {
            Parameter s = src.get(i).getValue();
            if (!s.requiresGradient() || !s.getArray().hasGradient()) {
                continue;
            }
            NDArray target = dst.get(i).getValue().getArray();
            NDArray grad = s.getArray().getGradient();
            NDArray moved = grad.toDevice(target.getDevice(), false);
            NDArray into1 = target.getGradient();
            try {
                into1.addi(moved);
            } finally {
                into1.close();
                if (moved != grad) {
                    moved.close();
                }
                grad.close();
            }
            JniUtils.zeroGrad((PtNDArray) s.getArray());
        }
    }

    /** In-place device-to-device copy of values (no graph: outside any gradient collector). */
    private static void copy(Block from, Block into, boolean statisticsOnly) {
        var src = from.getParameters();
        var dst = into.getParameters();
        if (src.size() != dst.size()) {
            throw new IllegalStateException("replica of another structure: " + src.size() + " vs " + dst.size());
        }
        for (int i = 0; i < src.size(); i++) {
            Parameter s = src.get(i).getValue();
            if (statisticsOnly && s.requiresGradient()) {
                continue;
            }
            MemoryFormat.assign(dst.get(i).getValue().getArray(), s.getArray());
        }
    }

    @Override
    public void close() {
        owned.forEach(NDManager::close);
    }
}
