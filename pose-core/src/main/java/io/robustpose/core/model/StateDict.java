package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mapping between the official PyTorch state_dict of a network (its keys, in the order
 * PyTorch lists them) and the parameters of the DJL blocks. Every official key appears exactly
 * once; every DJL parameter is the target of exactly one key ({@link Builder#build} checks both).
 *
 * <p>BatchNorm's {@code num_batches_tracked} buffer has no DJL counterpart: its keys are listed
 * (so the key set is the official one) but not stored. Its only use in PyTorch is a momentum of
 * {@code None}, which the official models do not use.
 */
public final class StateDict {

    /** One official key and where its values live in the DJL network. */
    public record Entry(String key, Parameter parameter, TensorLayout layout) {

        /** False for {@code num_batches_tracked}, which has no DJL counterpart. */
        public boolean stored() {
            return parameter != null;
        }

        /** The official PyTorch shape ({@code []} for num_batches_tracked). */
        public long[] officialShape() {
            return stored() ? layout.officialShape(nativeShape()) : new long[0];
        }

        long[] nativeShape() {
            return parameter.getShape().getShape();
        }

        /** The parameter's current values, converted to the official layout. */
        public float[] readOfficial() {
            requireStored();
            NDArray array = parameter.getArray();
            float[] values;
            if (array.getDataType() == DataType.FLOAT32) {
                values = array.toFloatArray();
            } else {
                try (NDArray f32 = array.toType(DataType.FLOAT32, true)) {
                    values = f32.toFloatArray();
                }
            }
            return layout.toOfficial(values, nativeShape());
        }

        /** Overwrites the parameter's values with official-layout values (float32 networks). */
        public void writeOfficial(float[] official) {
            requireStored();
            long expected = 1;
            for (long d : officialShape()) {
                expected *= d;
            }
            if (official.length != expected) {
                throw new IllegalArgumentException(key + ": " + official.length + " values for official shape "
                        + java.util.Arrays.toString(officialShape()));
            }
            NDArray array = parameter.getArray();
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalStateException(key + ": load weights before casting the network (it is "
                        + array.getDataType() + ")");
            }
            MemoryFormat.assign(array, layout.toNative(official, nativeShape()));
        }

        private void requireStored() {
            if (!stored()) {
                throw new IllegalStateException(key + " is not stored in the DJL network");
            }
        }
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byKey;

    private StateDict(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            map.put(e.key(), e);
        }
        this.byKey = Collections.unmodifiableMap(map);
    }

    /** All official keys in PyTorch's state_dict order. */
    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public List<String> keys() {
        return List.copyOf(byKey.keySet());
    }

    public int size() {
        return entries.size();
    }

    /** Collects the entries block by block, in the order PyTorch registers the modules. */
    static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private final Map<String, Entry> keys = new LinkedHashMap<>();
        private final Map<Parameter, String> targets = new IdentityHashMap<>();

        void tensor(String key, Parameter parameter, TensorLayout layout) {
            if (targets.containsKey(parameter)) {
                throw new IllegalStateException(key + ": parameter already mapped by " + targets.get(parameter));
            }
            targets.put(parameter, key);
            add(new Entry(key, parameter, layout));
        }

        void notStored(String key) {
            add(new Entry(key, null, null));
        }

        /** {@code nn.Conv2d}: {@code weight} [out, in, kh, kw] and, if present, {@code bias}. */
        void conv(String key, Conv2d conv) {
            tensor(key + ".weight", conv.getParameters().get("weight"), TensorLayout.IDENTITY);
            Parameter bias = conv.getParameters().get("bias");
            if (bias != null) {
                tensor(key + ".bias", bias, TensorLayout.IDENTITY);
            }
        }

        /** {@code nn.BatchNorm2d}: parameters weight (gamma), bias (beta), then its three buffers. */
        void batchNorm(String key, BatchNorm bn) {
            tensor(key + ".weight", bn.getParameters().get("gamma"), TensorLayout.IDENTITY);
            tensor(key + ".bias", bn.getParameters().get("beta"), TensorLayout.IDENTITY);
            tensor(key + ".running_mean", bn.getParameters().get("runningMean"), TensorLayout.IDENTITY);
            tensor(key + ".running_var", bn.getParameters().get("runningVar"), TensorLayout.IDENTITY);
            notStored(key + ".num_batches_tracked");
        }

        private void add(Entry entry) {
            if (keys.putIfAbsent(entry.key(), entry) != null) {
                throw new IllegalStateException("duplicate state_dict key " + entry.key());
            }
            entries.add(entry);
        }

        /** The mapping, after checking that it covers every parameter of {@code root}. */
        StateDict build(Block root) {
            List<String> unmapped = new ArrayList<>();
            for (var pair : root.getParameters()) {
                if (!targets.containsKey(pair.getValue())) {
                    unmapped.add(pair.getKey());
                }
            }
            if (!unmapped.isEmpty()) {
                throw new IllegalStateException("DJL parameters without an official key: " + unmapped);
            }
            if (targets.size() != root.getParameters().size()) {
                throw new IllegalStateException("mapped " + targets.size() + " parameters, the network has "
                        + root.getParameters().size());
            }
            return new StateDict(new ArrayList<>(entries));
        }
    }
}
