package io.robustpose.core.train.bottomup;

import io.robustpose.core.train.data.BottomUpImage;
import io.robustpose.core.train.data.TrainSample;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * One bottom-up training sample before normalisation, as HigherHRNet's {@code CocoKeypoints.__getitem__}
 * with its training transforms builds it: the image warped to the square input, the ignore mask and the
 * joints mapped to the 1/4 and 1/2 output maps (mask warped bilinearly as uint8 ×255, then {@code > 0.5}),
 * all flipped together when drawn so, then heatmaps at both resolutions and tag indices at 1/4.
 *
 * @param image     the warped image, BGR interleaved {@code input × input × 3}
 * @param heatmaps0 J·res0² heatmaps at 1/4
 * @param targets   the 1/2 heatmaps, both masks and the tag indices
 */
public record BottomUpSample(byte[] image, float[] heatmaps0, TrainSample.BottomUp targets) {

    /**
     * @param decoded   the image as read (BGR), possibly corrupted (transfer methods)
     * @param flipIndex for each joint, the joint it becomes in a flipped image
     */
    public static BottomUpSample prepare(Mat decoded, BottomUpImage annotation, int joints, int[] flipIndex, int input,
            BottomUpAugmentation.Draw draw) {
        int res0 = input / 4;
        int res1 = input / 2;
        byte[] image = warp(decoded, draw.matrix(input), input);
        if (draw.flip()) {
            flipRows(image, input, 3);
        }
        // valid = no ignore region (m < 0.5), as uint8 ×255 for the warp
        byte[] ignore = IgnoreMask.rasterize(annotation.ignored(), decoded.rows(), decoded.cols());
        Mat valid = new Mat(decoded.rows(), decoded.cols(), CvType.CV_8UC1);
        try {
            byte[] v = new byte[ignore.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = ignore[i] == 0 ? (byte) 255 : 0;
            }
            valid.put(0, 0, v);
            float[] mask0 = mask(valid, draw, res0);
            float[] mask1 = mask(valid, draw, res1);
            float[][][] j0 = joints(annotation, joints, draw, res0, flipIndex);
            float[][][] j1 = joints(annotation, joints, draw, res1, flipIndex);
            float[] heat0 = BottomUpTargets.heatmaps(j0, joints, res0, BottomUpTargets.SIGMA);
            float[] heat1 = BottomUpTargets.heatmaps(j1, joints, res1, BottomUpTargets.SIGMA);
            long[][][] tags = BottomUpTargets.tagIndices(j0, joints, res0);
            return new BottomUpSample(image, heat0, new TrainSample.BottomUp(heat1, mask0, mask1, tags));
        } finally {
            valid.release();
        }
    }

    /** The people's joints {@code [p][j] = {x, y, v}} on a {@code res} map: affine, then the flip. */
    static float[][][] joints(BottomUpImage annotation, int joints, BottomUpAugmentation.Draw draw, int res,
            int[] flipIndex) {
        double[] m = draw.matrix(res);
        float[][][] out = new float[annotation.people().size()][joints][3];
        for (int p = 0; p < out.length; p++) {
            float[] kp = annotation.people().get(p);
            for (int j = 0; j < joints; j++) {
                double x = kp[3 * j];
                double y = kp[3 * j + 1];
                // joints[i][:, flip_index] then x = res − x − 1
                int to = draw.flip() ? indexOf(flipIndex, j) : j;
                double tx = m[0] * x + m[1] * y + m[2];
                double ty = m[3] * x + m[4] * y + m[5];
                out[p][to][0] = (float) (draw.flip() ? res - tx - 1 : tx);
                out[p][to][1] = (float) ty;
                out[p][to][2] = kp[3 * j + 2];
            }
        }
        return out;
    }

    private static int indexOf(int[] flipIndex, int joint) {
        // new[j] = old[flip_index[j]]: old joint `joint` lands where flip_index names it
        for (int k = 0; k < flipIndex.length; k++) {
            if (flipIndex[k] == joint) {
                return k;
            }
        }
        return joint;
    }

    private static float[] mask(Mat valid, BottomUpAugmentation.Draw draw, int res) {
        byte[] warped = warp(valid, draw.matrix(res), res);
        if (draw.flip()) {
            flipRows(warped, res, 1);
        }
        float[] out = new float[res * res];
        for (int i = 0; i < out.length; i++) {
            out[i] = (warped[i] & 0xff) / 255.0 > 0.5 ? 1f : 0f;
        }
        return out;
    }

    /** cv2.warpAffine(src, M, (res, res)): bilinear, constant 0 border. */
    private static byte[] warp(Mat src, double[] m, int res) {
        Mat matrix = new Mat(2, 3, CvType.CV_64F);
        Mat out = new Mat();
        try {
            matrix.put(0, 0, m);
            Imgproc.warpAffine(src, out, matrix, new Size(res, res), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT,
                    new Scalar(0, 0, 0));
            byte[] px = new byte[res * res * src.channels()];
            out.get(0, 0, px);
            return px;
        } finally {
            matrix.release();
            out.release();
        }
    }

    /** {@code a[:, ::-1]}: every row reversed, pixels of {@code channels} bytes kept whole. */
    private static void flipRows(byte[] px, int width, int channels) {
        int rowBytes = width * channels;
        for (int row = 0; row < px.length / rowBytes; row++) {
            int base = row * rowBytes;
            for (int a = 0, b = width - 1; a < b; a++, b--) {
                for (int c = 0; c < channels; c++) {
                    byte t = px[base + a * channels + c];
                    px[base + a * channels + c] = px[base + b * channels + c];
                    px[base + b * channels + c] = t;
                }
            }
        }
    }
}
