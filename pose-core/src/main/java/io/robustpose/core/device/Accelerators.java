package io.robustpose.core.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaUtils;
import io.robustpose.core.model.PoseNetworks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the native engines can run on, and the devices a {@link DeviceRequest} resolves to. A request
 * for a GPU that cannot be served fails with every reason found (no CUDA build of the native library,
 * no NVIDIA driver, a driver that sees no device for this CUDA runtime, an index out of range) — never
 * a silent fallback to the CPU. Only {@code auto} falls back, by definition.
 */
public final class Accelerators {

    /** The engines that run networks: DJL's PyTorch (our networks, TorchScript) and ONNX Runtime. */
    public enum Runtime { PYTORCH, ONNX_RUNTIME }

    /**
     * What this process sees.
     *
     * @param libtorchCuda  whether the loaded libtorch was built with CUDA
     * @param cudaRuntime   the CUDA runtime version DJL found (null: none)
     * @param nvidiaDriver  whether the NVIDIA kernel driver is loaded ({@code /proc/driver/nvidia/version})
     * @param gpus          CUDA devices the engine can use
     * @param onnxProviders ONNX Runtime's execution providers (CPU, CUDA, …)
     */
    public record Inventory(String djlVersion, String pytorchVersion, String libtorchPath, boolean libtorchCuda,
                            String cudaRuntime, boolean nvidiaDriver, int gpus, List<String> onnxProviders,
                            String cudaVisibleDevices) {
        public Inventory {
            onnxProviders = List.copyOf(onnxProviders);
        }

        boolean onnxCuda() {
            return onnxProviders.stream().anyMatch(p -> p.toUpperCase().contains("CUDA"));
        }
    }

    private Accelerators() {
    }

    /** Loads the engines (once per process) and looks. */
    public static Inventory probe() {
        Engine pytorch = PoseNetworks.engine();
        boolean cudaBuild = pytorch.hasCapability(StandardCapabilities.CUDA);
        String libtorch;
        try {
            libtorch = ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException e) {
            libtorch = "?";
        }
        String cudaRuntime = CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : null;
        int gpus = cudaBuild ? pytorch.getGpuCount() : 0;
        List<String> providers = new ArrayList<>();
        try {
            ai.onnxruntime.OrtEnvironment.getAvailableProviders().forEach(p -> providers.add(p.name()));
        } catch (Throwable e) { // a native library that cannot load is a finding, not a crash
            providers.add("unavailable: " + e);
        }
        return new Inventory(Engine.getDjlVersion(), pytorch.getVersion(), libtorch, cudaBuild, cudaRuntime,
                Files.exists(Path.of("/proc/driver/nvidia/version")), gpus, providers,
                System.getenv("CUDA_VISIBLE_DEVICES"));
    }

    /** The devices {@code request} means for {@code runtime} here. */
    public static List<Device> resolve(DeviceRequest request, Runtime runtime) {
        // the CPU needs no look at the native libraries (and does not load them early)
        return request.kind() == DeviceRequest.Kind.CPU ? List.of(Device.cpu()) : resolve(request, runtime, probe());
    }

    /** The devices {@code request} means for {@code runtime} on a machine with {@code inventory}. */
    public static List<Device> resolve(DeviceRequest request, Runtime runtime, Inventory inventory) {
        List<String> missing = missing(runtime, inventory);
        switch (request.kind()) {
            case CPU:
                return List.of(Device.cpu());
            case AUTO:
                return missing.isEmpty() ? gpus(allIndices(inventory.gpus())) : List.of(Device.cpu());
            default:
                break;
        }
        if (!missing.isEmpty()) {
            throw new DeviceUnavailableException("device " + request + " requested for " + name(runtime)
                    + ", but no GPU is usable: " + String.join("; ", missing));
        }
        List<Integer> ids = request.gpus().isEmpty() ? allIndices(inventory.gpus()) : request.gpus();
        for (int id : ids) {
            if (id >= inventory.gpus()) {
                throw new DeviceUnavailableException("device " + request + ": GPU " + id + " does not exist, "
                        + inventory.gpus() + " visible (indices 0-" + (inventory.gpus() - 1) + ")"
                        + (inventory.cudaVisibleDevices() == null ? "" : ", CUDA_VISIBLE_DEVICES="
                        + inventory.cudaVisibleDevices()));
            }
        }
        return gpus(ids);
    }

