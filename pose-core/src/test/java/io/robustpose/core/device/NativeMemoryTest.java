package io.robustpose.core.device;

import io.robustpose.core.model.PoseNetworks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NativeMemoryTest {

    /** Loading the networks' engine asks libtorch's allocator for huge pages unless the environment already decided. */
    @Test
    void theEngineIsLoadedWithHugePagesRequested() {
        PoseNetworks.engine();
        String preset = System.getenv(NativeMemory.THP_ENV);
        if (preset == null) {
            assertThat(NativeMemory.hugePages()).isTrue();
            assertThat(NativeMemory.currentValue(NativeMemory.THP_ENV)).isEqualTo("1");
        } else {
            assertThat(NativeMemory.currentValue(NativeMemory.THP_ENV)).isEqualTo(preset);
            assertThat(NativeMemory.hugePages()).isEqualTo(!preset.trim().equals("0") && !preset.isBlank());
        }
        assertThat(NativeMemory.describe()).contains(NativeMemory.THP_ENV + "=").contains("kernel THP mode: ");
    }
}
