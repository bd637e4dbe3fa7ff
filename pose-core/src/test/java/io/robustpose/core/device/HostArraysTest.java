package io.robustpose.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.robustpose.core.model.PoseNetworks;
import org.junit.jupiter.api.Test;

class HostArraysTest {

    /** The same values as DJL's own conversion, for a contiguous tensor and a transposed view; other types refused. */
    @Test
    void readsWhatToFloatArrayReads() {
        try (NDManager m = PoseNetworks.newManager()) {
            NDArray a = m.randomUniform(-1f, 1f, new Shape(2, 17, 8, 6));
            assertThat(HostArrays.floats(a)).containsExactly(a.toFloatArray());
            NDArray t = a.transpose(0, 2, 1, 3); // a strided view: read in its own row-major order
            assertThat(HostArrays.floats(t)).containsExactly(t.toFloatArray()).isNotEqualTo(a.toFloatArray());
            NDArray d = a.toType(DataType.FLOAT64, false);
            assertThatThrownBy(() -> HostArrays.floats(d)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("float64");
        }
    }
}
