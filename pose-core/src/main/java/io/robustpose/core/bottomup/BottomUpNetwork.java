package io.robustpose.core.bottomup;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.model.PoseNet;

/**
 * What the bottom-up test needs of a network, whatever runs it: HigherHRNet's two outputs for one image — at 1/4 of
 * the input the K heatmaps followed by the K tag maps, at 1/2 the K heatmaps ({@code pose_higher_hrnet.py}'s
 * {@code final_outputs}).
 */
public interface BottomUpNetwork extends AutoCloseable {
    /** K, the number of joints. */
    int joints();

    /** The short side the network is fed (512 for the w32_512 configurations, 640 for w48_640). */
    int inputSize();

    /** "RGB" or "BGR": the channel order the network was trained on (HigherHRNet: RGB). */
    String inputColor();

    /**
     * Both outputs, flattened row-major: {@code [0]} is {@code [2K, h/4, w/4]}, {@code [1]} is {@code [K, h/2, w/2]}.
     *
     * @param input one image, {@code [3, height, width]} ImageNet-normalised, in {@link #inputColor()} order
     */
    float[][] outputs(float[] input, int height, int width);

    @Override
    default void close() {
    }

    /** A network of this project (HigherHRNet-W32/W48), initialised on {@code manager}, run in inference mode. */
    static BottomUpNetwork of(PoseNet net, NDManager manager) {
        return new NativeBottomUpNetwork(net, manager, false);
    }
}
