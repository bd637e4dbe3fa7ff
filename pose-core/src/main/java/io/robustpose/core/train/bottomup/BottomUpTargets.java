package io.robustpose.core.train.bottomup;

/**
 * The training targets of HigherHRNet at one output resolution (lib/dataset/target_generators): the
 * {@code HeatmapGenerator} Gaussians and the {@code JointsGenerator} tag indices. Joints are
 * {@code [person][joint] = {x, y, v}} in output pixels, after the augmentation's affine.
 */
public final class BottomUpTargets {
    /** DATASET.SIGMA of the COCO configs. */
    public static final double SIGMA = 2;
    /** DATASET.MAX_NUM_PEOPLE of the COCO configs: the tag loss sees at most this many people per image. */
    public static final int MAX_PEOPLE = 30;

    private BottomUpTargets() {
    }

    /**
     * {@code HeatmapGenerator(res, J, sigma)}: per visible joint whose truncated position is inside the
     * map, the unnormalised Gaussian of a {@code 6σ+3} window centred on the window's {@code 3σ+1}
     * (computed in float64, as numpy, then stored as float32) placed at the truncated integer position,
     * combined by maximum. Returns {@code J·res·res}.
     */
    public static float[] heatmaps(float[][][] joints, int joints_, int res, double sigma) {
        float[] hms = new float[joints_ * res * res];
        int size = (int) (6 * sigma + 3);
        double c0 = 3 * sigma + 1;
        double[] g = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                g[y * size + x] = Math.exp(-((x - c0) * (x - c0) + (y - c0) * (y - c0)) / (2 * sigma * sigma));
            }
        }
        for (float[][] person : joints) {
            for (int j = 0; j < joints_; j++) {
                float[] pt = person[j];
                if (!(pt[2] > 0)) {
                    continue;
                }
                int x = (int) pt[0]; // Python's int(): toward zero, so (−1, 0) counts as 0
                int y = (int) pt[1];
                if (x < 0 || y < 0 || x >= res || y >= res) {
                    continue;
                }
                int ulx = (int) Math.rint(x - 3 * sigma - 1);
                int uly = (int) Math.rint(y - 3 * sigma - 1);
                int brx = (int) Math.rint(x + 3 * sigma + 2);
                int bry = (int) Math.rint(y + 3 * sigma + 2);
                int c = Math.max(0, -ulx);
                int a = Math.max(0, -uly);
                int cc = Math.max(0, ulx);
                int dd = Math.min(brx, res);
                int aa = Math.max(0, uly);
                int bb = Math.min(bry, res);
                for (int yy = aa; yy < bb; yy++) {
                    for (int xx = cc; xx < dd; xx++) {
                        float v = (float) g[(a + yy - aa) * size + (c + xx - cc)];
                        int i = (j * res + yy) * res + xx;
                        if (v > hms[i]) {
                            hms[i] = v;
                        }
                    }
                }
            }
        }
        return hms;
    }

    /**
     * {@code JointsGenerator(MAX_NUM_PEOPLE, J, res, TAG_PER_JOINT=True)}: per person (the first
     * {@link #MAX_PEOPLE}; the official code would fail beyond), its visible in-map joints as
     * {@code {j·res² + y·res + x, 1}} packed from the front, the rest {@code {0, 0}}.
     */
    public static long[][][] tagIndices(float[][][] joints, int joints_, int res) {
        int people = Math.min(joints.length, MAX_PEOPLE);
        long[][][] out = new long[people][joints_][2];
        for (int p = 0; p < people; p++) {
            int tot = 0;
            for (int j = 0; j < joints_; j++) {
                float[] pt = joints[p][j];
                int x = (int) pt[0];
                int y = (int) pt[1];
                if (pt[2] > 0 && x >= 0 && y >= 0 && x < res && y < res) {
                    out[p][tot][0] = (long) j * res * res + (long) y * res + x;
                    out[p][tot][1] = 1;
                    tot++;
                }
            }
        }
        return out;
    }
}
