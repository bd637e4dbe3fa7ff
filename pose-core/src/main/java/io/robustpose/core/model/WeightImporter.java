package io.robustpose.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads weights named by the official PyTorch state_dict keys into a {@link PoseNet}: from
 * safetensors files (e.g. an official checkpoint converted with {@code safetensors.torch.save_file
 * (model.state_dict(), ...)}), or from the fixtures' weight formula. Values arrive in the official
 * layout and are converted per {@link StateDict.Entry#layout()}, then copied in place into the
 * existing parameter arrays (so a Trainer created earlier keeps working on the new values).
 */
public final class WeightImporter {

    private WeightImporter() {
    }

    /** How to treat keys that do not line up. */
    public enum Mode {
        /** Every stored official key must be present with its shape; no unknown keys. */
        STRICT,
        /**
         * Load the keys both sides have (shapes must still match) and report the rest: for
         * initialising from a backbone-only checkpoint, e.g. an ImageNet ResNet.
         */
        PARTIAL
    }

    /** What an import did. {@code missing}: stored keys left as they were; {@code unused}: source keys not loaded. */
    public record Report(int loaded, List<String> missing, List<String> unused) {
    }

    /** A source of official-layout tensors by official key. */
    public interface TensorSource {
        Set<String> keys();

        long[] shape(String key);

        float[] read(String key) throws IOException;
    }

    /** Strict import of a safetensors file; a {@code module.} prefix (DataParallel) on every key is accepted. */
    public static Report fromSafetensors(Path file, PoseNet net) throws IOException {
        return fromSafetensors(file, net, Mode.STRICT);
    }

    public static Report fromSafetensors(Path file, PoseNet net, Mode mode) throws IOException {
        try (Safetensors.Reader reader = Safetensors.open(file)) {
            Map<String, Safetensors.TensorInfo> tensors = reader.tensors();
            String strip = !tensors.isEmpty() && tensors.keySet().stream().allMatch(k -> k.startsWith("module."))
                    ? "module." : "";
            Set<String> keys = new LinkedHashSet<>();
            tensors.keySet().forEach(k -> keys.add(k.substring(strip.length())));
            return load(net, new TensorSource() {
                @Override
                public Set<String> keys() {
                    return keys;
                }

                @Override
                public long[] shape(String key) {
                    return tensors.get(strip + key).shape();
                }

                @Override
                public float[] read(String key) throws IOException {
                    return reader.readFloats(strip + key);
                }
            }, mode);
        }
    }

    /** The fixtures' formula weights for every official key (WEIGHT_FORMULA.md §1–3). */
    public static Report fromFormula(PoseNet net, WeightFormula.RunningStats runningStats) {
        StateDict sd = net.stateDict();
        Set<String> keys = new LinkedHashSet<>(sd.keys());
        try {
            return load(net, new TensorSource() {
                @Override
                public Set<String> keys() {
                    return keys;
                }

                @Override
                public long[] shape(String key) {
                    return sd.get(key).orElseThrow().officialShape();
                }

                @Override
                public float[] read(String key) {
                    long[] shape = shape(key);
                    return WeightFormula.values(key, shape, WeightFormula.kindOf(key, shape, keys::contains),
                            runningStats);
                }
            }, Mode.STRICT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every matching tensor of {@code source} into {@code net}, after checking keys and shapes. */
    public static Report load(PoseNet net, TensorSource source, Mode mode) throws IOException {
        StateDict sd = net.stateDict();
        List<String> missing = new ArrayList<>();
        List<String> shapeErrors = new ArrayList<>();
        for (StateDict.Entry e : sd.entries()) {
            if (!e.stored()) {
                continue; // num_batches_tracked: accepted from the source, nothing to load
            }
            if (!source.keys().contains(e.key())) {
                missing.add(e.key());
            } else if (!Arrays.equals(source.shape(e.key()), e.officialShape())) {
                shapeErrors.add(e.key() + ": source " + Arrays.toString(source.shape(e.key()))
                        + ", network " + Arrays.toString(e.officialShape()));
            }
        }
        List<String> unused = new ArrayList<>();
        for (String key : source.keys()) {
            if (sd.get(key).isEmpty()) {
                unused.add(key);
            }
        }
        if (!shapeErrors.isEmpty()) {
            throw new IllegalArgumentException("shape mismatch for " + net.architecture().id() + " ("
                    + net.joints() + " joints): " + shapeErrors);
        }
        if (mode == Mode.STRICT && (!missing.isEmpty() || !unused.isEmpty())) {
            throw new IllegalArgumentException("weights do not match " + net.architecture().id()
                    + ": missing " + abbreviate(missing) + ", unexpected " + abbreviate(unused));
        }
        int loaded = 0;
        for (StateDict.Entry e : sd.entries()) {
            if (e.stored() && source.keys().contains(e.key())) {
                e.writeOfficial(source.read(e.key()));
                loaded++;
            }
        }
        return new Report(loaded, List.copyOf(missing), List.copyOf(unused));
    }

    private static String abbreviate(List<String> keys) {
        return keys.size() <= 10 ? keys.toString() : keys.subList(0, 10) + " and " + (keys.size() - 10) + " more";
    }
}