    /**
     * One device for work that does not split over several (evaluation: its tasks are sharded over workers
     * instead); {@code auto} and {@code gpu} take the first GPU.
     */
    public static Device single(DeviceRequest request, Runtime runtime, String what) {
        List<Device> devices = resolve(request, runtime);
        if (devices.size() > 1 && request.kind() == DeviceRequest.Kind.GPU && request.gpus().size() > 1) {
            throw new DeviceUnavailableException("device " + request + ": " + what + " runs on one device; "
                    + "give each eval worker one GPU (gpu:N) and run one worker per GPU");
        }
        return devices.get(0);
    }

    /** Why no GPU can be used by {@code runtime} (empty: one can). */
    static List<String> missing(Runtime runtime, Inventory inv) {
        List<String> reasons = new ArrayList<>();
        if (runtime == Runtime.PYTORCH && !inv.libtorchCuda()) {
            reasons.add("the PyTorch engine loaded a CPU build of libtorch (" + inv.libtorchPath() + "); the CUDA "
                    + "images point PYTORCH_FLAVOR/PYTORCH_LIBRARY_PATH at the cu128 libtorch of their base image");
        }
        if (runtime == Runtime.ONNX_RUNTIME && !inv.onnxCuda()) {
            reasons.add("ONNX Runtime has no CUDA execution provider (providers: " + inv.onnxProviders()
                    + "); it comes with com.microsoft.onnxruntime:onnxruntime_gpu (the eval-worker cuda image)");
        }
        if (!inv.nvidiaDriver()) {
            reasons.add("no NVIDIA driver is loaded (/proc/driver/nvidia/version is absent: no GPU on this node, or "
                    + "the pod requests no nvidia.com/gpu)");
        } else if (inv.gpus() == 0) {
            reasons.add("the NVIDIA driver is loaded but no CUDA device is usable"
                    + (inv.cudaRuntime() == null ? " (no CUDA runtime found)" : " with CUDA runtime "
                    + inv.cudaRuntime() + " (a driver older than the runtime?)")
                    + (inv.cudaVisibleDevices() == null ? "" : "; CUDA_VISIBLE_DEVICES=" + inv.cudaVisibleDevices()));
        }
        return reasons;
    }

    /** A readable account for {@code robustpose doctor}: versions, devices, and what each request resolves to. */
    public static Map<String, Object> report(Inventory inv) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("djl", inv.djlVersion());
        r.put("pytorch", inv.pytorchVersion() + (inv.libtorchCuda() ? " (CUDA build)" : " (CPU build)"));
        r.put("libtorch", inv.libtorchPath());
        r.put("cuda runtime", inv.cudaRuntime() == null ? "none found" : inv.cudaRuntime());
        r.put("nvidia driver", inv.nvidiaDriver() ? "loaded" : "not loaded");
        r.put("usable gpus", inv.gpus());
        r.put("onnx runtime providers", inv.onnxProviders());
        r.put("libtorch cpu tensors on huge pages", NativeMemory.describe());
        for (Runtime rt : Runtime.values()) {
            List<String> missing = missing(rt, inv);
            r.put(name(rt) + ": auto", resolve(DeviceRequest.AUTO, rt, inv).toString());
            r.put(name(rt) + ": gpu", missing.isEmpty() ? "usable" : "not usable: " + String.join("; ", missing));
        }
        return r;
    }

    private static String name(Runtime r) {
        return r == Runtime.PYTORCH ? "PyTorch (robustpose networks, TorchScript)" : "ONNX Runtime (ONNX models)";
    }

    private static List<Integer> allIndices(int n) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static List<Device> gpus(List<Integer> ids) {
        return ids.stream().map(Device::gpu).toList();
    }
}
