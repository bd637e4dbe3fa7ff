package io.robustpose.core.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Network outputs copied to Java arrays once. DJL's {@code toFloatArray} copies a tensor into a {@code byte[]} and
 * that into a {@code float[]}: two fresh Java arrays per call, and at batch 32 a pose network's heatmaps are 6.7 MB,
 * which the JVM allocates outside its young generation (humongous objects), so every batch touched fresh heap pages
 * (README, Benchmarks: page faults per batch). Here the tensor's memory is read through a direct view straight into
 * the result. Since the networks run channels-last ({@code core.model.MemoryFormat}) their outputs are not contiguous
 * NCHW, so libtorch first makes a contiguous copy (native memory, not the Java heap) and the view reads that.
 */
public final class HostArrays {

    private HostArrays() {
    }

    /**
     * The values of {@code array} in row-major order. A float32 tensor is read through {@code toByteBuffer(true)}: a
     * view of a contiguous CPU tensor's own memory (a device or non-contiguous tensor is first copied into a host
     * tensor that lives in the array's manager); other types are refused, as by DJL's {@code toFloatArray}.
     */
    public static float[] floats(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            return array.toFloatArray(); // throws: "DataType mismatch"
        }
        ByteBuffer view = array.toByteBuffer(true).order(ByteOrder.nativeOrder());
        float[] out = new float[view.remaining() / Float.BYTES];
        view.asFloatBuffer().get(out);
        return out;
    }
}
