package io.robustpose.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device settings: parsing, resolution against what a machine has, and refusals that say what is missing. */
class AcceleratorsTest {

    static Accelerators.Inventory machine(boolean libtorchCuda, boolean driver, int gpus, String... onnxProviders) {
        return new Accelerators.Inventory("0.36.0", "2.7.1", "/cache/pytorch/2.7.1-" + (libtorchCuda ? "cu128" : "cpu"),
                libtorchCuda, libtorchCuda ? "12.8" : null, driver, gpus, List.of(onnxProviders), null);
    }

    static final Accelerators.Inventory CPU_ONLY = machine(false, false, 0, "CPU");
    static final Accelerators.Inventory TWO_GPUS = machine(true, true, 2, "CPU", "CUDA");

    @Test
    void parsesEveryFormAndNamesTheAllowedOnes() {
        assertThat(DeviceRequest.parse(null)).isEqualTo(DeviceRequest.AUTO);
        assertThat(DeviceRequest.parse(" CPU ")).isEqualTo(DeviceRequest.CPU);
        assertThat(DeviceRequest.parse("gpu")).isEqualTo(new DeviceRequest(DeviceRequest.Kind.GPU, List.of()));
        assertThat(DeviceRequest.parse("gpu:1").gpus()).containsExactly(1);
        assertThat(DeviceRequest.parse("gpu:0,1").gpus()).containsExactly(0, 1);
        assertThat(DeviceRequest.parse("cuda:3").toString()).isEqualTo("gpu:3");
        for (String bad : List.of("tpu", "gpu:", "gpu:-1", "gpu:a", "gpu:0,,1", "gpu:99999999999")) {
            assertThatThrownBy(() -> DeviceRequest.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> DeviceRequest.parse("gpu:1,1")).hasMessageContaining("twice");
        assertThatThrownBy(() -> DeviceRequest.parse("npu")).hasMessageContaining(DeviceRequest.FORMS);
    }

    @Test
    void autoUsesEveryGpuWhereTheEngineCanAndTheCpuElsewhere() {
        assertThat(Accelerators.resolve(DeviceRequest.AUTO, Accelerators.Runtime.PYTORCH, CPU_ONLY))
                .containsExactly(Device.cpu());
        assertThat(Accelerators.resolve(DeviceRequest.AUTO, Accelerators.Runtime.PYTORCH, TWO_GPUS))
                .containsExactly(Device.gpu(0), Device.gpu(1));
        assertThat(Accelerators.resolve(DeviceRequest.parse("gpu:1"), Accelerators.Runtime.ONNX_RUNTIME, TWO_GPUS))
                .containsExactly(Device.gpu(1));
        assertThat(Accelerators.resolve(DeviceRequest.CPU, Accelerators.Runtime.PYTORCH, TWO_GPUS))
                .containsExactly(Device.cpu());
        // GPUs present, but ONNX Runtime without its CUDA provider: auto stays on the CPU for ONNX models
        Accelerators.Inventory noOrtCuda = machine(true, true, 1, "CPU");
        assertThat(Accelerators.resolve(DeviceRequest.AUTO, Accelerators.Runtime.ONNX_RUNTIME, noOrtCuda))
                .containsExactly(Device.cpu());
    }

    @Test
    void aGpuThatCannotBeUsedIsRefusedWithEveryReasonNeverSilentlyTheCpu() {
        assertThatThrownBy(() -> Accelerators.resolve(DeviceRequest.parse("gpu"), Accelerators.Runtime.PYTORCH, CPU_ONLY))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("CPU build of libtorch")
                .hasMessageContaining("no NVIDIA driver");
        assertThatThrownBy(() -> Accelerators.resolve(DeviceRequest.parse("gpu"), Accelerators.Runtime.ONNX_RUNTIME,
                machine(true, true, 1, "CPU")))
                .hasMessageContaining("no CUDA execution provider").hasMessageContaining("onnxruntime_gpu");
        // a CUDA build and a driver that sees no device for the runtime (driver older than the runtime)
        assertThatThrownBy(() -> Accelerators.resolve(DeviceRequest.parse("gpu:0"), Accelerators.Runtime.PYTORCH,
                machine(true, true, 0, "CPU")))
                .hasMessageContaining("no CUDA device is usable").hasMessageContaining("12.8");
        assertThatThrownBy(() -> Accelerators.resolve(DeviceRequest.parse("gpu:2"), Accelerators.Runtime.PYTORCH, TWO_GPUS))
                .hasMessageContaining("GPU 2 does not exist").hasMessageContaining("2 visible");
    }

    @Test
    void thisMachineAnswersAndRefusesAGpuAtOnce() {
        Accelerators.Inventory here = Accelerators.probe();
        assertThat(Accelerators.report(here)).containsKeys("pytorch", "usable gpus", "onnx runtime providers");
        if (here.gpus() == 0) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Accelerators.single(DeviceRequest.parse("gpu"), Accelerators.Runtime.PYTORCH,
                    "training")).isInstanceOf(DeviceUnavailableException.class).hasMessageContaining("no GPU is usable");
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
            assertThat(Accelerators.single(DeviceRequest.AUTO, Accelerators.Runtime.PYTORCH, "training"))
                    .isEqualTo(Device.cpu());
        }
    }
}
