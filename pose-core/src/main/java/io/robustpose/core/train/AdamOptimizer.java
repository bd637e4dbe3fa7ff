package io.robustpose.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import io.robustpose.core.device.TorchKernels;
import io.robustpose.core.model.MemoryFormat;
import io.robustpose.core.model.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (β 0.9 / 0.999, ε 1e-8, no weight decay: HRNet's {@code optim.Adam(params, lr)}) over the
 * trainable parameters of one block, with its moment estimates held here so that a checkpoint can
 * save and restore them exactly (DJL's own Adam keeps them private). The update is libtorch's
 * {@code _fused_adam_} ({@link TorchKernels#adam}): PyTorch's formula
 * {@code w −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)} in one pass over each parameter, after which the
 * gradients are zeroed — so they never carry over into the next backward pass of this block. (ε sits
 * where PyTorch puts it: DJL's kernel, used until 2026-12, adds ε to √v itself, which makes it
 * 1/√(1−β2^t) times larger — 32× at the first step — and changed the early updates of parameters
 * with small gradients; found by the step comparison with the authors' code, issue 15.)
 */
public final class AdamOptimizer implements AutoCloseable {

    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPSILON = 1e-8f;

    private final List<String> names = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private final NDManager stateManager;
    private long steps;

    /** Optimizes every parameter of {@code block} that requires a gradient (BatchNorm statistics excluded). */
    public AdamOptimizer(Block block, NDManager manager) {
        this.stateManager = manager.newSubManager();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (!param.requiresGradient()) {
                continue;
            }
            NDArray array = param.getArray();
            array.setRequiresGradient(true);
            names.add(p.getKey());
            parameters.add(param);
            means.add(stateManager.zeros(array.getShape(), array.getDataType()));
            variances.add(stateManager.zeros(array.getShape(), array.getDataType()));
        }
    }

    /** Updates already taken (PyTorch's per-parameter {@code step}; the same for all parameters here). */
    public long steps() {
        return steps;
    }

    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    /** One update with learning rate {@code lr} from the accumulated gradients, which it then zeroes. */
    public void step(double lr) {
        steps++;
        List<NDArray> weights = new ArrayList<>(parameters.size());
        List<NDArray> grads = new ArrayList<>(parameters.size());
        try {
            for (Parameter p : parameters) {
                NDArray weight = p.getArray();
                weights.add(weight);
                grads.add(weight.getGradient()); // a new handle on the parameter's .grad (zeros before any backward)
            }
            TorchKernels.adam(weights, grads, means, variances, steps, lr, BETA1, BETA2, EPSILON);
        } finally {
            grads.forEach(NDArray::close);
        }
    }

    /** Zeroes the gradients without updating (e.g. after an aborted step). */
    public void zeroGradients() {
        for (Parameter p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p.getArray()); // zero_(): also clears NaN/Inf
        }
    }

    /** Sets whether backward passes compute gradients for these parameters (freezing a network). */
    public void setTrainable(boolean trainable) {
        for (Parameter p : parameters) {
            p.getArray().setRequiresGradient(trainable);
        }
    }

    /** Writes the moments ({@code <name>.exp_avg}, {@code <name>.exp_avg_sq}) and the step count. */
    public void save(Path file, Map<String, String> metadata) throws IOException {
        List<Safetensors.TensorData> tensors = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long[] shape = means.get(i).getShape().getShape();
            NDArray m = means.get(i);
            NDArray v = variances.get(i);
            tensors.add(new Safetensors.TensorData(names.get(i) + ".exp_avg", shape, m::toFloatArray));
            tensors.add(new Safetensors.TensorData(names.get(i) + ".exp_avg_sq", shape, v::toFloatArray));
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("optimizer", "adam");
        meta.put("steps", Long.toString(steps));
        meta.put("beta1", Float.toString(BETA1));
        meta.put("beta2", Float.toString(BETA2));
        meta.put("eps", Float.toString(EPSILON));
        Safetensors.write(file, tensors, meta);
    }

    /** Restores what {@link #save} wrote for the same block structure. */
    public void load(Path file) throws IOException {
        try (Safetensors.Reader reader = Safetensors.open(file)) {
            for (int i = 0; i < names.size(); i++) {
                load(reader, names.get(i) + ".exp_avg", means.get(i), file);
                load(reader, names.get(i) + ".exp_avg_sq", variances.get(i), file);
            }
            String s = reader.metadata().get("steps");
            if (s == null) {
                throw new IOException(file + ": no optimizer step count");
            }
            steps = Long.parseLong(s);
        }
    }

    private static void load(Safetensors.Reader reader, String key, NDArray into, Path file) throws IOException {
        Safetensors.TensorInfo info = reader.tensors().get(key);
        if (info == null) {
            throw new IOException(file + ": optimizer state has no " + key);
        }
        if (!Arrays.equals(info.shape(), into.getShape().getShape())) {
            throw new IOException(file + ": " + key + " has shape " + Arrays.toString(info.shape()) + ", expected "
                    + into.getShape());
        }
        MemoryFormat.assign(into, reader.readFloats(key)); // keeps the moment's layout, the parameter's
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
