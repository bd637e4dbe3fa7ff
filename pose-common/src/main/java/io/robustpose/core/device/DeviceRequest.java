package io.robustpose.core.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a user asks the networks to run: {@code auto} (every visible GPU if the engine can use one,
 * else the CPU), {@code cpu}, {@code gpu} (every visible GPU), {@code gpu:N} or {@code gpu:0,1,…}. The
 * same words for {@code ROBUSTPOSE_DEVICE}, {@code --device} and a model's {@code device} in a spec.
 *
 * @param gpus the requested GPU indices; empty for {@code gpu} (all visible), {@code auto} and {@code cpu}
 */
public record DeviceRequest(Kind kind, List<Integer> gpus) {
    public static final String FORMS = "auto, cpu, gpu, gpu:N, gpu:N,M,...";

    public enum Kind { AUTO, CPU, GPU }

    public static final DeviceRequest AUTO = new DeviceRequest(Kind.AUTO, List.of());
    public static final DeviceRequest CPU = new DeviceRequest(Kind.CPU, List.of());

    public DeviceRequest {
        gpus = List.copyOf(gpus);
        if (kind != Kind.GPU && !gpus.isEmpty()) {
            throw new IllegalArgumentException("GPU indices only with kind GPU");
        }
    }

    /** Parses one of {@link #FORMS}; null or blank means {@code auto}. */
    public static DeviceRequest parse(String text) {
        if (text == null || text.isBlank()) {
            return AUTO;
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "gpu":
            case "cuda":
                return new DeviceRequest(Kind.GPU, List.of());
            default:
                break;
        }
        String prefix = s.startsWith("gpu:") ? "gpu:" : s.startsWith("cuda:") ? "cuda:" : null;
        if (prefix == null) {
            throw new IllegalArgumentException("device '" + text + "' is not one of " + FORMS);
        }
        List<Integer> ids = new ArrayList<>();
        for (String part : s.substring(prefix.length()).split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("device '" + text + "': '" + part + "' is not a GPU index (" + FORMS + ")");
            }
            int id = Integer.parseInt(p);
            if (ids.contains(id)) {
                throw new IllegalArgumentException("device '" + text + "' names GPU " + id + " twice");
            }
            ids.add(id);
        }
        return new DeviceRequest(Kind.GPU, ids);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> gpus.isEmpty() ? "gpu" : "gpu:" + String.join(",", gpus.stream().map(String::valueOf).toList());
        };
    }
}
