package io.robustpose.core.inference;

import org.opencv.core.Mat;

import java.util.List;

/**
 * A pose network seen by the top-down pipeline: crops in, heatmaps (and offsets) out, both as
 * [N][C][h][w] whatever the model's own layout. Implementations are not thread-safe.
 */
public interface PoseModel extends AutoCloseable {

    /** Heatmaps [N][K][h][w]; offsets [N][2K][h][w] (K y-channels then K x-channels) or null. */
    record Output(float[][][][] heatmaps, float[][][][] offsets) {
    }

    ModelDescriptor descriptor();

    /** {@code crops}: BGR uint8 images of the descriptor's input size, at most maxBatch of them. */
    Output forward(List<Mat> crops);

    @Override
    void close();
}
