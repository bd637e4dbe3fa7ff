package io.robustpose.workflow.handlers;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where a worker's networks run, as meters: {@code robustpose_worker_device_info{device}} (1 for the device
 * its tasks use) and, on a GPU, {@code robustpose_device_memory_used_bytes{device}} as the CUDA runtime
 * reports it (the engine's allocations and everything else on that GPU). The dashboard sets these beside
 * the NVIDIA DCGM exporter's series when that exporter runs on the GPU nodes.
 */
public final class DeviceMeters {
    private DeviceMeters() {
    }

    public static void register(MeterRegistry registry, Device device) {
        String name = device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
        Gauge.builder("robustpose.worker.device.info", () -> 1).tag("device", name)
                .description("the device this worker's networks run on").register(registry);
        if (device.isGpu()) {
            Gauge.builder("robustpose.device.memory.used", device, DeviceMeters::usedBytes).tag("device", name)
                    .baseUnit("bytes").description("GPU memory in use (CUDA runtime)").register(registry);
        }
    }

    private static double usedBytes(Device device) {
        try {
            return CudaUtils.getGpuMemory(device).getUsed();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
