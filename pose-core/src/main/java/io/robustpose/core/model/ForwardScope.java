package io.robustpose.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Runs a block's forward inside an {@link NDScope}: DJL attaches each intermediate result to its first input's
 * manager, so without the scope a forward would keep every activation alive (gigabytes for a batch-32 ResNet-50 or
 * AdvMix's U-Net) until the caller closes its manager, and a backward pass could not reuse their memory. Closing
 * the Java handle of an intermediate is safe in training too: libtorch's autograd graph holds its own references to
 * the tensors it saved for backward. The outputs survive and are handed to the caller's scope, if any.
 */
public final class ForwardScope {

    private ForwardScope() {
    }

    /** {@code forward}'s outputs; every other array it created is closed. */
    public static NDList run(NDList inputs, Supplier<NDList> forward) {
        NDList outputs;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            outputs = forward.get();
            NDScope.unregister(outputs);
        }
        for (NDArray out : outputs) {
            if (!containsSame(inputs, out)) {
                NDScope.register(out); // the enclosing block's scope, if any, now owns it
            }
        }
        return outputs;
    }

    private static boolean containsSame(NDList list, NDArray array) {
        for (NDArray a : list) {
            if (a == array) {
                return true;
            }
        }
        return false;
    }
}
