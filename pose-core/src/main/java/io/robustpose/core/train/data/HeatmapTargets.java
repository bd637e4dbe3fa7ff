package io.robustpose.core.train.data;

/**
 * HRNet's {@code generate_target} (gaussian): a Gaussian with peak 1 and σ in heatmap pixels,
 * centred on the joint rounded to the heatmap grid ({@code int(x / stride + 0.5)}), drawn inside a
 * (6σ+1)² window; target weight = visibility, set to 0 when the window lies entirely outside the
 * heatmap.
 */
public final class HeatmapTargets {

    private HeatmapTargets() {
    }

    /**
     * Fills {@code target} ({@code J × hmH × hmW}, zeroed by the caller) and {@code weight} (J) from
     * joints in input pixels.
     */
    public static void generate(float[] joints, float[] visibility, int inputW, int inputH, int hmW, int hmH,
            double sigma, float[] target, int targetOffset, float[] weight, int weightOffset) {
        int j = visibility.length;
        double strideX = inputW / (double) hmW;
        double strideY = inputH / (double) hmH;
        double tmpSize = sigma * 3;
        int size = (int) (2 * tmpSize + 1);
        int center = size / 2;
        double twoSigma2 = 2 * sigma * sigma;
        float[] g = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                g[y * size + x] = (float) Math.exp(-((x - center) * (x - center) + (y - center) * (y - center))
                        / twoSigma2);
            }
        }
        int plane = hmW * hmH;
        for (int k = 0; k < j; k++) {
            float w = visibility[k];
            // Python int(): truncation toward zero, as Java's cast
            int muX = (int) (joints[2 * k] / strideX + 0.5);
            int muY = (int) (joints[2 * k + 1] / strideY + 0.5);
            int ulX = (int) (muX - tmpSize);
            int ulY = (int) (muY - tmpSize);
            int brX = (int) (muX + tmpSize + 1);
            int brY = (int) (muY + tmpSize + 1);
            if (ulX >= hmW || ulY >= hmH || brX < 0 || brY < 0) {
                weight[weightOffset + k] = 0;
                continue;
            }
            weight[weightOffset + k] = w;
            if (w > 0.5) {
                int x0 = Math.max(0, ulX);
                int x1 = Math.min(brX, hmW);
                int y0 = Math.max(0, ulY);
                int y1 = Math.min(brY, hmH);
                int base = targetOffset + k * plane;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        target[base + y * hmW + x] = g[(y - ulY) * size + (x - ulX)];
                    }
                }
            }
        }
    }
}
