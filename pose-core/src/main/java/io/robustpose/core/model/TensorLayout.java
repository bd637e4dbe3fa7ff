package io.robustpose.core.model;

/**
 * How a parameter stored in a DJL block relates to the official PyTorch tensor of the same
 * state_dict key. Both sides are flat row-major float arrays.
 */
public interface TensorLayout {

    /** The official shape for a DJL parameter of shape {@code nativeShape}. */
    long[] officialShape(long[] nativeShape);

    /** Converts official values ({@link #officialShape}) to the DJL parameter's layout. */
    float[] toNative(float[] official, long[] nativeShape);

    /** Converts the DJL parameter's values back to the official layout. */
    float[] toOfficial(float[] nativeValues, long[] nativeShape);

    /** Same shape, same order: every tensor except the emulated transposed convolutions. */
    TensorLayout IDENTITY = new TensorLayout() {
        @Override
        public long[] officialShape(long[] nativeShape) {
            return nativeShape.clone();
        }

        @Override
        public float[] toNative(float[] official, long[] nativeShape) {
            return official;
        }

        @Override
        public float[] toOfficial(float[] nativeValues, long[] nativeShape) {
            return nativeValues;
        }

        @Override
        public String toString() {
            return "identity";
        }
    };
}
