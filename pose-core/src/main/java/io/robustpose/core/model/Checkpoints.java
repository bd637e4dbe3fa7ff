package io.robustpose.core.model;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This project's network checkpoints.
 *
 * <p>Format: one safetensors file. Tensors are the official PyTorch state_dict entries of the
 * architecture, same keys, same shapes and layouts (deconvolutions as {@code [in, out, 4, 4]}),
 * float32, in state_dict order; {@code num_batches_tracked} is omitted (PyTorch's BatchNorm
 * fills it in on load). So a checkpoint loads straight into the official PyTorch model:
 * {@code model.load_state_dict(safetensors.torch.load_file(path), strict=False)}. The
 * {@code __metadata__} holds {@code format=robustpose-posenet}, {@code format_version=1},
 * {@code architecture} (an {@link Architecture#id()}), {@code joints}, {@code input_height},
 * {@code input_width}, plus any caller entries (epoch, training method, ...). Written to a
 * temporary file and renamed, so a crash never leaves a truncated checkpoint.
 */
public final class Checkpoints {

    public static final String FORMAT = "robustpose-posenet";
    public static final String FORMAT_VERSION = "1";
    /** Metadata key: the channel order the network takes, RGB (absent: RGB) or BGR (official SimpleBaseline). */
    public static final String COLOR = "color";

    private Checkpoints() {
    }

    /** What a checkpoint says about its network. */
    public record Info(Architecture architecture, int joints, int inputHeight, int inputWidth,
            Map<String, String> metadata) {
    }

    public static void save(Path file, PoseNet net, Map<String, String> extraMetadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", FORMAT_VERSION);
        meta.put("architecture", net.architecture().id());
        meta.put("joints", Integer.toString(net.joints()));
        meta.put("input_height", Integer.toString(net.inputHeight()));
        meta.put("input_width", Integer.toString(net.inputWidth()));
        if (net.inputColor().equals("BGR")) {
            meta.put(COLOR, "BGR"); // absent means RGB: checkpoints written before colours existed stay byte-identical
        }
        // sorted: callers pass Map.of/copyOf maps, whose iteration order changes from one JVM run to the next,
        // and the same weights must give the same file (replications compare models by their sha256)
        new java.util.TreeMap<>(extraMetadata).forEach((k, v) -> {
            if (meta.containsKey(k)) {
                throw new IllegalArgumentException("reserved checkpoint metadata key " + k);
            }
            meta.put(k, v);
        });
        List<Safetensors.TensorData> tensors = new ArrayList<>();
        for (StateDict.Entry e : net.stateDict().entries()) {
            if (e.stored()) {
                tensors.add(new Safetensors.TensorData(e.key(), e.officialShape(), e::readOfficial));
            }
        }
        Safetensors.write(file, tensors, meta);
    }

    public static Info readInfo(Path file) throws IOException {
        try (Safetensors.Reader reader = Safetensors.open(file)) {
            Map<String, String> meta = reader.metadata();
            if (!FORMAT.equals(meta.get("format"))) {
                throw new IOException(file + " is not a " + FORMAT + " checkpoint (format " + meta.get("format") + ")");
            }
            if (!FORMAT_VERSION.equals(meta.get("format_version"))) {
                throw new IOException(file + ": unsupported checkpoint version " + meta.get("format_version"));
            }
            Architecture arch = Architecture.byId(meta.getOrDefault("architecture", ""))
                    .orElseThrow(() -> new IOException(file + ": unknown architecture " + meta.get("architecture")));
            return new Info(arch, Integer.parseInt(meta.get("joints")), Integer.parseInt(meta.get("input_height")),
                    Integer.parseInt(meta.get("input_width")), meta);
        }
    }

    /** Builds the checkpoint's network on {@code manager} and loads its weights. */
    public static PoseNet load(Path file, NDManager manager) throws IOException {
        Info info = readInfo(file);
        PoseNet net = PoseNetworks.create(manager, info.architecture(), info.joints(), info.inputHeight(),
                info.inputWidth());
        WeightImporter.fromSafetensors(file, net);
        net.inputColor(info.metadata().getOrDefault(COLOR, "RGB"));
        return net;
    }

    /** Loads a checkpoint into an existing network of the same architecture and joints. */
    public static void loadInto(Path file, PoseNet net) throws IOException {
        Info info = readInfo(file);
        if (info.architecture() != net.architecture() || info.joints() != net.joints()) {
            throw new IllegalArgumentException(file + " holds " + info.architecture().id() + " with "
                    + info.joints() + " joints, not " + net.architecture().id() + " with " + net.joints());
        }
        WeightImporter.fromSafetensors(file, net);
        net.inputColor(info.metadata().getOrDefault(COLOR, "RGB"));
    }
}
