package io.robustpose.core.inference;

import org.opencv.core.Mat;

import java.util.List;

/** A stand-in heatmap network: every joint peaks (symmetrically) at the centre cell of its heatmap, i.e. the crop centre. */
public final class CentrePeakModel implements PoseModel {
    private final int inputHeight;
    private final int inputWidth;
    private final int joints;

    public CentrePeakModel(int inputHeight, int inputWidth, int joints) {
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
        this.joints = joints;
    }

    @Override
    public ModelDescriptor descriptor() {
        return ModelDescriptor.heatmapNetwork(inputHeight, inputWidth, joints);
    }

    @Override
    public Output forward(List<Mat> crops) {
        int h = inputHeight / 4;
        int w = inputWidth / 4;
        float[][][][] hm = new float[crops.size()][joints][h][w];
        for (float[][][] person : hm) {
            for (float[][] joint : person) {
                joint[h / 2][w / 2] = 1f;
                joint[h / 2 - 1][w / 2] = joint[h / 2 + 1][w / 2] = joint[h / 2][w / 2 - 1] = joint[h / 2][w / 2 + 1] = 0.5f;
            }
        }
        return new Output(hm, null);
    }

    @Override
    public void close() {
    }
}
